// facilities(filter, orderBy): what each filter keeps, how lists are ordered, and what
// totalCount counts. Pagination has its own file.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertFacilities, insertFacility, PLACES } from '../support/facilities.js';
import { FacilityListDocument, type FacilityListQueryVariables } from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

let api: TestApi;

// Kenyatta National Hospital is the reference point for `near`.
const KNH = { latitude: -1.301, longitude: 36.8073 };

beforeAll(async () => {
  api = await startApi();
  const [knh] = await insertFacilities(api.db, [
    {
      name: 'Kenyatta National Hospital',
      place: PLACES.kilimani,
      ...KNH,
      services: ['post_rape_care', 'pep', 'psychosocial_support'],
      updatedAt: new Date('2025-03-01T00:00:00Z'),
    },
    {
      name: 'Kilimani Police Station',
      type: 'POLICE_STATION',
      place: PLACES.kilimani,
      latitude: -1.2921,
      longitude: 36.7856, // about 2.6 km from KNH
      services: ['police_reporting', 'gender_desk'],
      updatedAt: new Date('2025-01-15T00:00:00Z'),
    },
    {
      name: 'Kawangware Health Centre',
      place: PLACES.kawangware,
      status: 'NON_OPERATIONAL',
      latitude: -1.2833,
      longitude: 36.75, // about 6.7 km from KNH
      services: ['pep'],
      updatedAt: new Date('2025-02-01T00:00:00Z'),
    },
    {
      name: 'Riruta Dispensary',
      place: PLACES.riruta,
      services: ['post_rape_care', 'pep'],
      updatedAt: new Date('2025-04-01T00:00:00Z'),
    },
    {
      name: 'Maison Sécurité Shelter',
      type: 'SHELTER',
      place: PLACES.kondele,
      latitude: -0.0917,
      longitude: 34.768, // Kisumu, far beyond any radius used here
      services: ['shelter'],
      updatedAt: new Date('2025-05-01T00:00:00Z'),
    },
    {
      name: 'Kondele Dispensary',
      place: PLACES.kondele,
      services: ['medical_care'],
      updatedAt: new Date('2025-06-01T00:00:00Z'),
    },
    {
      name: 'Changamwe Closed Clinic',
      place: PLACES.portReitz,
      status: 'CLOSED',
      isActive: false,
      updatedAt: new Date('2025-07-01T00:00:00Z'),
    },
  ]);
  // A duplicate of KNH that a merge folded into it: hidden from lists unless asked for.
  await insertFacility(api.db, {
    name: 'Kenyatta Natl Hosp',
    place: PLACES.kilimani,
    ...KNH,
    mergedIntoId: knh.id,
    mergedAt: new Date('2025-03-02T00:00:00Z'),
    updatedAt: new Date('2025-03-02T00:00:00Z'),
  });
});

afterAll(async () => {
  await api.close();
});

async function list(variables: FacilityListQueryVariables) {
  const data = await api.data(FacilityListDocument, { first: 50, ...variables });
  if (!data.facilities) throw new Error('no facilities connection');
  return data.facilities;
}

async function names(variables: FacilityListQueryVariables): Promise<string[]> {
  return (await list(variables)).edges.map((edge) => edge.node.name);
}

async function errorCode(variables: FacilityListQueryVariables) {
  const [error] = await api.errors(FacilityListDocument, { first: 50, ...variables });
  return { code: error.extensions?.code, message: error.message };
}

describe('without a filter', () => {
  test('lists active facilities by name; inactive and merged-away ones are hidden', async () => {
    const connection = await list({});
    expect(connection.edges.map((edge) => edge.node.name)).toEqual([
      'Kawangware Health Centre',
      'Kenyatta National Hospital',
      'Kilimani Police Station',
      'Kondele Dispensary',
      'Maison Sécurité Shelter',
      'Riruta Dispensary',
    ]);
    expect(connection.totalCount).toBe(6);
    expect(connection.edges.every((edge) => edge.node.distanceKm === null)).toBe(true);
  });

  test('includeInactive adds inactive facilities and those merged into another', async () => {
    const connection = await list({ filter: { includeInactive: true } });
    expect(connection.totalCount).toBe(8);
    expect(connection.edges.map((edge) => edge.node.name)).toEqual(
      expect.arrayContaining(['Changamwe Closed Clinic', 'Kenyatta Natl Hosp']),
    );
  });
});

describe('geography', () => {
  test('countyCode keeps the facilities of that county', async () => {
    expect(await names({ filter: { countyCode: '042' } })).toEqual(['Kondele Dispensary', 'Maison Sécurité Shelter']);
  });

  test('constituencyCode keeps the facilities of that constituency', async () => {
    expect(await names({ filter: { constituencyCode: PLACES.riruta.constituencyCode } })).toEqual(['Riruta Dispensary']);
  });

  test('wardCode keeps the facilities of that ward', async () => {
    expect(await names({ filter: { wardCode: PLACES.kilimani.wardCode } })).toEqual([
      'Kenyatta National Hospital',
      'Kilimani Police Station',
    ]);
  });

  test('an unknown code matches nothing', async () => {
    expect(await list({ filter: { countyCode: '999' } })).toMatchObject({ totalCount: 0, edges: [] });
  });
});

describe('what a facility is and offers', () => {
  test('types keeps facilities of any of the given types', async () => {
    expect(await names({ filter: { types: ['POLICE_STATION', 'SHELTER'] } })).toEqual([
      'Kilimani Police Station',
      'Maison Sécurité Shelter',
    ]);
  });

  test('an empty types list does not restrict', async () => {
    expect((await list({ filter: { types: [] } })).totalCount).toBe(6);
  });

  test('services keeps facilities that offer every one of the services', async () => {
    expect(await names({ filter: { services: ['pep'] } })).toEqual([
      'Kawangware Health Centre',
      'Kenyatta National Hospital',
      'Riruta Dispensary',
    ]);
    expect(await names({ filter: { services: ['pep', 'post_rape_care'] } })).toEqual([
      'Kenyatta National Hospital',
      'Riruta Dispensary',
    ]);
    expect(await names({ filter: { services: ['pep', 'post_rape_care', 'psychosocial_support'] } })).toEqual([
      'Kenyatta National Hospital',
    ]);
  });

  test('an unknown service key is a BAD_USER_INPUT error naming it', async () => {
    expect(await errorCode({ filter: { services: ['pep', 'teleportation'] } })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Unknown service keys: teleportation',
    });
  });

  test('status keeps facilities in that status', async () => {
    expect(await names({ filter: { status: 'NON_OPERATIONAL' } })).toEqual(['Kawangware Health Centre']);
  });

  test('filters combine: all of them must hold', async () => {
    expect(await names({ filter: { countyCode: '047', services: ['pep'], status: 'OPERATIONAL' } })).toEqual([
      'Kenyatta National Hospital',
      'Riruta Dispensary',
    ]);
  });
});

describe('search', () => {
  test('matches words of the name in any case', async () => {
    expect(await names({ filter: { search: 'KENYATTA' } })).toEqual(['Kenyatta National Hospital']);
    expect(await names({ filter: { search: 'dispensary' } })).toEqual(['Kondele Dispensary', 'Riruta Dispensary']);
  });

  test('ignores accents on either side', async () => {
    expect(await names({ filter: { search: 'securite' } })).toEqual(['Maison Sécurité Shelter']);
    expect(await names({ filter: { search: 'Kondélé' } })).toEqual(['Kondele Dispensary']);
  });

  test('understands the abbreviations partners write', async () => {
    expect(await names({ filter: { search: 'Kenyatta Nat. Hosp' } })).toEqual(['Kenyatta National Hospital']);
    expect(await names({ filter: { search: 'Kawangware H/C' } })).toEqual(['Kawangware Health Centre']);
    expect(await names({ filter: { search: 'Riruta Disp.' } })).toEqual(['Riruta Dispensary']);
    expect(await names({ filter: { search: 'kilimani police stn' } })).toEqual(['Kilimani Police Station']);
  });

  test('every word must match', async () => {
    expect(await names({ filter: { search: 'Kenyatta Dispensary' } })).toEqual([]);
  });

  test('finds merged-away names only with includeInactive', async () => {
    expect(await names({ filter: { search: 'natl' } })).toEqual([]);
    expect(await names({ filter: { search: 'natl', includeInactive: true } })).toEqual(['Kenyatta Natl Hosp']);
  });
});

describe('near', () => {
  test('keeps facilities within the radius, nearest first, with their distance', async () => {
    const connection = await list({ filter: { near: { ...KNH, radiusKm: 10 } } });
    expect(connection.edges.map((edge) => [edge.node.name, edge.node.distanceKm])).toEqual([
      ['Kenyatta National Hospital', 0],
      ['Kilimani Police Station', expect.closeTo(2.59, 1)],
      ['Kawangware Health Centre', expect.closeTo(6.67, 1)],
    ]);
    expect(connection.totalCount).toBe(3);
  });

  test('a smaller radius keeps fewer; facilities without coordinates are never near', async () => {
    expect(await names({ filter: { near: { ...KNH, radiusKm: 3 } } })).toEqual([
      'Kenyatta National Hospital',
      'Kilimani Police Station',
    ]);
  });

  test('combines with the other filters', async () => {
    expect(await names({ filter: { near: { ...KNH, radiusKm: 10 }, types: ['POLICE_STATION'] } })).toEqual([
      'Kilimani Police Station',
    ]);
  });

  test('can be ordered by name instead', async () => {
    expect(
      await names({ filter: { near: { ...KNH, radiusKm: 10 } }, orderBy: { field: 'NAME', direction: 'DESC' } }),
    ).toEqual(['Kilimani Police Station', 'Kenyatta National Hospital', 'Kawangware Health Centre']);
  });

  test('farthest first with DISTANCE DESC', async () => {
    expect(
      await names({ filter: { near: { ...KNH, radiusKm: 10 } }, orderBy: { field: 'DISTANCE', direction: 'DESC' } }),
    ).toEqual(['Kawangware Health Centre', 'Kilimani Police Station', 'Kenyatta National Hospital']);
  });

  test('an out-of-range point or radius is a BAD_USER_INPUT error', async () => {
    expect(await errorCode({ filter: { near: { latitude: 91, longitude: 36, radiusKm: 5 } } })).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await errorCode({ filter: { near: { ...KNH, radiusKm: 0 } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await errorCode({ filter: { near: { ...KNH, radiusKm: 5000 } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  test('ordering by DISTANCE without near is a BAD_USER_INPUT error', async () => {
    expect(await errorCode({ orderBy: { field: 'DISTANCE' } })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'ordering by DISTANCE needs filter.near',
    });
  });
});

describe('incremental sync', () => {
  test('updatedSince keeps facilities changed at or after the instant, oldest change first', async () => {
    const connection = await list({
      filter: { updatedSince: '2025-04-01T00:00:00Z' },
      orderBy: { field: 'UPDATED_AT' },
    });
    expect(connection.edges.map((edge) => [edge.node.name, edge.node.updatedAt])).toEqual([
      ['Riruta Dispensary', '2025-04-01T00:00:00.000Z'],
      ['Maison Sécurité Shelter', '2025-05-01T00:00:00.000Z'],
      ['Kondele Dispensary', '2025-06-01T00:00:00.000Z'],
    ]);
  });

  test('a partner syncing also sees what was deactivated or merged since', async () => {
    expect(
      await names({
        filter: { updatedSince: '2025-03-01T00:00:00Z', includeInactive: true },
        orderBy: { field: 'UPDATED_AT', direction: 'DESC' },
      }),
    ).toEqual([
      'Changamwe Closed Clinic',
      'Kondele Dispensary',
      'Maison Sécurité Shelter',
      'Riruta Dispensary',
      'Kenyatta Natl Hosp',
      'Kenyatta National Hospital',
    ]);
  });

  test('a malformed instant is a BAD_USER_INPUT error', async () => {
    expect(await errorCode({ filter: { updatedSince: 'last tuesday' } })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('orderBy', () => {
  test('NAME DESC reverses the default order', async () => {
    expect(await names({ orderBy: { field: 'NAME', direction: 'DESC' } })).toEqual([
      'Riruta Dispensary',
      'Maison Sécurité Shelter',
      'Kondele Dispensary',
      'Kilimani Police Station',
      'Kenyatta National Hospital',
      'Kawangware Health Centre',
    ]);
  });

  test('UPDATED_AT orders by last change', async () => {
    expect(await names({ orderBy: { field: 'UPDATED_AT' } })).toEqual([
      'Kilimani Police Station',
      'Kawangware Health Centre',
      'Kenyatta National Hospital',
      'Riruta Dispensary',
      'Maison Sécurité Shelter',
      'Kondele Dispensary',
    ]);
  });
});
