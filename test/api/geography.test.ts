// The administrative hierarchy and the facilities in each unit, and the service taxonomy.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertFacilities, PLACES } from '../support/facilities.js';
import {
  ConstituencyByCodeDocument,
  CountiesDocument,
  CountyFacilitiesDocument,
  CountyTreeDocument,
  ServiceCategoriesDocument,
  WardByCodeDocument,
} from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  await insertFacilities(api.db, [
    { name: 'Kilimani Clinic', place: PLACES.kilimani, latitude: -1.29, longitude: 36.78 },
    { name: 'Kilimani Police Station', type: 'POLICE_STATION', place: PLACES.kilimani },
    { name: 'Kawangware Shelter', type: 'SHELTER', place: PLACES.kawangware, services: ['shelter'] },
    { name: 'Riruta Dispensary', place: PLACES.riruta, latitude: -1.27, longitude: 36.72 },
    { name: 'Riruta Old Clinic', place: PLACES.riruta, isActive: false },
    { name: 'Kondele Dispensary', place: PLACES.kondele },
    // Known only by county: counted in the county, in no constituency or ward.
    { name: 'Nairobi Hotline', type: 'SUPPORT_ORGANISATION', countyCode: '047' },
  ]);
});

afterAll(async () => {
  await api.close();
});

describe('counties', () => {
  test('lists all 47 by code, each with its number of active facilities', async () => {
    const { counties } = await api.data(CountiesDocument);
    expect(counties).toHaveLength(47);
    expect(counties![0]).toEqual({ code: '001', name: 'Mombasa', facilityCount: 0 });
    expect(counties!.find((county) => county.code === '047')).toEqual({ code: '047', name: 'Nairobi', facilityCount: 5 });
    expect(counties!.find((county) => county.code === '042')).toMatchObject({ name: 'Kisumu', facilityCount: 1 });
  });
});

describe('county(code)', () => {
  test('walks down to constituencies and wards, each knowing its parents and its facilities', async () => {
    const { county } = await api.data(CountyTreeDocument, { code: '047', first: 5 });
    expect(county).toMatchObject({ code: '047', name: 'Nairobi', facilityCount: 5 });
    expect(county?.constituencies).toHaveLength(17);
    const dagorettiNorth = county?.constituencies.find((unit) => unit.code === '275');
    expect(dagorettiNorth).toMatchObject({ name: 'Dagoretti North', county: { code: '047' }, facilityCount: 3 });
    const kilimani = dagorettiNorth?.wards.find((ward) => ward.code === PLACES.kilimani.wardCode);
    expect(kilimani).toEqual({
      code: '1371',
      name: 'Kilimani',
      constituency: { code: '275' },
      county: { code: '047' },
      facilityCount: 2,
      facilities: {
        totalCount: 2,
        edges: [
          { node: { code: expect.any(String), ward: { code: '1371' } } },
          { node: { code: expect.any(String), ward: { code: '1371' } } },
        ],
      },
    });
    const riruta = county?.constituencies.find((unit) => unit.code === '276')?.wards.find((ward) => ward.code === '1378');
    expect(riruta).toMatchObject({ facilityCount: 1, facilities: { totalCount: 1 } });
  });

  test('its facilities take the same filters, ordering and pages as the top-level list', async () => {
    const filtered = await api.data(CountyFacilitiesDocument, { code: '047', filter: { types: ['POLICE_STATION', 'SHELTER'] } });
    expect(filtered.county?.facilities?.totalCount).toBe(2);

    const near = await api.data(CountyFacilitiesDocument, {
      code: '047',
      filter: { near: { latitude: -1.29, longitude: 36.78, radiusKm: 20 } },
    });
    expect(near.county?.facilities?.edges.map((edge) => edge.node.distanceKm)).toEqual([0, expect.closeTo(7.2, 0)]);

    const first = await api.data(CountyFacilitiesDocument, { code: '047', first: 3, orderBy: { field: 'NAME', direction: 'DESC' } });
    const rest = await api.data(CountyFacilitiesDocument, {
      code: '047',
      first: 3,
      after: first.county?.facilities?.pageInfo.endCursor,
      orderBy: { field: 'NAME', direction: 'DESC' },
    });
    expect(first.county?.facilities?.pageInfo.hasNextPage).toBe(true);
    expect(rest.county?.facilities?.pageInfo.hasNextPage).toBe(false);
    expect([...(first.county?.facilities?.edges ?? []), ...(rest.county?.facilities?.edges ?? [])]).toHaveLength(5);

    const withInactive = await api.data(CountyFacilitiesDocument, { code: '047', filter: { includeInactive: true } });
    expect(withInactive.county?.facilities?.totalCount).toBe(6);
  });

  test('an unknown code is a NOT_FOUND error', async () => {
    const [error] = await api.errors(CountyTreeDocument, { code: '999' });
    expect(error).toMatchObject({ message: 'No county "999"', extensions: { code: 'NOT_FOUND' } });
  });
});

describe('constituency(code) and ward(code)', () => {
  test('a constituency knows its county, its wards and its facilities', async () => {
    const { constituency } = await api.data(ConstituencyByCodeDocument, { code: '276' });
    expect(constituency).toEqual({
      code: '276',
      name: 'Dagoretti South',
      county: { code: '047', name: 'Nairobi' },
      wards: [{ code: '1376' }, { code: '1377' }, { code: '1378' }, { code: '1379' }, { code: '1380' }],
      facilityCount: 1,
      facilities: { edges: [{ node: { code: expect.any(String) } }] },
    });
  });

  test('a ward knows its constituency, its county and its facilities', async () => {
    const { ward } = await api.data(WardByCodeDocument, { code: PLACES.kondele.wardCode });
    expect(ward).toMatchObject({
      code: '1200',
      name: 'Kondele',
      constituency: { code: '240', name: 'Kisumu Central' },
      county: { code: '042', name: 'Kisumu' },
      facilityCount: 1,
      facilities: { totalCount: 1 },
    });
  });

  test('unknown codes are NOT_FOUND errors', async () => {
    expect((await api.errors(ConstituencyByCodeDocument, { code: '999' }))[0].extensions?.code).toBe('NOT_FOUND');
    expect((await api.errors(WardByCodeDocument, { code: '9999' }))[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('serviceCategories', () => {
  test('lists the taxonomy by key, with labels, descriptions and synonyms', async () => {
    const { serviceCategories } = await api.data(ServiceCategoriesDocument);
    expect(serviceCategories!.map((service) => service.key)).toEqual([...serviceCategories!.map((s) => s.key)].sort());
    expect(serviceCategories!.find((service) => service.key === 'pep')).toEqual({
      key: 'pep',
      label: 'Post-exposure prophylaxis (PEP)',
      description: 'HIV post-exposure prophylaxis within 72 hours.',
      synonyms: expect.arrayContaining(['PEP', 'HIV PEP']),
    });
  });
});
