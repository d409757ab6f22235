// A credential with a county scope sees only that county's facilities. Every way of reaching a
// facility elsewhere — by id, by code (a merged code too), as a Relay node, under a county,
// constituency or ward, in a search or near a point, in the duplicate queue, through lineage,
// by editing it — answers exactly as for a facility that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facility } from '../../src/generated/prisma/client.js';
import { mergeFacilities } from '../../src/ingest/merge/merge.js';
import { codes, globalId, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

const NO_SUCH = '00000000-0000-4000-8000-000000000000';

let world: SecurityApi;
let home: string;
let elsewhere: Facility;
let ownFacility: Facility;
/** In scope, merged into a facility elsewhere. */
let mergedAway: Facility;
let viewer: Caller;
let analyst: Caller;
let engineer: Caller;
let admin: Caller;

beforeAll(async () => {
  world = await startSecurityApi();
  const prisma = world.api.db.prisma;
  // The county with the most active, located facilities is "home"; the rest of the country is
  // elsewhere.
  const [busiest] = await prisma.facility.groupBy({
    by: ['countyCode'],
    where: { isActive: true, latitude: { not: null }, wardCode: { not: null } },
    _count: true,
    orderBy: { _count: { countyCode: 'desc' } },
  });
  home = busiest.countyCode;
  const located = { isActive: true, latitude: { not: null }, wardCode: { not: null }, confidentialLocation: false } as const;
  elsewhere = await prisma.facility.findFirstOrThrow({ where: { ...located, countyCode: { not: home }, sourceRecords: { some: {} } }, orderBy: { code: 'asc' } });
  const own = await prisma.facility.findMany({ where: { ...located, countyCode: home }, orderBy: { code: 'asc' } });
  ownFacility = own[0];
  mergedAway = own.at(-1)!;
  const survivorElsewhere = await prisma.facility.findFirstOrThrow({
    where: { isActive: true, countyCode: { not: home }, id: { not: elsewhere.id } },
    orderBy: { code: 'desc' },
  });
  await mergeFacilities(world.api.db.sql, world.api.services.rebuild, {
    survivorId: survivorElsewhere.id,
    mergedId: mergedAway.id,
    reason: 'cross-county fixture',
    actor: 'test:setup',
  });
  // Survivorship may place the survivor where the more specific (merged) records say; the
  // fixture wants it to stay elsewhere.
  const { countyCode, constituencyCode, wardCode } = survivorElsewhere;
  await prisma.facility.update({ where: { id: survivorElsewhere.id }, data: { countyCode, constituencyCode, wardCode } });
  viewer = await world.keyCaller('VIEWER', { county: home });
  analyst = await world.keyCaller('DATA_ANALYST', { county: home });
  engineer = await world.keyCaller('DATA_ENGINEER', { county: home });
  admin = await world.keyCaller('ADMIN', { county: home });
});
afterAll(() => world?.close());

type Edges = { edges: { node: { code: string; county: { code: string } } }[]; totalCount: number };

/** The message with the id or code asked for left out: the rest must not differ. */
function shape(answer: { errors: { message: string; extensions?: Record<string, unknown> }[] }, asked: string) {
  return answer.errors.map((error) => ({ message: error.message.replace(asked, '…'), code: error.extensions?.code }));
}

/** Filters that, without a county scope, find the facility elsewhere. */
function filtersFindingElsewhere(): string[] {
  return [
    `{ countyCode: "${elsewhere.countyCode}" }`,
    `{ search: ${JSON.stringify(elsewhere.name)} }`,
    `{ near: { latitude: ${elsewhere.latitude}, longitude: ${elsewhere.longitude}, radiusKm: 1 } }`,
    `{ wardCode: "${elsewhere.wardCode}", includeInactive: true }`,
  ];
}

describe('by list', () => {
  it('facilities lists only the home county, and totalCount counts only it', async () => {
    const answer = await world.call<{ facilities: Edges }>(viewer, '{ facilities(first: 100) { totalCount edges { node { code county { code } } } } }');
    expect(answer.errors).toEqual([]);
    const listed = answer.data!.facilities;
    expect(new Set(listed.edges.map((e) => e.node.county.code))).toEqual(new Set([home]));
    const expected = await world.api.db.prisma.facility.count({ where: { countyCode: home, isActive: true, mergedIntoId: null } });
    expect(listed.totalCount).toBe(expected);
  });

  it('a filter naming another county, a search for its facility or a point beside it finds nothing', async () => {
    for (const filter of filtersFindingElsewhere()) {
      const answer = await world.call<{ facilities: Edges }>(viewer, `{ facilities(filter: ${filter}) { totalCount edges { node { code county { code } } } } }`);
      expect(answer.errors, filter).toEqual([]);
      expect(answer.data!.facilities.edges.map((e) => e.node.code), filter).not.toContain(elsewhere.code);
      expect(answer.data!.facilities.edges.every((e) => e.node.county.code === home), filter).toBe(true);
    }
  });

  it('each of those filters without a scope does find it (the fixture is real, the filters work)', async () => {
    // Without this control the refusals above would also pass if a filter found nothing for anyone.
    const national = await userCaller('VIEWER');
    for (const filter of filtersFindingElsewhere()) {
      const answer = await world.call<{ facilities: Edges }>(national, `{ facilities(filter: ${filter}) { totalCount edges { node { code county { code } } } } }`);
      expect(answer.errors, filter).toEqual([]);
      expect(answer.data!.facilities.edges.map((e) => e.node.code), filter).toContain(elsewhere.code);
    }
  });
});

describe('by id, by code, by node', () => {
  it('facility(id) of another county is NOT_FOUND, exactly as a missing id', async () => {
    const other = await world.call(viewer, `{ facility(id: "${globalId(elsewhere.id)}") { code } }`);
    const missing = await world.call(viewer, `{ facility(id: "${globalId(NO_SUCH)}") { code } }`);
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(shape(other, elsewhere.id)).toEqual(shape(missing, NO_SUCH));
    expect(other.data).toEqual(missing.data);
  });

  it('facilityByCode of another county is NOT_FOUND, exactly as an unknown code', async () => {
    const other = await world.call(viewer, `{ facilityByCode(code: "${elsewhere.code}") { code } }`);
    const missing = await world.call(viewer, '{ facilityByCode(code: "GVRC-NOSUCH00") { code } }');
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(shape(other, elsewhere.code)).toEqual(shape(missing, 'GVRC-NOSUCH00'));
  });

  it('a home code merged into a facility of another county does not resolve to it', async () => {
    const answer = await world.call(viewer, `{ facilityByCode(code: "${mergedAway.code}") { code resolvedFromCode } }`);
    expect(codes(answer)).toEqual(['NOT_FOUND']);
    expect(answer.text).not.toContain('resolvedFromCode":"');
  });

  it('mergedIntoCode does not name a facility of another county', async () => {
    const answer = await world.call<{ facilities: { edges: { node: { code: string; mergedIntoCode: string | null } }[] } }>(
      viewer,
      `{ facilities(first: 100, filter: { includeInactive: true }) { edges { node { code mergedIntoCode } } } }`,
    );
    const node = answer.data!.facilities.edges.find((e) => e.node.code === mergedAway.code)!.node;
    expect(node.mergedIntoCode).toBeNull();
  });

  it('node(id) and nodes(ids) of another county are null, as for a missing id', async () => {
    const answer = await world.call<{ node: unknown; nodes: unknown[]; own: { id: string } | null }>(
      viewer,
      `{ node(id: "${globalId(elsewhere.id)}") { id } nodes(ids: ["${globalId(elsewhere.id)}", "${globalId(ownFacility.id)}"]) { id } own: node(id: "${globalId(ownFacility.id)}") { id } }`,
    );
    expect(answer.errors).toEqual([]);
    expect(answer.data!.node).toBeNull();
    expect(answer.data!.nodes).toEqual([null, { id: globalId(ownFacility.id) }]);
    expect(answer.data!.own).toEqual({ id: globalId(ownFacility.id) });
  });

  it('a JWT carrying a county claim is held to it the same way', async () => {
    const user = await userCaller('VIEWER', { county: home });
    expect(codes(await world.call(user, `{ facility(id: "${globalId(elsewhere.id)}") { code } }`))).toEqual(['NOT_FOUND']);
    expect(codes(await world.call(user, `{ facility(id: "${globalId(ownFacility.id)}") { code } }`))).toEqual([]);
  });
});

describe('by nested geography', () => {
  it('another county, its constituencies and wards show no facilities and count none', async () => {
    const answer = await world.call<{
      county: { facilityCount: number; facilities: Edges; constituencies: { facilityCount: number; facilities: Edges; wards: { facilityCount: number; facilities: Edges }[] }[] };
      ward: { facilityCount: number; facilities: Edges };
    }>(
      viewer,
      `{ county(code: "${elsewhere.countyCode}") {
          facilityCount facilities { totalCount edges { node { code county { code } } } }
          constituencies { facilityCount facilities { totalCount edges { node { code county { code } } } }
            wards { facilityCount facilities { totalCount edges { node { code county { code } } } } } } }
        ward(code: "${elsewhere.wardCode}") { facilityCount facilities { totalCount edges { node { code county { code } } } } } }`,
    );
    expect(answer.errors).toEqual([]);
    const county = answer.data!.county;
    const counts = [
      county.facilityCount,
      county.facilities.totalCount,
      county.facilities.edges.length,
      ...county.constituencies.flatMap((c) => [c.facilityCount, c.facilities.totalCount, ...c.wards.flatMap((w) => [w.facilityCount, w.facilities.edges.length])]),
      answer.data!.ward.facilityCount,
      answer.data!.ward.facilities.totalCount,
    ];
    expect(new Set(counts)).toEqual(new Set([0]));
  });

  it('the same county and ward without a scope show and count the facility (the fixture is real)', async () => {
    const national = await userCaller('VIEWER');
    const answer = await world.call<{ county: { facilityCount: number; facilities: Edges }; ward: { facilityCount: number; facilities: Edges } }>(
      national,
      `{ county(code: "${elsewhere.countyCode}") { facilityCount facilities(first: 100) { totalCount edges { node { code county { code } } } } }
        ward(code: "${elsewhere.wardCode}") { facilityCount facilities { totalCount edges { node { code county { code } } } } } }`,
    );
    expect(answer.errors).toEqual([]);
    const { county, ward } = answer.data!;
    expect(county.facilityCount).toBeGreaterThan(0);
    expect(ward.facilityCount).toBeGreaterThan(0);
    expect(ward.facilities.edges.map((e) => e.node.code)).toContain(elsewhere.code);
  });

  it('counties { facilityCount } counts facilities of the home county only', async () => {
    const answer = await world.call<{ counties: { code: string; facilityCount: number }[] }>(viewer, '{ counties { code facilityCount } }');
    const nonzero = answer.data!.counties.filter((c) => c.facilityCount > 0).map((c) => c.code);
    expect(nonzero).toEqual([home]);
  });
});

describe('through the review queue and lineage', () => {
  it('duplicate candidates are listed only when both facilities are in the home county', async () => {
    const prisma = world.api.db.prisma;
    const [a, b] = await prisma.facility.findMany({ where: { countyCode: home, isActive: true, id: { not: ownFacility.id } }, take: 2, orderBy: { id: 'asc' } });
    const pair = (x: string, y: string) => (x < y ? { facilityAId: x, facilityBId: y } : { facilityAId: y, facilityBId: x });
    const inside = await prisma.duplicateCandidate.create({ data: { ...pair(a.id, b.id), score: 0.9, features: { name: 0.9 } } });
    const across = await prisma.duplicateCandidate.create({ data: { ...pair(ownFacility.id, elsewhere.id), score: 0.8, features: { name: 0.8 } } });
    const answer = await world.call<{ duplicateCandidates: { edges: { node: { id: string } }[] } }>(
      analyst,
      '{ duplicateCandidates(first: 50) { edges { node { id } } } }',
    );
    const ids = answer.data!.duplicateCandidates.edges.map((e) => e.node.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(across.id);

    // Deciding the cross-county pair fails as deciding a candidate that does not exist.
    const decide = (id: string) => world.call(engineer, `mutation { resolveDuplicate(input: { candidateId: "${id}", decision: NOT_DUPLICATE }) { id } }`);
    const refused = await decide(across.id);
    const missing = await decide(NO_SUCH);
    expect(codes(refused)).toEqual(['NOT_FOUND']);
    expect(refused.errors.map((e) => e.message)).toEqual(missing.errors.map((e) => e.message));
    expect((await prisma.duplicateCandidate.findUniqueOrThrow({ where: { id: across.id } })).status).toBe('OPEN');
  });

  it('a facility\'s lineage shows its import run, but the registry-wide run itself is national', async () => {
    const lineage = await world.call(analyst, `{ facility(id: "${globalId(ownFacility.id)}") { sources { kind importRun { id status } } } }`);
    expect(lineage.errors).toEqual([]);
    const run = await world.call(analyst, `{ facility(id: "${globalId(ownFacility.id)}") { sources { importRun { issues(first: 1) { totalCount } } } } }`);
    expect(codes(run)).toContain('FORBIDDEN');
    expect(codes(await world.call(analyst, '{ importRuns(first: 1) { edges { node { id } } } }'))).toEqual(['FORBIDDEN']);
  });

  it('the quality report covers the home county; asking for another county is FORBIDDEN', async () => {
    const own = await world.call<{ qualityReport: { facilities: number } }>(analyst, '{ qualityReport { facilities } }');
    const expected = await world.api.db.prisma.facility.count({ where: { countyCode: home, isActive: true, mergedIntoId: null } });
    expect(own.data!.qualityReport.facilities).toBe(expected);
    expect(codes(await world.call(analyst, `{ qualityReport(countyCode: "${elsewhere.countyCode}") { facilities } }`))).toEqual(['FORBIDDEN']);
  });
});

describe('through writes', () => {
  it('editing or flagging a facility of another county is NOT_FOUND, as for a missing one, and changes nothing', async () => {
    for (const mutation of [
      (id: string) => `mutation { updateFacility(id: "${globalId(id)}", input: { name: "Renamed" }) { name } }`,
      (id: string) => `mutation { setConfidentialLocation(id: "${globalId(id)}", confidential: true) { confidentialLocation } }`,
      (id: string) => `mutation { unmergeFacility(id: "${globalId(id)}") { code } }`,
    ]) {
      const other = await world.call(engineer, mutation(elsewhere.id));
      const missing = await world.call(engineer, mutation(NO_SUCH));
      expect(codes(other)).toEqual(['NOT_FOUND']);
      expect(shape(other, elsewhere.id)).toEqual(shape(missing, NO_SUCH));
    }
    const after = await world.api.db.prisma.facility.findUniqueOrThrow({ where: { id: elsewhere.id } });
    expect({ name: after.name, confidentialLocation: after.confidentialLocation }).toEqual({ name: elsewhere.name, confidentialLocation: false });
  });

  it('imports, API keys and the audit trail are national: a county-scoped engineer or admin is FORBIDDEN', async () => {
    expect(codes(await world.call(engineer, 'mutation { importSources(input: { sources: [{ path: "kps_stations.json" }] }) { id } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await world.call(admin, '{ apiKeys { id } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await world.call(admin, 'mutation { createApiKey(input: { name: "escalate", role: ADMIN }) { key } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await world.call(admin, '{ auditTrail(first: 1) { edges { node { id } } } }'))).toEqual(['FORBIDDEN']);
  });

  it("the steward's loop teaches and reprocesses the whole registry: a county-scoped engineer is FORBIDDEN", async () => {
    expect(codes(await world.call(engineer, 'mutation { teachPlaceAlias(input: { text: "Elsewhere", level: COUNTY, code: "047" }) { code } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await world.call(engineer, 'mutation { teachServiceSynonym(input: { text: "Something", serviceKey: "shelter" }) { text } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await world.call(engineer, 'mutation { reprocessRecords { recovered } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await world.call(engineer, '{ unknownPlaces { text } }'))).toEqual(['FORBIDDEN']);
  });
});
