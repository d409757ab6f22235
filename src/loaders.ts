// Per-request loaders: every lookup a resolver makes by key goes through one of these, so a
// page of 100 facilities asking for its wards, services and contacts costs one statement per
// kind of lookup, not one per facility. They are created per request (see context.ts): the
// cache is only as old as the request, and nothing one caller loaded is served to another.
// Three things cost no statement of their own: the reference data (counties … wards, services),
// served from memory (reference-data.ts); area counts once a tree has counted every area, or
// while the process keeps them (facilities/area-counts.ts); and the services and contacts of facilities read by a page or by code when the request shows them
// (facilities/children.ts).
// Facility loaders read through the caller's visibility: a facility outside its county scope is
// not found, by id, by code or in a list, exactly as if it did not exist.
import DataLoader from 'dataloader';
import { AreaCounts } from './facilities/area-counts.js';
import {
  countFacilities,
  countKey,
  findFacilityPages,
  canonicalKey,
  type FacilityCountRequest,
  type FacilityPage,
  type FacilityPageRequest,
} from './facilities/search.js';
import type { GeoScope } from './facilities/query.js';
import { scopeWhere, type FacilityVisibility } from './facilities/visibility.js';
import type { Facility, PrismaClient } from './generated/prisma/client.js';
import { findFacilitiesByCode } from './facilities/by-code.js';
import type { Database } from './db/database.js';
import { NO_CHILDREN, type ChildRows, type FacilityChildren } from './facilities/children.js';
import { loadedReferenceData, referenceData, type ReferenceData } from './reference-data.js';
import type { SharedReads } from './shared-reads.js';

/** One row per key, or null when there is none. */
function byKey<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = new Map((await fetch([...keys])).map((row) => [keyOf(row), row]));
    return keys.map((key) => rows.get(key) ?? null);
  });
}

/** All rows per key, in the order the fetch returned them. */
function groupedBy<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const row of await fetch([...keys])) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * A lookup in the process's reference data (reference-data.ts), shaped like a DataLoader so that
 * resolvers do not care where a row comes from. Nothing to batch: no statement is sent, and once
 * the data has been read the answer is immediate rather than a promise.
 */
function fromReference<V>(prisma: PrismaClient, pick: (data: ReferenceData) => ReadonlyMap<string, V>, missing: V) {
  return {
    load: (key: string): V | Promise<V> => {
      const data = loadedReferenceData(prisma);
      if (data) return pick(data).get(key) ?? missing;
      return referenceData(prisma).then((read) => pick(read).get(key) ?? missing);
    },
    loadMany: async (keys: readonly string[]): Promise<V[]> => {
      const rows = pick(await referenceData(prisma));
      return keys.map((key) => rows.get(key) ?? missing);
    },
  };
}

export function createLoaders(db: Pick<Database, 'prisma' | 'sql'>, visibility: FacilityVisibility, shared: SharedReads = {}) {
  const { prisma, sql } = db;
  const inScope = scopeWhere(visibility);
  const facility = byKey(
    (ids: string[]) => prisma.facility.findMany({ where: { id: { in: ids }, ...inScope } }),
    (row) => row.id,
  );
  const reference = () => referenceData(prisma);
  const areaCounts = new AreaCounts(prisma, visibility, shared.areaCounts);
  const children: FacilityChildren = { ...NO_CHILDREN };
  const servicesOfFacility = groupedBy(
    (ids: string[]) =>
      prisma.facilityService.findMany({
        where: { facilityId: { in: ids } },
        orderBy: { serviceKey: 'asc' },
        select: { facilityId: true, serviceKey: true },
      }),
    (row) => row.facilityId,
  );
  const contactsOfFacility = groupedBy(
    (ids: string[]) =>
      prisma.contact.findMany({
        where: { facilityId: { in: ids } },
        orderBy: [{ isPrimary: 'desc' }, { type: 'asc' }, { value: 'asc' }],
      }),
    (row) => row.facilityId,
  );
  /** A facility read by a statement of our own, with whatever children it brought. */
  const primeFacility = (row: Facility, read: ChildRows) => {
    facility.prime(row.id, row);
    if (read.services) servicesOfFacility.prime(row.id, read.services.map((serviceKey) => ({ facilityId: row.id, serviceKey })));
    if (read.contacts) contactsOfFacility.prime(row.id, read.contacts);
  };
  const facilityCount = new DataLoader<FacilityCountRequest, number, string>(
    (requests) => countFacilities(prisma, requests, visibility, areaCounts),
    { cacheKeyFn: countKey },
  );
  return {
    facility,
    facilityByCode: byKey(
      async (codes: string[]) => {
        const found = await findFacilitiesByCode(sql, codes, visibility, { ...children });
        for (const { facility: row, children: read } of found) primeFacility(row, read);
        return found.map(({ facility: row }) => row);
      },
      (row) => row.code,
    ),
    /** Pages of facility lists; rows found are primed into `facility` for later lookups by id. */
    facilityPage: new DataLoader<FacilityPageRequest, FacilityPage, string>(
      async (requests) => {
        const pages = await findFacilityPages(sql, requests, visibility, { ...children });
        for (const page of pages) for (const hit of page.hits) primeFacility(hit.facility, hit.children);
        return pages;
      },
      { cacheKeyFn: canonicalKey },
    ),
    facilityCount,
    /** Counts every area in one pass now (a tree is about to ask), so that areaCount answers at once. */
    countAllAreas: async (): Promise<void> => {
      await areaCounts.get();
    },
    /** Active facilities in one area, without a filter: at hand once a county tree has counted every area. */
    areaCount: (scope: GeoScope): number | Promise<number> =>
      areaCounts.ready ? (areaCounts.ready.get(countKey({ scope, filter: {} })) ?? 0) : facilityCount.load({ scope, filter: {} }),
    county: fromReference(prisma, (data) => data.county, null),
    constituency: fromReference(prisma, (data) => data.constituency, null),
    ward: fromReference(prisma, (data) => data.ward, null),
    constituenciesOfCounty: fromReference(prisma, (data) => data.constituenciesOfCounty, []),
    wardsOfConstituency: fromReference(prisma, (data) => data.wardsOfConstituency, []),
    serviceCategory: fromReference(prisma, (data) => data.serviceCategory, null),
    /** Every county, by code. */
    counties: async () => (await reference()).counties,
    /** The whole taxonomy, by key. */
    serviceCategories: async () => (await reference()).serviceCategories,
    servicesOfFacility,
    contactsOfFacility,
    /**
     * Called by a resolver that knows its facilities' services or contacts will be shown: the
     * statements reading facilities in this request then bring them along (children.ts).
     */
    wantChildren(wanted: Partial<FacilityChildren>): void {
      children.services ||= wanted.services ?? false;
      children.contacts ||= wanted.contacts ?? false;
    },
    /** Named people of each facility, still encrypted: who may read them, and how, is the API's call. */
    contactPersonsOfFacility: groupedBy(
      (ids: string[]) =>
        prisma.contactPerson.findMany({
          where: { facilityId: { in: ids } },
          orderBy: [{ role: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        }),
      (row) => row.facilityId,
    ),
    sourcesOfFacility: groupedBy(
      (ids: string[]) =>
        prisma.sourceRecord.findMany({
          where: { facilityId: { in: ids } },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        }),
      (row) => row.facilityId ?? '',
    ),
    /**
     * Whether the record at (file, pointer) is known to belong to a facility whose location is
     * not confidential. False when unknown (rejected records, dry runs): an issue's message is
     * shown in full only when it is certain not to quote a withheld location.
     */
    recordIsLocatable: new DataLoader<{ importSourceId: string; pointer: string }, boolean, string>(
      async (keys) => {
        const rows = await prisma.sourceRecord.findMany({
          where: { OR: keys.map(({ importSourceId, pointer }) => ({ importSourceId, pointer })) },
          select: { importSourceId: true, pointer: true, facility: { select: { confidentialLocation: true } } },
        });
        const locatable = new Set(
          rows.filter((row) => row.facility && !row.facility.confidentialLocation).map((row) => `${row.importSourceId} ${row.pointer}`),
        );
        return keys.map((key) => locatable.has(`${key.importSourceId} ${key.pointer}`));
      },
      { cacheKeyFn: (key) => `${key.importSourceId} ${key.pointer}` },
    ),
    importRun: byKey(
      (ids: string[]) => prisma.importRun.findMany({ where: { id: { in: ids } } }),
      (row) => row.id,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
