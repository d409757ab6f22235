// One facility: by id, by its public code (following merges), and as a Relay node — with every
// field partners read, and the errors for ids and codes that name nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Facility } from '../../src/generated/prisma/client.js';
import { insertFacility, PLACES } from '../support/facilities.js';
import { FacilityByCodeDocument, FacilityByIdDocument, NodeByIdDocument } from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

let api: TestApi;
let knh: Facility;
let bare: Facility;
let importRunId: string;

const globalId = (id: string) => Buffer.from(`Facility:${id}`).toString('base64');

beforeAll(async () => {
  api = await startApi();
  knh = await insertFacility(api.db, {
    code: 'GVRC-KNH001',
    name: 'Kenyatta National Hospital',
    subtype: 'National Referral Hospital',
    place: PLACES.kilimani,
    latitude: -1.301,
    longitude: 36.8073,
    mflCode: '13023',
    address: 'Hospital Road, Upper Hill',
    openingHours: '24 hours',
    website: 'https://knh.example.org',
    qualityScore: 0.9,
    services: ['pep', 'post_rape_care'],
    contacts: [
      { type: 'PHONE', value: '+254202726300', isPrimary: true },
      { type: 'EMAIL', value: 'info@knh.example.org' },
    ],
  });
  // Nothing optional known: no ward, no coordinates, no services, no lineage.
  bare = await insertFacility(api.db, { code: 'GVRC-BARE01', name: 'Bare Facility', type: 'OTHER', status: 'UNKNOWN' });

  const run = await api.db.prisma.importRun.create({ data: { status: 'SUCCEEDED' } });
  importRunId = run.id;
  const source = await api.db.prisma.importSource.create({
    data: { importRunId: run.id, position: 0, kind: 'regional', fileName: 'regional.json', storedPath: 'x/regional.json' },
  });
  await api.db.prisma.sourceRecord.create({
    data: {
      importRunId: run.id,
      importSourceId: source.id,
      kind: 'regional',
      fileName: 'regional.json',
      pointer: '/regions/0/sub_counties/0/facilities/0',
      sourceKey: 'mfl:13023',
      contentHash: 'h1',
      payload: { name: 'Kenyatta National Hospital' },
      outcome: 'INSERTED',
      facilityId: knh.id,
    },
  });

  // Merges: B was merged into KNH, and A into B before that, so A's code resolves through B.
  const b = await insertFacility(api.db, { code: 'GVRC-DUP00B', name: 'Kenyatta Natl Hosp', mergedIntoId: knh.id, isActive: false });
  await insertFacility(api.db, { code: 'GVRC-DUP00A', name: 'KNH', mergedIntoId: b.id, isActive: false });
});

afterAll(async () => {
  await api.close();
});

describe('facility(id)', () => {
  test('answers every field of the facility', async () => {
    const { facility } = await api.data(FacilityByIdDocument, { id: globalId(knh.id) });
    expect(facility).toEqual({
      id: globalId(knh.id),
      code: 'GVRC-KNH001',
      name: 'Kenyatta National Hospital',
      type: 'HEALTH_FACILITY',
      subtype: 'National Referral Hospital',
      status: 'OPERATIONAL',
      county: { code: '047', name: 'Nairobi' },
      constituency: { code: '275', name: 'Dagoretti North' },
      ward: { code: '1371', name: 'Kilimani' },
      location: { latitude: -1.301, longitude: 36.8073 },
      distanceKm: null,
      services: [
        { key: 'pep', label: 'Post-exposure prophylaxis (PEP)' },
        { key: 'post_rape_care', label: 'Post-rape care' },
      ],
      contacts: [
        { type: 'PHONE', value: '+254202726300', isPrimary: true },
        { type: 'EMAIL', value: 'info@knh.example.org', isPrimary: false },
      ],
      identifiers: { mflCode: '13023', stationCode: null, branchCode: null, registrationNumber: null },
      sources: [
        {
          kind: 'regional',
          fileName: 'regional.json',
          pointer: '/regions/0/sub_counties/0/facilities/0',
          outcome: 'INSERTED',
          importRun: { id: importRunId, status: 'SUCCEEDED', createdAt: expect.any(String) },
        },
      ],
      address: 'Hospital Road, Upper Hill',
      openingHours: '24 hours',
      website: 'https://knh.example.org',
      confidentialLocation: false,
      isActive: true,
      qualityScore: 0.9,
      mergedIntoCode: null,
      resolvedFromCode: null,
      createdAt: knh.createdAt.toISOString(),
      updatedAt: knh.updatedAt.toISOString(),
    });
  });

  test('what is not known is null or empty, not invented', async () => {
    const { facility } = await api.data(FacilityByIdDocument, { id: globalId(bare.id) });
    expect(facility).toMatchObject({
      constituency: null,
      ward: null,
      location: null,
      services: [],
      contacts: [],
      sources: [],
      address: null,
    });
  });

  test('a merged-away facility says which one it was merged into', async () => {
    const merged = await api.db.prisma.facility.findUniqueOrThrow({ where: { code: 'GVRC-DUP00B' } });
    const { facility } = await api.data(FacilityByIdDocument, { id: globalId(merged.id) });
    expect(facility).toMatchObject({ code: 'GVRC-DUP00B', isActive: false, mergedIntoCode: 'GVRC-KNH001' });
  });

  test('an id that names no facility is a NOT_FOUND error', async () => {
    const [error] = await api.errors(FacilityByIdDocument, { id: globalId('00000000-0000-4000-8000-000000000000') });
    expect(error.extensions?.code).toBe('NOT_FOUND');
  });

  test.each([
    ['not base64 at all', '%%%'],
    ['not a uuid inside', globalId('GVRC-KNH001')],
    ['the id of another type', Buffer.from('County:047').toString('base64')],
  ])('an id that is %s is a BAD_USER_INPUT error', async (_label, id) => {
    const [error] = await api.errors(FacilityByIdDocument, { id });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('facilityByCode(code)', () => {
  test('finds the facility by its public code', async () => {
    const { facilityByCode } = await api.data(FacilityByCodeDocument, { code: 'GVRC-KNH001' });
    expect(facilityByCode).toEqual({
      id: globalId(knh.id),
      code: 'GVRC-KNH001',
      name: 'Kenyatta National Hospital',
      mergedIntoCode: null,
      resolvedFromCode: null,
    });
  });

  test('a code merged away answers with the surviving facility, saying which code was asked for', async () => {
    const { facilityByCode } = await api.data(FacilityByCodeDocument, { code: 'GVRC-DUP00B' });
    expect(facilityByCode).toMatchObject({ code: 'GVRC-KNH001', resolvedFromCode: 'GVRC-DUP00B' });
  });

  test('merges are followed to the end of the chain', async () => {
    const { facilityByCode } = await api.data(FacilityByCodeDocument, { code: 'GVRC-DUP00A' });
    expect(facilityByCode).toMatchObject({ code: 'GVRC-KNH001', resolvedFromCode: 'GVRC-DUP00A' });
  });

  test('an unknown code is a NOT_FOUND error', async () => {
    const { data, errors } = await api.send(FacilityByCodeDocument, { code: 'GVRC-NOPE' });
    expect(data).toEqual({ facilityByCode: null });
    expect(errors).toMatchObject([{ message: 'No facility with code "GVRC-NOPE"', extensions: { code: 'NOT_FOUND' }, path: ['facilityByCode'] }]);
  });
});

describe('node(id)', () => {
  test('refetches a facility by the id any field returned', async () => {
    const { node } = await api.data(NodeByIdDocument, { id: globalId(knh.id) });
    expect(node).toEqual({ id: globalId(knh.id), code: 'GVRC-KNH001', name: 'Kenyatta National Hospital' });
  });

  test('is null for an id that names nothing', async () => {
    const { node } = await api.data(NodeByIdDocument, { id: globalId('00000000-0000-4000-8000-000000000000') });
    expect(node).toBeNull();
  });

  test('a malformed id is a BAD_USER_INPUT error', async () => {
    const [error] = await api.errors(NodeByIdDocument, { id: globalId('not-a-uuid') });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
