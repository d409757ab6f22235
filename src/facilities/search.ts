// Facility lists: one page of a filtered, ordered list, and how many rows the filter matches.
//
// Both take a batch of requests, because the GraphQL layer calls them through DataLoaders: the
// `facilities` field of every ward on a page arrives here together. Requests that differ only in
// their geographic scope (same filter, order and window; different wards) are answered by one
// statement that ranks rows per scope with a window function, so nesting does not multiply
// queries. Rows come back whole (every Facility column), ready to be primed into the per-request
// facility loader, so a page costs one statement and no follow-up lookup. Every statement also
// carries the caller's visibility (county scope, confidential locations; see visibility.ts).
import type { Facility, PrismaClient } from '../generated/prisma/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { GeoLevel } from '../generated/prisma/enums.js';
import type { Sql } from '../db/database.js';
import type { FacilityFilter, FacilityQuery, GeoScope, PageWindow } from './query.js';
import { childColumns, NO_CHILDREN, splitChildren, type ChildColumnsOfRow, type ChildRows, type FacilityChildren } from './children.js';
import type { AreaCounts } from './area-counts.js';
import { visibilityConditions, type FacilityVisibility } from './visibility.js';
import {
  distanceKm,
  facilityColumns,
  filterConditions,
  keysetCondition,
  orderByClause,
  rawRows,
  scopeColumn,
  scopeCondition,
  sortKey,
  whereClause,
} from './sql.js';

export interface FacilityPageRequest {
  scope?: GeoScope;
  query: FacilityQuery;
  window: PageWindow;
}

export interface FacilityHit {
  facility: Facility;
  /** Distance from `filter.near`, when the request had one. */
  distanceKm: number | null;
  /** Services and contacts, when the page was asked to bring them (children.ts). */
  children: ChildRows;
}

export interface FacilityPage {
  /** In the requested order, whichever direction the window was read in. */
  hits: FacilityHit[];
  /** More rows lie beyond the window in the direction it was read. */
  hasMore: boolean;
}

export interface FacilityCountRequest {
  scope?: GeoScope;
  filter: FacilityFilter;
}

type PageRow = Facility & ChildColumnsOfRow & { distanceKm: number | null; scopeCode: string | null };
type CountRow = { scopeCode: string | null; count: number };

/** A canonical JSON text: equal requests give equal keys whatever order their fields were set in. */
export function canonicalKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Requests that can share a statement: everything equal but the scope's code. */
function groupByShape<R extends { scope?: GeoScope }>(requests: readonly R[], shape: (r: R) => unknown) {
  const groups = new Map<string, { level?: GeoLevel; members: { index: number; request: R }[] }>();
  requests.forEach((request, index) => {
    const key = canonicalKey([request.scope?.level ?? null, shape(request)]);
    const group = groups.get(key) ?? { level: request.scope?.level, members: [] };
    group.members.push({ index, request });
    groups.set(key, group);
  });
  return [...groups.values()];
}

export async function findFacilityPages(
  sql: Sql,
  requests: readonly FacilityPageRequest[],
  visibility: FacilityVisibility,
  children: FacilityChildren = NO_CHILDREN,
): Promise<FacilityPage[]> {
  const results: FacilityPage[] = new Array(requests.length);
  const groups = groupByShape(requests, (r) => [r.query, r.window]);
  await Promise.all(
    groups.map(async ({ level, members }) => {
      const { query, window } = members[0].request;
      const codes = members.map((m) => m.request.scope?.code ?? '');
      const { rows } = await rawRows<PageRow>(sql, pageStatement(query, window, level, codes, visibility, children));
      for (const { index, request } of members) {
        const own = level ? rows.filter((row) => row.scopeCode === request.scope?.code) : rows;
        results[index] = toPage(own, window);
      }
    }),
  );
  return results;
}

function pageStatement(
  query: FacilityQuery,
  window: PageWindow,
  level: GeoLevel | undefined,
  codes: string[],
  visibility: FacilityVisibility,
  children: FacilityChildren,
) {
  const { filter, order } = query;
  const key = sortKey(order, filter.near);
  const ascending = order.direction === 'ASC';
  const conditions = [...filterConditions(filter), ...visibilityConditions(visibility, filter, level)];
  if (window.after) conditions.push(keysetCondition(key, window.after, ascending ? '>' : '<'));
  if (window.before) conditions.push(keysetCondition(key, window.before, ascending ? '<' : '>'));
  // Reading backwards (`last`) walks the order in reverse; the page is flipped back afterwards.
  const orderBy = orderByClause(key, ascending === window.backward);
  const distance = filter.near ? distanceKm(filter.near) : Prisma.sql`NULL::float8`;
  // One more row than asked for tells whether there is a next page.
  const limit = window.size + 1;
  if (!level) {
    return Prisma.sql`SELECT ${facilityColumns()}, ${distance} AS "distanceKm", NULL::text AS "scopeCode" ${childColumns(children)}
      FROM "Facility" f ${whereClause(conditions)} ORDER BY ${orderBy} LIMIT ${limit}`;
  }
  conditions.push(scopeCondition(level, codes));
  // Children are read for the rows kept, outside the ranking.
  return Prisma.sql`SELECT ${facilityColumns('ranked')}, ranked."distanceKm", ranked."scopeCode" ${childColumns(children, 'ranked')} FROM (
      SELECT f.*, ${distance} AS "distanceKm", ${scopeColumn(level)}::text AS "scopeCode",
        row_number() OVER (PARTITION BY ${scopeColumn(level)} ORDER BY ${orderBy}) AS "position"
      FROM "Facility" f ${whereClause(conditions)}
    ) ranked WHERE ranked."position" <= ${limit} ORDER BY ranked."scopeCode", ranked."position"`;
}

function toPage(rows: PageRow[], window: PageWindow): FacilityPage {
  const hasMore = rows.length > window.size;
  const taken = rows.slice(0, window.size);
  if (window.backward) taken.reverse();
  return {
    hasMore,
    hits: taken.map(({ distanceKm, scopeCode: _scope, ...row }) => {
      const { own, children } = splitChildren(row);
      return { facility: own, distanceKm, children };
    }),
  };
}

/** An unfiltered count of one area: what the county tree asks for, area by area. */
function isAreaCount(request: FacilityCountRequest): request is FacilityCountRequest & { scope: GeoScope } {
  return request.scope !== undefined && Object.keys(request.filter).length === 0;
}

/** The loader key of a count request; area counts, the common case, skip the canonical JSON. */
export function countKey(request: FacilityCountRequest): string {
  return isAreaCount(request) ? `${request.scope.level}:${request.scope.code}` : canonicalKey(request);
}

/**
 * How many areas' counts in one batch make a pass over every visible facility cheaper than
 * counting those areas alone. A county tree asks for 47 counties first, then 290
 * constituencies, then 1,448 wards; one pass answers all three levels.
 */
export const AREA_PASS_MIN_AREAS = 20;

export async function countFacilities(
  prisma: PrismaClient,
  requests: readonly FacilityCountRequest[],
  visibility: FacilityVisibility,
  areas?: AreaCounts,
): Promise<number[]> {
  const results: number[] = new Array(requests.length).fill(0);
  const areaRequests = requests.flatMap((request, index) => (isAreaCount(request) ? [{ request, index }] : []));
  const passed = areas && (areas.free || areaRequests.length >= AREA_PASS_MIN_AREAS) ? await areas.get() : undefined;
  if (passed) for (const { request, index } of areaRequests) results[index] = passed.get(countKey(request)) ?? 0;
  const rest = requests.flatMap((request, index) => (passed && isAreaCount(request) ? [] : [{ request, index }]));
  const counted = await countEach(prisma, rest.map(({ request }) => request), visibility);
  rest.forEach(({ index }, i) => (results[index] = counted[i]));
  return results;
}

/** Counts by statement: one per group of requests that differ only in their area's code. */
async function countEach(
  prisma: PrismaClient,
  requests: readonly FacilityCountRequest[],
  visibility: FacilityVisibility,
): Promise<number[]> {
  const results: number[] = new Array(requests.length).fill(0);
  const groups = groupByShape(requests, (r) => r.filter);
  await Promise.all(
    groups.map(async ({ level, members }) => {
      const { filter } = members[0].request;
      const conditions = [...filterConditions(filter), ...visibilityConditions(visibility, filter, level)];
      let statement: Prisma.Sql;
      if (level) {
        conditions.push(scopeCondition(level, members.map((m) => m.request.scope?.code ?? '')));
        statement = Prisma.sql`SELECT ${scopeColumn(level)}::text AS "scopeCode", count(*)::int AS "count"
          FROM "Facility" f ${whereClause(conditions)} GROUP BY 1`;
      } else {
        statement = Prisma.sql`SELECT NULL::text AS "scopeCode", count(*)::int AS "count"
          FROM "Facility" f ${whereClause(conditions)}`;
      }
      const rows = await prisma.$queryRaw<CountRow[]>(statement);
      const byScope = new Map(rows.map((row) => [row.scopeCode, row.count]));
      for (const { index, request } of members) results[index] = byScope.get(request.scope?.code ?? null) ?? 0;
    }),
  );
  return results;
}
