// How many facilities each county, constituency and ward holds: what the county tree shows.
//
// One pass groups the visible facilities by (county, constituency, ward) (~1,800 rows) and sums
// them up per level here; measured cheaper for PostgreSQL than GROUPING SETS (32 vs 47 ms at
// 100k). Still, that pass is most of a tree's cost, and partners ask for the tree all day while
// facilities change a few times a day. So a process keeps the rows (AreaCountCache) until the
// database says facilities changed (db/change-feed.ts), and every caller's counts are derived
// from the same rows: its county scope and confidential locations are applied here, in memory.
import type { PrismaClient } from '../generated/prisma/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { ChangeWatch } from '../db/change-feed.js';
import { newLookupCounts } from '../lookup-counts.js';
import { filterConditions, whereClause } from './sql.js';
import type { FacilityVisibility } from './visibility.js';

/** Active facilities of one (county, constituency, ward), and those of them whose location is public. */
export interface AreaRow {
  county: string;
  constituency: string | null;
  ward: string | null;
  all: number;
  placeable: number;
}

/** The area rows of every county, or of one. */
export async function readAreaRows(prisma: PrismaClient, countyCode?: string): Promise<readonly AreaRow[]> {
  const conditions = filterConditions(countyCode === undefined ? {} : { countyCode });
  return prisma.$queryRaw<AreaRow[]>(Prisma.sql`
    SELECT f."countyCode" AS "county", f."constituencyCode" AS "constituency", f."wardCode" AS "ward",
           count(*)::int AS "all", (count(*) FILTER (WHERE NOT f."confidentialLocation"))::int AS "placeable"
      FROM "Facility" f ${whereClause(conditions)}
     GROUP BY 1, 2, 3`);
}

/**
 * The area rows of the whole registry, shared by every request of a process while the change
 * feed vouches for them. A read started before a commit can finish after it: the read belongs to
 * the generation it started in, and that commit's notification retires it.
 */
export class AreaCountCache {
  private entry: { generation: number; rows: Promise<readonly AreaRow[]> } | undefined;
  readonly lookups = newLookupCounts();

  constructor(
    private readonly feed: ChangeWatch,
    private readonly read: () => Promise<readonly AreaRow[]>,
  ) {}

  /** Whether rows are held (or being read) for the current generation: counting is then free. */
  get holdsCurrent(): boolean {
    return this.feed.live && this.entry?.generation === this.feed.generation;
  }

  rows(): Promise<readonly AreaRow[]> {
    if (!this.feed.live) {
      this.entry = undefined;
      this.lookups.uncached += 1;
      return this.read();
    }
    const { generation } = this.feed;
    if (this.entry?.generation === generation) {
      this.lookups.hit += 1;
      return this.entry.rows;
    }
    this.lookups.miss += 1;
    const entry = { generation, rows: this.read() };
    this.entry = entry;
    // A failed read must not be served to the next caller.
    entry.rows.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return entry.rows;
  }
}

/** The cache a process serves area counts from, kept by its change feed. */
export function areaCountCache(prisma: PrismaClient, feed: ChangeWatch): AreaCountCache {
  return new AreaCountCache(feed, () => readAreaRows(prisma));
}

/**
 * The unfiltered counts of every area a caller can see, by `countKey` (`COUNTY:047`), computed
 * at most once per request, from the process's cache when there is one.
 */
export class AreaCounts {
  private counts: Promise<ReadonlyMap<string, number>> | undefined;

  /** The counts once known, for answers that need no promise. */
  ready: ReadonlyMap<string, number> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly visibility: FacilityVisibility,
    private readonly cache?: AreaCountCache,
  ) {}

  /** Whether counting every area costs nothing more now: done, under way, or held by the cache. */
  get free(): boolean {
    return this.counts !== undefined || (this.cache?.holdsCurrent ?? false);
  }

  get(): Promise<ReadonlyMap<string, number>> {
    this.counts ??= this.countAll().then((counts) => (this.ready = counts));
    return this.counts;
  }

  private async countAll(): Promise<ReadonlyMap<string, number>> {
    // Without a cache, a county-scoped caller's pass reads its own county only.
    const rows = this.cache ? await this.cache.rows() : await readAreaRows(this.prisma, this.visibility.countyCode);
    return countsFor(rows, this.visibility);
  }
}

const derived = new WeakMap<readonly AreaRow[], Map<string, Map<string, number>>>();

/**
 * Counts per area for one caller. A facility known only by its county is in no constituency or
 * ward. Ward counts leave out confidential facilities for callers who may not locate them, as a
 * ward-scoped list does (visibility.ts). The same rows give the same answer to the same kind of
 * caller, so that answer is kept with the rows; the maps are read-only to everyone.
 */
export function countsFor(rows: readonly AreaRow[], visibility: FacilityVisibility): ReadonlyMap<string, number> {
  const kind = `${visibility.countyCode ?? '*'}:${visibility.hideConfidentialLocations}`;
  let byKind = derived.get(rows);
  const known = byKind?.get(kind);
  if (known) return known;
  const counts = new Map<string, number>();
  const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const row of rows) {
    if (visibility.countyCode !== undefined && row.county !== visibility.countyCode) continue;
    add(`COUNTY:${row.county}`, row.all);
    if (row.constituency !== null) add(`CONSTITUENCY:${row.constituency}`, row.all);
    if (row.ward !== null) add(`WARD:${row.ward}`, visibility.hideConfidentialLocations ? row.placeable : row.all);
  }
  if (!byKind) derived.set(rows, (byKind = new Map()));
  byKind.set(kind, counts);
  return counts;
}
