// Shelters and safe houses: for roles below DATA_ENGINEER their coordinates, address and ward
// are null on every path (facilities, facility, facilityByCode, node, county/constituency
// facilities), they never appear in near results or under their ward, distances and ordering
// do not place them, and neither do duplicate explanations, issue messages or lineage records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/enums.js';
import type { Facility } from '../../src/generated/prisma/client.js';
import { anonymous, codes, globalId, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

let world: SecurityApi;
/** A safe house, given coordinates (pinned by an ADMIN) half a kilometre from `neighbour`. */
let shelter: Facility;
let shelterWardName: string;
/** A public facility with coordinates, beside the shelter. */
let neighbour: Facility;
let candidateId: string;
let importRunId: string;
const low: Caller[] = [];
let engineer: Caller;
let admin: Caller;

const LOCATION_FIELDS = 'confidentialLocation location { latitude longitude } address ward { code name } constituency { code } county { code }';

beforeAll(async () => {
  world = await startSecurityApi({ env: { PUBLIC_DIRECTORY: 'true' } });
  const prisma = world.api.db.prisma;
  admin = await userCaller('ADMIN');
  engineer = await world.keyCaller('DATA_ENGINEER');
  low.push(
    { ...anonymous, label: 'anonymous (public directory)' },
    await world.keyCaller('PARTNER'),
    await userCaller('VIEWER'),
    await world.keyCaller('DATA_ANALYST'),
  );

  // Alone in its ward, so that any mention of the ward in an answer could only be about it
  // (facility codes are random, so "the first by code" would sometimes share a ward).
  const candidates = await prisma.facility.findMany({
    where: { confidentialLocation: true, wardCode: { not: null }, address: { not: null }, sourceRecords: { some: {} } },
    orderBy: { code: 'asc' },
  });
  const wardCounts = await prisma.facility.groupBy({ by: ['wardCode'], _count: { _all: true }, where: { wardCode: { in: candidates.map((c) => c.wardCode!) } } });
  const alone = new Set(wardCounts.filter((w) => w._count._all === 1).map((w) => w.wardCode));
  const candidate = candidates.find((c) => alone.has(c.wardCode));
  if (!candidate) throw new Error('the samples hold no confidential facility alone in its ward');
  neighbour = await prisma.facility.findFirstOrThrow({
    where: { confidentialLocation: false, latitude: { not: null }, isActive: true, countyCode: candidate.countyCode },
    orderBy: { code: 'asc' },
  }).catch(() =>
    prisma.facility.findFirstOrThrow({ where: { confidentialLocation: false, latitude: { not: null }, isActive: true }, orderBy: { code: 'asc' } }),
  );
  const latitude = Number((neighbour.latitude! + 0.00413).toFixed(5));
  const longitude = Number((neighbour.longitude! + 0.00271).toFixed(5));
  const pinned = await world.call(admin, `mutation { updateFacility(id: "${globalId(candidate.id)}", input: { latitude: ${latitude}, longitude: ${longitude} }) { id } }`);
  expect(pinned.errors).toEqual([]);
  shelter = await prisma.facility.findUniqueOrThrow({ where: { id: candidate.id } });
  expect([shelter.latitude, shelter.longitude, shelter.confidentialLocation]).toEqual([latitude, longitude, true]);
  shelterWardName = (await prisma.ward.findUniqueOrThrow({ where: { code: shelter.wardCode! } })).name;

  const [a, b] = [shelter.id, neighbour.id].sort();
  candidateId = (
    await prisma.duplicateCandidate.create({
      data: {
        facilityAId: a,
        facilityBId: b,
        score: 0.74,
        features: { name: 0.6, type: 0.5, distanceKm: 0.49, sameWard: true, sharedPhone: false, evidence: [{ feature: 'distance', logOdds: 2.1 }] },
      },
    })
  ).id;

  // The issue the pipeline raises for swapped coordinates quotes them; here it is the shelter's.
  const record = await prisma.sourceRecord.findFirstOrThrow({ where: { facilityId: shelter.id } });
  importRunId = record.importRunId;
  await prisma.recordIssue.create({
    data: {
      importRunId: record.importRunId,
      importSourceId: record.importSourceId,
      code: 'COORDINATES_SWAPPED',
      severity: 'WARNING',
      message: `"gps" (longitude ${latitude}, latitude ${longitude}) lies in Kenya only with latitude and longitude swapped; stored swapped.`,
      field: 'gps',
      fileName: record.fileName,
      pointer: record.pointer,
    },
  });
});
afterAll(() => world?.close());

/** Nothing in the body places the shelter. */
function expectNothingPlaces(text: string) {
  expect(text).not.toContain(String(shelter.latitude));
  expect(text).not.toContain(String(shelter.longitude));
  expect(text).not.toContain(shelter.address!);
  expect(text).not.toContain(`"${shelter.wardCode}"`);
  expect(text).not.toContain(shelterWardName);
}

type Located = { code: string; confidentialLocation: boolean; location: unknown; address: unknown; ward: unknown; distanceKm?: number | null };

function expectWithheld(node: Located) {
  expect(node.confidentialLocation).toBe(true);
  expect(node.location).toBeNull();
  expect(node.address).toBeNull();
  expect(node.ward).toBeNull();
}

const LOW = ['an anonymous caller (public directory on)', 'a PARTNER API key', 'a VIEWER user', 'a DATA_ANALYST API key'];

describe.each(LOW.map((label, index) => ({ label, index })))('for $label', ({ index }) => {
  const caller = () => low[index];

  it('facilities: listed (it is in the directory), without coordinates, address or ward', async () => {
    const answer = await world.call<{ facilities: { edges: { node: Located }[] } }>(
      caller(),
      `{ facilities(filter: { search: ${JSON.stringify(shelter.name)} }) { edges { node { code ${LOCATION_FIELDS} } } } }`,
    );
    expect(answer.errors).toEqual([]);
    const node = answer.data!.facilities.edges.find((e) => e.node.code === shelter.code)!.node;
    expectWithheld(node);
    expectNothingPlaces(answer.text);
  });

  it('facility(id), facilityByCode and node(id): without coordinates, address or ward', async () => {
    const answer = await world.call<{ byId: Located; byCode: Located; asNode: Located }>(
      caller(),
      `{ byId: facility(id: "${globalId(shelter.id)}") { code ${LOCATION_FIELDS} }
         byCode: facilityByCode(code: "${shelter.code}") { code ${LOCATION_FIELDS} }
         asNode: node(id: "${globalId(shelter.id)}") { ... on Facility { code ${LOCATION_FIELDS} } } }`,
    );
    expect(answer.errors).toEqual([]);
    for (const node of [answer.data!.byId, answer.data!.byCode, answer.data!.asNode]) expectWithheld(node);
    expectNothingPlaces(answer.text);
  });

  it('county.facilities and constituency.facilities: without coordinates, address or ward', async () => {
    const answer = await world.call<{ county: { facilities: { edges: { node: Located }[] } }; constituency: { facilities: { edges: { node: Located }[] } } }>(
      caller(),
      `{ county(code: "${shelter.countyCode}") { facilities(first: 100) { edges { node { code ${LOCATION_FIELDS} } } } }
         constituency(code: "${shelter.constituencyCode}") { facilities(first: 100) { edges { node { code ${LOCATION_FIELDS} } } } } }`,
    );
    expect(answer.errors).toEqual([]);
    for (const list of [answer.data!.county.facilities, answer.data!.constituency.facilities]) {
      expectWithheld(list.edges.find((e) => e.node.code === shelter.code)!.node);
    }
    expectNothingPlaces(answer.text);
  });

  it('its ward: neither listed under it nor counted in it, nor found by a wardCode filter', async () => {
    const answer = await world.call<{ ward: { facilityCount: number; facilities: { totalCount: number; edges: { node: { code: string } }[] } }; facilities: { totalCount: number; edges: { node: { code: string } }[] } }>(
      caller(),
      `{ ward(code: "${shelter.wardCode}") { facilityCount facilities(filter: { includeInactive: true }) { totalCount edges { node { code } } } }
         facilities(filter: { wardCode: "${shelter.wardCode}", includeInactive: true }) { totalCount edges { node { code } } } }`,
    );
    expect(answer.errors).toEqual([]);
    expect(answer.data!.ward.facilities.edges.map((e) => e.node.code)).not.toContain(shelter.code);
    expect(answer.data!.facilities.edges.map((e) => e.node.code)).not.toContain(shelter.code);
    const wardTotal = await world.api.db.prisma.facility.count({ where: { wardCode: shelter.wardCode, isActive: true, mergedIntoId: null, confidentialLocation: false } });
    expect(answer.data!.ward.facilityCount).toBe(wardTotal);
  });

  it('its ward in the whole county tree (every area counted in one pass): not counted', async () => {
    type Tree = { counties: { code: string; facilityCount: number; constituencies: { code: string; wards: { code: string; facilityCount: number }[] }[] }[] };
    const tree = '{ counties { code facilityCount constituencies { code wards { code facilityCount } } } }';
    const answer = await world.call<Tree>(caller(), tree);
    expect(answer.errors).toEqual([]);
    const wardCount = (data: Tree) =>
      data.counties.flatMap((c) => c.constituencies).flatMap((c) => c.wards).find((w) => w.code === shelter.wardCode)?.facilityCount;
    const wardTotal = await world.api.db.prisma.facility.count({ where: { wardCode: shelter.wardCode, isActive: true, mergedIntoId: null, confidentialLocation: false } });
    expect(wardCount(answer.data!)).toBe(wardTotal);
    // Its county still counts it: being listed there does not place it.
    const countyTotal = await world.api.db.prisma.facility.count({ where: { countyCode: shelter.countyCode, isActive: true, mergedIntoId: null } });
    expect(answer.data!.counties.find((c) => c.code === shelter.countyCode)?.facilityCount).toBe(countyTotal);
    const seen = await world.call<Tree>(engineer, tree);
    expect(wardCount(seen.data!)).toBe(wardTotal + 1);
  });

  it('near: never in the results — not on its own point, not in the count, not in distance order', async () => {
    for (const order of ['', 'orderBy: { field: DISTANCE }', 'orderBy: { field: NAME }']) {
      const answer = await world.call<{ facilities: { totalCount: number; edges: { node: { code: string; distanceKm: number } }[] } }>(
        caller(),
        `{ facilities(first: 100, ${order} filter: { near: { latitude: ${shelter.latitude}, longitude: ${shelter.longitude}, radiusKm: 2 } }) {
            totalCount edges { node { code distanceKm } } } }`,
      );
      expect(answer.errors, order).toEqual([]);
      const listed = answer.data!.facilities.edges.map((e) => e.node.code);
      expect(listed).not.toContain(shelter.code);
      expect(listed).toContain(neighbour.code);
      expect(answer.data!.facilities.totalCount).toBe(listed.length);
      expectNothingPlaces(answer.text);
    }
    const nested = await world.call<{ county: { facilities: { edges: { node: { code: string } }[] } } }>(
      caller(),
      `{ county(code: "${shelter.countyCode}") { facilities(filter: { near: { latitude: ${shelter.latitude}, longitude: ${shelter.longitude}, radiusKm: 2 } }) { edges { node { code } } } } }`,
    );
    expect(nested.data!.county.facilities.edges.map((e) => e.node.code)).not.toContain(shelter.code);
  });
});

describe('for a DATA_ANALYST, the review and import paths', () => {
  const analyst = () => low[3];

  it('a duplicate pair with the shelter shows no distance, ward or evidence', async () => {
    const answer = await world.call<{ duplicateCandidates: { edges: { node: { id: string; explanation: { distanceKm: unknown; sameWard: unknown; nameSimilarity: number; details: string } } }[] } }>(
      analyst(),
      '{ duplicateCandidates(first: 50) { edges { node { id facilities { code location { latitude } } explanation { distanceKm sameWard nameSimilarity details } } } } }',
    );
    expect(answer.errors).toEqual([]);
    const pair = answer.data!.duplicateCandidates.edges.find((e) => e.node.id === candidateId)!.node;
    expect(pair.explanation).toMatchObject({ distanceKm: null, sameWard: null, nameSimilarity: 0.6 });
    expect(JSON.parse(pair.explanation.details)).toEqual({ name: 0.6, type: 0.5, sharedPhone: false });
    expectNothingPlaces(answer.text);
  });

  it('an issue message quoting the shelter\'s coordinates is withheld', async () => {
    const answer = await world.call<{ importRun: { issues: { edges: { node: { message: string; pointer: string } }[] } } }>(
      analyst(),
      `{ importRun(id: "${importRunId}") { issues(first: 500, code: "COORDINATES_SWAPPED") { edges { node { message pointer fileName } } } } }`,
    );
    expect(answer.errors).toEqual([]);
    expect(answer.data!.importRun.issues.edges.some((e) => e.node.message.includes('withheld'))).toBe(true);
    expectNothingPlaces(answer.text);
  });

  it('raw lineage records are refused (FORBIDDEN)', async () => {
    const answer = await world.call(analyst(), `{ facility(id: "${globalId(shelter.id)}") { sources { raw } } }`);
    expect(new Set(codes(answer))).toEqual(new Set(['FORBIDDEN']));
    expectNothingPlaces(answer.text);
  });
});

describe.each(['DATA_ENGINEER', 'ADMIN'] as Role[])('for a %s', (role) => {
  const caller = () => (role === 'ADMIN' ? admin : engineer);

  it('the shelter is located on every path, near results included, and its raw record is readable', async () => {
    const answer = await world.call<{ facility: Located & { sources: { raw: string }[] }; facilities: { edges: { node: { code: string; distanceKm: number } }[] } }>(
      caller(),
      `{ facility(id: "${globalId(shelter.id)}") { code ${LOCATION_FIELDS} sources { raw } }
         facilities(filter: { near: { latitude: ${shelter.latitude}, longitude: ${shelter.longitude}, radiusKm: 2 } }) { edges { node { code distanceKm } } } }`,
    );
    expect(answer.errors).toEqual([]);
    expect(answer.data!.facility.location).toEqual({ latitude: shelter.latitude, longitude: shelter.longitude });
    expect(answer.data!.facility.address).toBe(shelter.address);
    expect(answer.data!.facility.ward).toEqual({ code: shelter.wardCode, name: shelterWardName });
    expect(answer.data!.facilities.edges[0].node).toEqual({ code: shelter.code, distanceKm: 0 });
    expect(answer.data!.facility.sources.length).toBeGreaterThan(0);
  });

  it('the duplicate explanation and issue messages are shown in full', async () => {
    const answer = await world.call<{ duplicateCandidates: { edges: { node: { id: string; explanation: { distanceKm: number } } }[] } }>(
      caller(),
      '{ duplicateCandidates(first: 50) { edges { node { id explanation { distanceKm } } } } }',
    );
    expect(answer.data!.duplicateCandidates.edges.find((e) => e.node.id === candidateId)!.node.explanation.distanceKm).toBe(0.49);
    const issues = await world.call<{ importRun: { issues: { edges: { node: { message: string } }[] } } }>(
      caller(),
      `{ importRun(id: "${importRunId}") { issues(first: 500, code: "COORDINATES_SWAPPED") { edges { node { message } } } } }`,
    );
    expect(issues.data!.importRun.issues.edges.some((e) => e.node.message.includes(String(shelter.latitude)))).toBe(true);
  });
});

describe('the confidential flag', () => {
  it('shelters and safe houses are confidential by default', async () => {
    const shelters = await world.api.db.prisma.facility.findMany({ where: { type: 'SHELTER' }, select: { confidentialLocation: true } });
    expect(shelters.length).toBeGreaterThan(0);
    expect(shelters.every((s) => s.confidentialLocation)).toBe(true);
  });

  it('a DATA_ENGINEER may clear and set it; the change is audited and followed at once', async () => {
    const viewer = low[2];
    const locate = () =>
      world.call<{ facility: Located }>(viewer, `{ facility(id: "${globalId(neighbour.id)}") { code ${LOCATION_FIELDS} } }`);
    expect((await locate()).data!.facility.location).not.toBeNull();

    const set = await world.call<{ setConfidentialLocation: { confidentialLocation: boolean } }>(
      engineer,
      `mutation { setConfidentialLocation(id: "${globalId(neighbour.id)}", confidential: true) { confidentialLocation } }`,
    );
    expect(set.errors).toEqual([]);
    expect(set.data!.setConfidentialLocation.confidentialLocation).toBe(true);
    expectWithheld((await locate()).data!.facility);
    const near = await world.call<{ facilities: { edges: { node: { code: string } }[] } }>(
      viewer,
      `{ facilities(filter: { near: { latitude: ${neighbour.latitude}, longitude: ${neighbour.longitude}, radiusKm: 1 } }) { edges { node { code } } } }`,
    );
    expect(near.data!.facilities.edges.map((e) => e.node.code)).not.toContain(neighbour.code);

    const audit = await world.api.db.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: neighbour.id, action: 'FACILITY_CONFIDENTIALITY_SET' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ actorRole: 'DATA_ENGINEER', requestId: set.requestId });
    expect(audit.actor).toMatch(/^apiKey:/);

    const cleared = await world.call(engineer, `mutation { setConfidentialLocation(id: "${globalId(neighbour.id)}", confidential: false) { confidentialLocation } }`);
    expect(cleared.errors).toEqual([]);
    expect((await locate()).data!.facility.location).not.toBeNull();
  });

  it('a shelter cleared by an engineer stays cleared through a rebuild from its sources', async () => {
    const cleared = await world.call(engineer, `mutation { setConfidentialLocation(id: "${globalId(shelter.id)}", confidential: false) { confidentialLocation } }`);
    expect(cleared.errors).toEqual([]);
    const renamed = await world.call(engineer, `mutation { updateFacility(id: "${globalId(shelter.id)}", input: { status: OPERATIONAL }) { confidentialLocation location { latitude } } }`);
    expect(renamed.data).toEqual({ updateFacility: { confidentialLocation: false, location: { latitude: shelter.latitude } } });
    const restored = await world.call(engineer, `mutation { setConfidentialLocation(id: "${globalId(shelter.id)}", confidential: true) { confidentialLocation } }`);
    expect(restored.errors).toEqual([]);
  });
});
