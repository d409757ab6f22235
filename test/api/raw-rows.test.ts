// Pages and lookups by code read their rows with plain SQL (facilities/sql.ts `rawRows`), not
// through Prisma: the rows must be exactly the ones Prisma reads, timestamps included, whatever
// time zone the process runs in.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findFacilitiesByCode } from '../../src/facilities/by-code.js';
import { findFacilityPages } from '../../src/facilities/search.js';
import type { Facility } from '../../src/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { insertFacility, PLACES } from '../support/facilities.js';

let db: TestDatabase;
let facilities: Facility[];
const everything = { hideConfidentialLocations: false };
const zone = process.env.TZ;

beforeAll(async () => {
  db = await createTestDatabase();
  facilities = [
    await insertFacility(db, { code: 'GVRC-RAW001', name: 'Raw Row Clinic', place: PLACES.kilimani, latitude: -1.29, longitude: 36.78, qualityScore: 0.75 }),
    await insertFacility(db, { code: 'GVRC-RAW002', name: 'Raw Row Desk', place: PLACES.kilimani }),
  ];
  // Milliseconds past the second, late in the UTC day: a zone applied twice, or not at all, shows.
  await db.prisma.facility.update({ where: { id: facilities[0].id }, data: { mergedAt: new Date('2026-03-01T23:59:58.123Z'), overrides: { name: 'Raw Row Clinic' } } });
  facilities[0] = await db.prisma.facility.findUniqueOrThrow({ where: { id: facilities[0].id } });
  // Nairobi is UTC+3: a timestamp read as local wall time would move by three hours.
  process.env.TZ = 'Africa/Nairobi';
});

afterAll(async () => {
  process.env.TZ = zone;
  await db?.close();
});

describe('rows read without Prisma', () => {
  test('by code: every column as Prisma reads it', async () => {
    const found = await findFacilitiesByCode(db.sql, ['GVRC-RAW001', 'GVRC-RAW002'], everything, { services: false, contacts: false });
    const byCode = new Map(found.map(({ facility }) => [facility.code, facility]));
    expect(byCode.get('GVRC-RAW001')).toEqual(facilities[0]);
    expect(byCode.get('GVRC-RAW002')).toEqual(facilities[1]);
    expect(byCode.get('GVRC-RAW001')?.mergedAt?.toISOString()).toBe('2026-03-01T23:59:58.123Z');
  });

  test('in a page: every column as Prisma reads it', async () => {
    const [page] = await findFacilityPages(
      db.sql,
      [{ query: { filter: { includeInactive: true, countyCode: PLACES.kilimani.countyCode }, order: { field: 'NAME', direction: 'ASC' } }, window: { size: 10, backward: false } }],
      everything,
    );
    const ours = page.hits.map((hit) => hit.facility).filter((f) => f.code.startsWith('GVRC-RAW'));
    expect(ours).toEqual(facilities);
  });
});
