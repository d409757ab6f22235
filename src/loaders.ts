// Per-request DataLoaders: every lookup a resolver makes by key goes through one of these, so a
// page of 100 facilities asking for its wards, services and contacts costs one statement per
// kind of lookup, not one per facility. They are created per request (see context.ts): the
// cache is only as old as the request, and nothing one caller loaded is served to another.
// Facility loaders read through the caller's visibility: a facility outside its county scope is
// not found, by id, by code or in a list, exactly as if it did not exist.
import DataLoader from 'dataloader';
import {
  countFacilities,
  findFacilityPages,
  canonicalKey,
  type FacilityCountRequest,
  type FacilityPage,
  type FacilityPageRequest,
} from './facilities/search.js';
import { scopeWhere, type FacilityVisibility } from './facilities/visibility.js';
import type { PrismaClient } from './generated/prisma/client.js';

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

/** Fetched rows also fill a by-key loader, so walking down and back up the tree is free. */
function priming<K, V>(fetch: (keys: K[]) => Promise<V[]>, loader: DataLoader<K, V | null>, keyOf: (row: V) => K) {
  return async (keys: K[]) => {
    const rows = await fetch(keys);
    for (const row of rows) loader.prime(keyOf(row), row);
    return rows;
  };
}

export function createLoaders(prisma: PrismaClient, visibility: FacilityVisibility) {
  const inScope = scopeWhere(visibility);
  const facility = byKey(
    (ids: string[]) => prisma.facility.findMany({ where: { id: { in: ids }, ...inScope } }),
    (row) => row.id,
  );
  const constituency = byKey(
    (codes: string[]) => prisma.constituency.findMany({ where: { code: { in: codes } } }),
    (row) => row.code,
  );
  const ward = byKey(
    (codes: string[]) => prisma.ward.findMany({ where: { code: { in: codes } } }),
    (row) => row.code,
  );
  return {
    facility,
    facilityByCode: byKey(
      (codes: string[]) => prisma.facility.findMany({ where: { code: { in: codes }, ...inScope } }),
      (row) => row.code,
    ),
    /** Pages of facility lists; rows found are primed into `facility` for later lookups by id. */
    facilityPage: new DataLoader<FacilityPageRequest, FacilityPage, string>(
      async (requests) => {
        const pages = await findFacilityPages(prisma, requests, visibility);
        for (const page of pages) for (const hit of page.hits) facility.prime(hit.facility.id, hit.facility);
        return pages;
      },
      { cacheKeyFn: canonicalKey },
    ),
    facilityCount: new DataLoader<FacilityCountRequest, number, string>(
      (requests) => countFacilities(prisma, requests, visibility),
      { cacheKeyFn: canonicalKey },
    ),
    county: byKey(
      (codes: string[]) => prisma.county.findMany({ where: { code: { in: codes } } }),
      (row) => row.code,
    ),
    constituency,
    ward,
    constituenciesOfCounty: groupedBy(
      priming(
        (codes: string[]) =>
          prisma.constituency.findMany({ where: { countyCode: { in: codes } }, orderBy: { code: 'asc' } }),
        constituency,
        (row) => row.code,
      ),
      (row) => row.countyCode,
    ),
    wardsOfConstituency: groupedBy(
      priming(
        (codes: string[]) =>
          prisma.ward.findMany({ where: { constituencyCode: { in: codes } }, orderBy: { code: 'asc' } }),
        ward,
        (row) => row.code,
      ),
      (row) => row.constituencyCode,
    ),
    servicesOfFacility: groupedBy(
      (ids: string[]) =>
        prisma.facilityService.findMany({ where: { facilityId: { in: ids } }, orderBy: { serviceKey: 'asc' } }),
      (row) => row.facilityId,
    ),
    serviceCategory: byKey(
      (keys: string[]) => prisma.serviceCategory.findMany({ where: { key: { in: keys } } }),
      (row) => row.key,
    ),
    contactsOfFacility: groupedBy(
      (ids: string[]) =>
        prisma.contact.findMany({
          where: { facilityId: { in: ids } },
          orderBy: [{ isPrimary: 'desc' }, { type: 'asc' }, { value: 'asc' }],
        }),
      (row) => row.facilityId,
    ),
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
