// Safe houses stay hidden on every path (issue 21, items 1–4). Four routes once put a shelter's
// position, address or ward in front of a caller who may not see them:
//   1. a public facility merged into a shelter kept its own coordinates, pointing at the shelter;
//   2. a record keyed by an unkeyed hash of name and ward (`MISSING_FROM_DELIVERY` quotes it)
//      gave the ward away to anyone who can guess 10,000 names;
//   3. a duplicate pair's exact score let the distance term be solved for;
//   4. a safe house whose name or services (not its type) said so was loaded as public.
// Each is reproduced here through GraphQL, then every role below DATA_ENGINEER is walked over
// every path — lists, lookups, near, ward, inactive and merged-away rows, issues, candidates,
// lineage, the audit trail, answers kept warm by an ADMIN first — for a shelter of each route.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facility } from '../../src/generated/prisma/client.js';
import { runImport } from '../support/imports.js';
import { anonymous, globalId, startSecurityApi, userCaller, type Answer, type Caller, type SecurityApi } from './support.js';

let world: SecurityApi;
let admin: Caller;
let engineer: Caller;
let analyst: Caller;
const low: Caller[] = [];

/** Where the test's facilities are: a ward of their own, in a county with a public facility beside it. */
interface Place { countyCode: string; county: string; constituency: string; constituencyCode: string; ward: string; wardCode: string }
let place: Place;
/** A public facility with coordinates, in the same county. */
let neighbour: Facility;

interface Shelter { route: string; name: string; code: string; id: string; latitude: number; longitude: number; address: string }
const shelters: Shelter[] = [];
let mergedAway: Shelter;
let keyedShelter: Shelter;
let secondDeliveryRunId: string;
let scoredCandidateId: string;
const EXACT_SCORE = 0.7431;

const ROUTE_4_NAMES = ['Wema Safehouse', 'Mercy Rescue Home', "Kesho Women's Refuge", 'Tumaini Centre', 'Nyumba Salama ya Baraka'];

function organisation(name: string, index: number, services: string[]) {
  // Offsets of five decimals no other facility of the samples shares, so that finding one in an
  // answer can only mean the shelter leaked.
  const latitude = Number((neighbour.latitude! + 0.00311 + index * 0.00137).toFixed(5));
  const longitude = Number((neighbour.longitude! + 0.00173 + index * 0.00119).toFixed(5));
  return {
    record: {
      organization_name: name,
      services: services.map((s) => ({ name: s, available: true })),
      location: { county: place.county, constituency: place.constituency, ward: place.ward, address: `Plot ${417 + index} Siri Lane`, latitude, longitude },
      phone: `+254 722 41${String(index).padStart(2, '0')}${String(index * 7).padStart(2, '0')}`,
    },
    latitude,
    longitude,
    address: `Plot ${417 + index} Siri Lane`,
  };
}

async function facilityNamed(name: string): Promise<Facility> {
  return world.api.db.prisma.facility.findFirstOrThrow({ where: { name }, orderBy: { createdAt: 'asc' } });
}

beforeAll(async () => {
  world = await startSecurityApi({ env: { PUBLIC_DIRECTORY: 'true' } });
  const prisma = world.api.db.prisma;
  admin = await userCaller('ADMIN');
  engineer = await world.keyCaller('DATA_ENGINEER');
  analyst = await world.keyCaller('DATA_ANALYST');
  low.push({ ...anonymous, label: 'anonymous (public directory)' }, await world.keyCaller('PARTNER'), await userCaller('VIEWER'), analyst);

  neighbour = await prisma.facility.findFirstOrThrow({
    where: { confidentialLocation: false, latitude: { not: null }, isActive: true, constituencyCode: { not: null } },
    orderBy: { code: 'asc' },
  });
  // A ward of the neighbour's constituency where no facility is, whose name is its own.
  const wards = await prisma.ward.findMany({ where: { constituencyCode: neighbour.constituencyCode! }, include: { facilities: { select: { id: true } } }, orderBy: { code: 'asc' } });
  const allWardNames = await prisma.ward.groupBy({ by: ['name'], _count: { _all: true } });
  const unique = new Set(allWardNames.filter((w) => w._count._all === 1).map((w) => w.name));
  const ward = wards.find((w) => w.facilities.length === 0 && unique.has(w.name) && w.name.length > 4);
  if (!ward) throw new Error('no empty ward with a name of its own beside the neighbour');
  const constituency = await prisma.constituency.findUniqueOrThrow({ where: { code: ward.constituencyCode }, include: { county: true } });
  place = { countyCode: constituency.countyCode, county: constituency.county.name, constituency: constituency.name, constituencyCode: constituency.code, ward: ward.name, wardCode: ward.code };
  low.push(await world.keyCaller('DATA_ANALYST', { county: place.countyCode }));

  const delivered = [
    ...ROUTE_4_NAMES.map((name, i) => ({ name, route: 'recognised by name or service', ...organisation(name, i, name === 'Tumaini Centre' ? ['Shelter', 'Counselling'] : ['Counselling']) })),
    { name: 'Upendo Safe House', route: 'keyed by name and ward, and scored against a public facility', ...organisation('Upendo Safe House', 6, ['Counselling']) },
    { name: 'Amani Counselling Centre', route: 'merged into a shelter', ...organisation('Amani Counselling Centre', 7, ['Counselling']) },
    { name: 'Amani Safe House', route: 'the survivor of a merge', ...organisation('Amani Safe House', 8, ['Counselling']) },
  ];
  const delivery = (names: string[]) =>
    JSON.stringify({ category: 'A', description: 'Comprehensive GBV recovery centres', organizations: delivered.filter((d) => names.includes(d.name)).map((d) => d.record) });
  const first = await runImport(world.api.db, [{ fileName: 'category_A-2026-12.json', content: delivery(delivered.map((d) => d.name)) }]);
  expect(first.finalStatus).toBe('SUCCEEDED');
  for (const d of delivered) {
    const f = await facilityNamed(d.name);
    shelters.push({ route: d.route, name: d.name, code: f.code, id: f.id, latitude: d.latitude, longitude: d.longitude, address: d.address });
  }

  // Route 1: a reviewer merges the public centre into the shelter, the shelter surviving.
  const amani = shelters.find((s) => s.name === 'Amani Counselling Centre')!;
  const amaniHouse = shelters.find((s) => s.name === 'Amani Safe House')!;
  const [a, b] = [amani.id, amaniHouse.id].sort();
  const pair =
    (await prisma.duplicateCandidate.findUnique({ where: { facilityAId_facilityBId: { facilityAId: a, facilityBId: b } } })) ??
    (await prisma.duplicateCandidate.create({ data: { facilityAId: a, facilityBId: b, score: 0.61, features: { name: 0.55, type: 0.5, distanceKm: 0.18, sameWard: true } } }));
  const merged = await world.call(engineer, `mutation { resolveDuplicate(input: { candidateId: "${pair.id}", decision: MERGE, survivorId: "${globalId(amaniHouse.id)}" }) { status } }`);
  expect(merged.errors).toEqual([]);
  mergedAway = amani;

  // Route 3: a pair of the keyed shelter and the public neighbour, scored exactly.
  keyedShelter = shelters.find((s) => s.name === 'Upendo Safe House')!;
  const [c, d] = [keyedShelter.id, neighbour.id].sort();
  scoredCandidateId = (
    await prisma.duplicateCandidate.create({
      data: { facilityAId: c, facilityBId: d, score: EXACT_SCORE, features: { name: 0.41, type: 0.5, distanceKm: 0.9, sameWard: false, sameConstituency: true, sharedPhone: false } },
    })
  ).id;

  // Route 2: the next delivery of the file leaves the keyed shelter out.
  const second = await runImport(world.api.db, [{ fileName: 'category_A-2027-01.json', content: delivery(delivered.map((x) => x.name).filter((n) => n !== 'Upendo Safe House')) }]);
  expect(second.finalStatus).toBe('SUCCEEDED');
  secondDeliveryRunId = second.id;
});
afterAll(() => world?.close());

/** Nothing in the answer places any of the shelters. */
function expectNothingPlaces(answer: Answer<unknown>, what: string) {
  for (const s of shelters) {
    expect(answer.text, `${what}: latitude of ${s.name}`).not.toContain(String(s.latitude));
    expect(answer.text, `${what}: longitude of ${s.name}`).not.toContain(String(s.longitude));
    expect(answer.text, `${what}: address of ${s.name}`).not.toContain(s.address);
  }
}

const LOCATED = 'code confidentialLocation location { latitude longitude } address ward { code name } distanceKm';
type Located = { code: string; confidentialLocation: boolean; location: unknown; address: unknown; ward: unknown; distanceKm: unknown };

function expectWithheld(node: Located | undefined, what: string) {
  expect(node, what).toBeDefined();
  expect({ ...node!, code: undefined }, what).toEqual({ code: undefined, confidentialLocation: true, location: null, address: null, ward: null, distanceKm: null });
}

/** The unkeyed form of a record key: what anyone can compute from a name and a guessed ward. */
function unkeyedNameKey(searchName: string, countyCode: string, constituencyCode: string, wardCode: string): string {
  return createHash('sha256').update(`${searchName}|${countyCode}/${constituencyCode}/${wardCode}`).digest('hex').slice(0, 24);
}

describe('issue 21.1: a public facility merged into a shelter', () => {
  it('is as confidential as the shelter: no coordinates or address, not near its own point even with includeInactive', async () => {
    const row = await world.call<{ facility: Located & { isActive: boolean } }>(
      { ...anonymous, label: 'anonymous' },
      `{ facility(id: "${globalId(mergedAway.id)}") { ${LOCATED} isActive } }`,
    );
    expect(row.errors).toEqual([]);
    const { isActive, ...located } = row.data!.facility;
    expect(isActive).toBe(false);
    expectWithheld(located, 'the merged-away row');
    const near = await world.call<{ facilities: { edges: { node: { code: string } }[] } }>(
      { ...anonymous, label: 'anonymous' },
      `{ facilities(first: 100, filter: { includeInactive: true, near: { latitude: ${mergedAway.latitude}, longitude: ${mergedAway.longitude}, radiusKm: 1 } }) { edges { node { code } } } }`,
    );
    expect(near.errors).toEqual([]);
    expect(near.data!.facilities.edges.map((e) => e.node.code)).not.toContain(mergedAway.code);
    expectNothingPlaces(near, 'near');
  });

  it('an import never merges a public record into a shelter on its own: it is flagged for review and withheld meanwhile', async () => {
    const tumaini = shelters.find((s) => s.name === 'Tumaini Centre')!;
    // The same place, name and phone as the shelter, from a file that does not say it is one.
    const record = { organization_name: 'Tumaini Centre', services: [{ name: 'Counselling', available: true }], location: { county: place.county, constituency: place.constituency, ward: place.ward, latitude: tumaini.latitude, longitude: tumaini.longitude }, phone: '+254 722 410321' };
    const run = await runImport(world.api.db, [{ fileName: 'category_B-2026-12.json', content: JSON.stringify({ category: 'B', description: 'GBV organisations', organizations: [record] }) }]);
    const loaded = await world.api.db.prisma.sourceRecord.findFirstOrThrow({ where: { importRunId: run.id } });
    expect(loaded.outcome).toBe('FLAGGED');
    const twin = () => world.call<{ facility: Located }>({ ...anonymous, label: 'anonymous' }, `{ facility(id: "${globalId(loaded.facilityId!)}") { ${LOCATED} } }`);
    expectWithheld((await twin()).data!.facility, 'the public twin of a shelter, awaiting review');

    // Neither a reviewer's NOT_DUPLICATE nor a newer delivery of the record publishes it.
    const pair = await world.api.db.prisma.duplicateCandidate.findFirstOrThrow({ where: { OR: [{ facilityAId: loaded.facilityId! }, { facilityBId: loaded.facilityId! }], status: 'OPEN' } });
    const decided = await world.call(engineer, `mutation { resolveDuplicate(input: { candidateId: "${pair.id}", decision: NOT_DUPLICATE }) { status } }`);
    expect(decided.errors).toEqual([]);
    const newer = { ...record, phone: '+254 722 410322' };
    const again = await runImport(world.api.db, [{ fileName: 'category_B-2027-01.json', content: JSON.stringify({ category: 'B', description: 'GBV organisations', organizations: [newer] }) }]);
    expect((await world.api.db.prisma.sourceRecord.findFirstOrThrow({ where: { importRunId: again.id } })).outcome).toBe('UPDATED');
    expectWithheld((await twin()).data!.facility, 'the public twin, decided and delivered again');
  });
});

describe('issue 21.2: a record key derived from the withheld ward', () => {
  it('MISSING_FROM_DELIVERY gives a DATA_ANALYST nothing to test ward guesses against', async () => {
    const answer = await world.call<{ importRun: { issues: { edges: { node: { code: string; message: string } }[] } } }>(
      analyst,
      `{ importRun(id: "${secondDeliveryRunId}") { issues(first: 100, code: "MISSING_FROM_DELIVERY") { edges { node { code message } } } } }`,
    );
    expect(answer.errors).toEqual([]);
    const messages = answer.data!.importRun.issues.edges.map((e) => e.node.message);
    expect(messages.length).toBeGreaterThan(0);
    // The attack: the name, county and constituency are visible; try every ward of the constituency.
    const facility = await world.api.db.prisma.facility.findUniqueOrThrow({ where: { id: keyedShelter.id } });
    const wards = await world.api.db.prisma.ward.findMany({ where: { constituencyCode: place.constituencyCode } });
    const confirmed = wards.filter((w) => messages.some((m) => m.includes(unkeyedNameKey(facility.searchName, place.countyCode, place.constituencyCode, w.code))));
    expect(confirmed.map((w) => w.code)).toEqual([]);
  });

  it('no stored record key is the unkeyed hash of a name and a place', async () => {
    const records = await world.api.db.prisma.sourceRecord.findMany({ where: { facilityId: keyedShelter.id }, select: { sourceKey: true } });
    const facility = await world.api.db.prisma.facility.findUniqueOrThrow({ where: { id: keyedShelter.id } });
    const guess = unkeyedNameKey(facility.searchName, place.countyCode, place.constituencyCode, place.wardCode);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r.sourceKey).not.toContain(guess);
  });
});

describe('issue 21.3: the score of a pair with a shelter', () => {
  type Pairs = { duplicateCandidates: { edges: { node: { id: string; score: number | null; explanation: { distanceKm: number | null; sameWard: boolean | null; details: string } } }[] } };
  const pairs = (minScore?: number) =>
    `{ duplicateCandidates(first: 100${minScore === undefined ? '' : `, minScore: ${minScore}`}) { edges { node { id score explanation { distanceKm sameWard details } } } } }`;

  it('is not shown to a DATA_ANALYST precisely enough to solve for the distance', async () => {
    const answer = await world.call<Pairs>(analyst, pairs());
    expect(answer.errors).toEqual([]);
    const pair = answer.data!.duplicateCandidates.edges.find((e) => e.node.id === scoredCandidateId)!.node;
    expect(pair.score).toBeNull();
    expect(answer.text).not.toContain(String(EXACT_SCORE));
    expect(pair.explanation.distanceKm).toBeNull();
    expect(pair.explanation.sameWard).toBeNull();
  });

  it('cannot be bracketed with minScore', async () => {
    const listedAt = async (minScore: number) =>
      (await world.call<Pairs>(analyst, pairs(minScore))).data!.duplicateCandidates.edges.some((e) => e.node.id === scoredCandidateId);
    expect(await listedAt(EXACT_SCORE - 0.0001)).toBe(await listedAt(EXACT_SCORE + 0.0001));
  });

  it('the queue pages forwards and backwards in the same order as one page', async () => {
    type Page = { duplicateCandidates: { edges: { cursor: string; node: { id: string } }[] } };
    // A queue of public pairs and pairs with a shelter, made for this test.
    const prisma = world.api.db.prisma;
    const publics = await prisma.facility.findMany({ where: { confidentialLocation: false, isActive: true }, orderBy: { code: 'asc' }, take: 5 });
    const pairs: [string, string, number][] = [
      [publics[0].id, publics[1].id, 0.52],
      [publics[2].id, publics[3].id, 0.81],
      [keyedShelter.id, publics[4].id, 0.66],
    ];
    const made = await Promise.all(pairs.map(([x, y, score]) => {
      const [facilityAId, facilityBId] = [x, y].sort();
      return prisma.duplicateCandidate.create({ data: { facilityAId, facilityBId, score, features: { name: 0.5 } } });
    }));
    const all = (await world.call<Page>(analyst, '{ duplicateCandidates(first: 100, status: MERGED) { edges { cursor node { id } } } }')).data!.duplicateCandidates.edges;
    const open = (await world.call<Page>(analyst, '{ duplicateCandidates(first: 100) { edges { cursor node { id } } } }')).data!.duplicateCandidates.edges;
    expect(open.length).toBeGreaterThan(1);
    for (const edges of [all, open].filter((e) => e.length > 1)) {
      const status = edges === all ? 'MERGED' : 'OPEN';
      const forwards: string[] = [];
      let after: string | null = null;
      do {
        const page: Page = (await world.call<Page>(analyst, `{ duplicateCandidates(first: 1, status: ${status}${after ? `, after: "${after}"` : ''}) { edges { cursor node { id } } } }`)).data!;
        forwards.push(...page.duplicateCandidates.edges.map((e) => e.node.id));
        after = page.duplicateCandidates.edges.at(-1)?.cursor ?? null;
      } while (after !== null && forwards.length <= edges.length);
      expect(forwards).toEqual(edges.map((e) => e.node.id));
      const last = await world.call<Page>(analyst, `{ duplicateCandidates(last: 1, status: ${status}, before: "${edges.at(-1)!.cursor}") { edges { node { id } } } }`);
      expect(last.data!.duplicateCandidates.edges.map((e) => e.node.id)).toEqual([edges.at(-2)!.node.id]);
    }
    // Scored pairs first, highest first; then the pairs with a shelter.
    const order = open.map((e) => e.node.id);
    const at = (i: number) => order.indexOf(made[i].id);
    expect(at(1)).toBeLessThan(at(0));
    expect(at(0)).toBeLessThan(at(2));
    expect(at(0)).toBeLessThan(order.indexOf(scoredCandidateId));
    await prisma.duplicateCandidate.deleteMany({ where: { id: { in: made.map((m) => m.id) } } });
  });

  it('is shown to a DATA_ENGINEER', async () => {
    const answer = await world.call<Pairs>(engineer, pairs());
    expect(answer.data!.duplicateCandidates.edges.find((e) => e.node.id === scoredCandidateId)!.node.score).toBe(EXACT_SCORE);
  });
});

describe('issue 21.4: safe houses known by their name or their services', () => {
  it.each(ROUTE_4_NAMES)('%s is confidential by default', async (name) => {
    const shelter = shelters.find((s) => s.name === name)!;
    const answer = await world.call<{ facility: Located }>({ ...anonymous, label: 'anonymous' }, `{ facility(id: "${globalId(shelter.id)}") { ${LOCATED} } }`);
    expect(answer.errors).toEqual([]);
    expectWithheld(answer.data!.facility, name);
  });

  it('a DATA_ENGINEER may lift it, audited; nobody below may', async () => {
    const wema = shelters.find((s) => s.name === 'Wema Safehouse')!;
    const refused = await world.call(analyst, `mutation { setConfidentialLocation(id: "${globalId(wema.id)}", confidential: false) { confidentialLocation } }`);
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const lifted = await world.call(engineer, `mutation { setConfidentialLocation(id: "${globalId(wema.id)}", confidential: false) { confidentialLocation } }`);
    expect(lifted.errors).toEqual([]);
    const audit = await world.api.db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: wema.id, action: 'FACILITY_CONFIDENTIALITY_SET' }, orderBy: { id: 'desc' } });
    expect(audit.actorRole).toBe('DATA_ENGINEER');
    const restored = await world.call(engineer, `mutation { setConfidentialLocation(id: "${globalId(wema.id)}", confidential: true) { confidentialLocation } }`);
    expect(restored.errors).toEqual([]);
  });
});

// ---------------------------------------------------------------- the matrix

/** Who is below DATA_ENGINEER, and which of the review paths each may ask (the others are refused). */
const LOW = [
  { label: 'anonymous (public directory on)', issues: false, candidates: false },
  { label: 'a PARTNER API key', issues: false, candidates: false },
  { label: 'a VIEWER user', issues: false, candidates: false },
  { label: 'a DATA_ANALYST API key', issues: true, candidates: true },
  // Import runs are registry-wide, so national only; the queue is cut to the county.
  { label: "a DATA_ANALYST API key of the shelters' county", issues: false, candidates: true },
];

/** Every path a facility is read through, asked for one shelter. */
function pathsFor(s: Shelter): { path: string; query: string; located: (data: Record<string, unknown>) => (Located | undefined)[] }[] {
  const edges = (conn: unknown) => ((conn as { edges: { node: Located }[] }).edges ?? []).map((e) => e.node);
  const mine = (nodes: Located[]) => nodes.filter((n) => n.code === s.code);
  return [
    { path: 'facilities (search, includeInactive)', query: `{ x: facilities(first: 100, filter: { search: ${JSON.stringify(s.name)}, includeInactive: true }) { edges { node { ${LOCATED} } } } }`, located: (d) => mine(edges(d.x)) },
    { path: 'facility(id)', query: `{ x: facility(id: "${globalId(s.id)}") { ${LOCATED} } }`, located: (d) => [d.x as Located] },
    { path: 'node(id)', query: `{ x: node(id: "${globalId(s.id)}") { ... on Facility { ${LOCATED} } } }`, located: (d) => [d.x as Located] },
    { path: 'facilityByCode', query: `{ x: facilityByCode(code: "${s.code}") { ${LOCATED} } }`, located: (d) => [d.x as Located] },
    { path: 'county.facilities (includeInactive)', query: `{ x: county(code: "${place.countyCode}") { facilities(first: 100, filter: { includeInactive: true }) { edges { node { ${LOCATED} } } } } }`, located: (d) => mine(edges((d.x as { facilities: unknown }).facilities)) },
    { path: 'constituency.facilities (includeInactive)', query: `{ x: constituency(code: "${place.constituencyCode}") { facilities(first: 100, filter: { includeInactive: true }) { edges { node { ${LOCATED} } } } } }`, located: (d) => mine(edges((d.x as { facilities: unknown }).facilities)) },
  ];
}

describe.each(LOW.map((who, index) => ({ ...who, index })))('for $label', ({ index, issues, candidates }) => {
  const caller = () => low[index];

  it('every shelter on every facility path: listed at most without its place, and nothing in the answer places it', async () => {
    for (const s of shelters.filter((x) => x.route !== 'the survivor of a merge')) {
      for (const { path, query, located } of pathsFor(s)) {
        // Kept answers must not carry what an ADMIN was shown: an ADMIN asks first.
        expect((await world.call(admin, query)).errors, `${path} as ADMIN`).toEqual([]);
        const answer = await world.call<Record<string, unknown>>(caller(), query);
        expect(answer.errors, `${s.name}: ${path}`).toEqual([]);
        for (const node of located(answer.data!)) if (node) expectWithheld(node, `${s.name}: ${path}`);
        expectNothingPlaces(answer, `${s.name}: ${path}`);
      }
    }
  });

  it('near each shelter (includeInactive, by distance and by name): none of them listed, counted or ranked', async () => {
    for (const s of shelters) {
      for (const order of ['orderBy: { field: DISTANCE }', 'orderBy: { field: NAME }']) {
        const query = `{ facilities(first: 100, ${order} filter: { includeInactive: true, near: { latitude: ${s.latitude}, longitude: ${s.longitude}, radiusKm: 3 } }) { totalCount edges { node { code distanceKm } } } }`;
        await world.call(admin, query);
        const answer = await world.call<{ facilities: { totalCount: number; edges: { node: { code: string } }[] } }>(caller(), query);
        expect(answer.errors).toEqual([]);
        const listed = answer.data!.facilities.edges.map((e) => e.node.code);
        expect(listed.filter((code) => shelters.some((x) => x.code === code)), `near ${s.name}`).toEqual([]);
        expect(answer.data!.facilities.totalCount).toBe(listed.length);
        expectNothingPlaces(answer, `near ${s.name}`);
      }
    }
  });

  it('their ward: nothing listed under it, counted in it (the county tree warmed by an ADMIN first) or found by wardCode', async () => {
    const tree = '{ counties { code constituencies { code wards { code facilityCount } } } }';
    await world.call(admin, tree);
    const counted = await world.call<{ counties: { constituencies: { wards: { code: string; facilityCount: number }[] }[] }[] }>(caller(), tree);
    expect(counted.errors).toEqual([]);
    const ward = counted.data!.counties.flatMap((c) => c.constituencies).flatMap((c) => c.wards).find((w) => w.code === place.wardCode)!;
    expect(ward.facilityCount).toBe(0);
    const query = `{ ward(code: "${place.wardCode}") { facilityCount facilities(filter: { includeInactive: true }) { totalCount edges { node { code } } } }
                     facilities(filter: { wardCode: "${place.wardCode}", includeInactive: true }) { totalCount } }`;
    await world.call(admin, query);
    const answer = await world.call<{ ward: { facilityCount: number; facilities: { totalCount: number } }; facilities: { totalCount: number } }>(caller(), query);
    expect(answer.errors).toEqual([]);
    expect([answer.data!.ward.facilityCount, answer.data!.ward.facilities.totalCount, answer.data!.facilities.totalCount]).toEqual([0, 0, 0]);
  });

  it('import issues, duplicate candidates and lineage: nothing places a shelter; refused below DATA_ANALYST', async () => {
    const runs = await world.api.db.prisma.importRun.findMany({ select: { id: true } });
    for (const run of runs) {
      const answer = await world.call(caller(), `{ importRun(id: "${run.id}") { issues(first: 100) { edges { node { code message field pointer } } } } }`);
      if (!issues) expect(answer.data?.importRun ?? null).toBeNull();
      else expect(answer.errors).toEqual([]);
      expectNothingPlaces(answer, `issues of run ${run.id}`);
    }
    for (const status of ['OPEN', 'MERGED', 'NOT_DUPLICATE']) {
      const answer = await world.call<{ duplicateCandidates: { edges: { node: { score: number | null; facilities: { code: string }[] } }[] } }>(
        caller(),
        `{ duplicateCandidates(first: 100, status: ${status}) { edges { node { score explanation { distanceKm sameWard details } facilities { ${LOCATED} } } } } }`,
      );
      if (!candidates) {
        expect(answer.data?.duplicateCandidates ?? null).toBeNull();
        continue;
      }
      expect(answer.errors).toEqual([]);
      for (const { node } of answer.data!.duplicateCandidates.edges) {
        if (node.facilities.some((f) => shelters.some((s) => s.code === f.code))) expect(node.score, status).toBeNull();
      }
      expectNothingPlaces(answer, `${status} candidates`);
    }
    for (const s of shelters) {
      const answer = await world.call(caller(), `{ facility(id: "${globalId(s.id)}") { sources { kind fileName pointer outcome importRun { id } } } }`);
      if (!candidates) expect(answer.errors.length).toBeGreaterThan(0);
      expectNothingPlaces(answer, `lineage of ${s.name}`);
    }
  });

  it('the audit trail, where every merge and creation is written down, is refused', async () => {
    for (const s of shelters) {
      const answer = await world.call(caller(), `{ auditTrail(entityId: "${s.id}", first: 50) { edges { node { action before after } } } }`);
      expect(answer.errors.length).toBeGreaterThan(0);
      expect(answer.data?.auditTrail ?? null).toBeNull();
      expectNothingPlaces(answer, `audit of ${s.name}`);
    }
  });
});

describe('for a DATA_ENGINEER and an ADMIN', () => {
  it('every shelter is confidential, and its place is shown', async () => {
    for (const caller of [engineer, admin]) {
      for (const s of shelters) {
        const answer = await world.call<{ facility: Located }>(caller, `{ facility(id: "${globalId(s.id)}") { ${LOCATED} } }`);
        expect(answer.data!.facility.confidentialLocation, s.name).toBe(true);
        expect(answer.data!.facility.location, s.name).not.toBeNull();
      }
    }
  });
});
