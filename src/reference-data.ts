// Counties, constituencies, wards and the service taxonomy, held in memory once per process.
//
// They change only when seedReferenceData runs, which happens before a process serves (start-up,
// `npm run db:seed`, test set-up). Reading them from the database on every request cost a facility
// page half of its statements (ward, constituency, county and service category lookups) and
// measured +39% page throughput once served from here (bench/RESULTS.md). The rows are shared by
// every request, so they are frozen: a resolver that tried to annotate one would fail loudly
// instead of leaking its note into another caller's answer.
import type { Constituency, County, PrismaClient, ServiceCategory, Ward } from './generated/prisma/client.js';

export interface ReferenceData {
  /** By code. */
  counties: readonly County[];
  /** By key. */
  serviceCategories: readonly ServiceCategory[];
  county: ReadonlyMap<string, County>;
  constituency: ReadonlyMap<string, Constituency>;
  ward: ReadonlyMap<string, Ward>;
  serviceCategory: ReadonlyMap<string, ServiceCategory>;
  /** By code within each. */
  constituenciesOfCounty: ReadonlyMap<string, readonly Constituency[]>;
  wardsOfConstituency: ReadonlyMap<string, readonly Ward[]>;
}

type ReferenceClient = Pick<PrismaClient, 'county' | 'constituency' | 'ward' | 'serviceCategory'>;

const loading = new WeakMap<ReferenceClient, Promise<ReferenceData>>();
const loaded = new WeakMap<ReferenceClient, ReferenceData>();

/** The reference data behind this client, read on first use and kept while the client lives. */
export function referenceData(prisma: ReferenceClient): Promise<ReferenceData> {
  let data = loading.get(prisma);
  if (!data) {
    data = read(prisma).then((read) => {
      loaded.set(prisma, read);
      return read;
    });
    loading.set(prisma, data);
    // A failed read (database not ready yet) must not be remembered.
    data.catch(() => loading.delete(prisma));
  }
  return data;
}

/**
 * The reference data if it has been read already. Resolvers answer from it synchronously: a
 * county tree resolves thousands of fields, and a promise for each costs more than the lookup.
 */
export function loadedReferenceData(prisma: ReferenceClient): ReferenceData | undefined {
  return loaded.get(prisma);
}

async function read(prisma: ReferenceClient): Promise<ReferenceData> {
  const [counties, constituencies, wards, serviceCategories] = await Promise.all([
    prisma.county.findMany({ orderBy: { code: 'asc' } }),
    prisma.constituency.findMany({ orderBy: { code: 'asc' } }),
    prisma.ward.findMany({ orderBy: { code: 'asc' } }),
    prisma.serviceCategory.findMany({ orderBy: { key: 'asc' } }),
  ]);
  for (const row of [...counties, ...constituencies, ...wards, ...serviceCategories]) Object.freeze(row);
  return {
    counties,
    serviceCategories,
    county: new Map(counties.map((row) => [row.code, row])),
    constituency: new Map(constituencies.map((row) => [row.code, row])),
    ward: new Map(wards.map((row) => [row.code, row])),
    serviceCategory: new Map(serviceCategories.map((row) => [row.key, row])),
    constituenciesOfCounty: groupBy(constituencies, (row) => row.countyCode),
    wardsOfConstituency: groupBy(wards, (row) => row.constituencyCode),
  };
}

function groupBy<V>(rows: V[], keyOf: (row: V) => string): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}
