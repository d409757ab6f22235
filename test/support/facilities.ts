// Facility rows for API tests, written straight through Prisma: each test file seeds exactly
// the facilities its assertions are about. Names get their searchName from the ingest's own
// normaliser, so search behaves as it does on imported data.
import type { Database } from '../../src/db/database.js';
import type { Facility, Prisma } from '../../src/generated/prisma/client.js';
import type { ContactType } from '../../src/generated/prisma/enums.js';
import { searchName } from '../../src/ingest/normalise/name.js';

/** Wards of the seeded gazetteer used across the API tests (code → constituency → county). */
export const PLACES = {
  kilimani: { wardCode: '1371', constituencyCode: '275', countyCode: '047' }, // Dagoretti North, Nairobi
  kawangware: { wardCode: '1372', constituencyCode: '275', countyCode: '047' },
  riruta: { wardCode: '1378', constituencyCode: '276', countyCode: '047' }, // Dagoretti South, Nairobi
  kondele: { wardCode: '1200', constituencyCode: '240', countyCode: '042' }, // Kisumu Central, Kisumu
  portReitz: { wardCode: '0001', constituencyCode: '001', countyCode: '001' }, // Changamwe, Mombasa
} as const;

export type Place = (typeof PLACES)[keyof typeof PLACES];

export type FacilityFixture = Partial<
  Omit<Prisma.FacilityUncheckedCreateInput, 'services' | 'contacts' | 'searchName' | 'countyCode'>
> & {
  name: string;
  place?: Place;
  countyCode?: string;
  services?: string[];
  contacts?: { type: ContactType; value: string; isPrimary?: boolean }[];
};

let sequence = 0;

export async function insertFacility(db: Database, fixture: FacilityFixture): Promise<Facility> {
  const { place, services = [], contacts = [], ...fields } = fixture;
  sequence += 1;
  return db.prisma.facility.create({
    data: {
      code: `GVRC-T${String(sequence).padStart(5, '0')}`,
      type: 'HEALTH_FACILITY',
      status: 'OPERATIONAL',
      countyCode: place?.countyCode ?? '047',
      constituencyCode: place?.constituencyCode ?? null,
      wardCode: place?.wardCode ?? null,
      ...fields,
      searchName: searchName(fixture.name),
      services: { create: services.map((serviceKey) => ({ serviceKey })) },
      contacts: { create: contacts.map((contact) => ({ isPrimary: false, ...contact })) },
    },
  });
}

/** Inserted one after another, so createdAt follows the list order. */
export async function insertFacilities(db: Database, fixtures: FacilityFixture[]): Promise<Facility[]> {
  const rows: Facility[] = [];
  for (const fixture of fixtures) rows.push(await insertFacility(db, fixture));
  return rows;
}
