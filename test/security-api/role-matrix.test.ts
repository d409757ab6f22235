// Each role against each operation: an operation is either answered (its own errors, such as
// NOT_FOUND or BAD_USER_INPUT, are fine) or refused before it runs with FORBIDDEN — or
// UNAUTHENTICATED for a caller with no credential — and no data. Mutations are sent with inputs
// that fail harmlessly once allowed, so the matrix leaves the registry as it found it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/enums.js';
import { anonymous, codes, globalId, ROLES_BY_RANK, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

interface Operation {
  name: string;
  /** The least role that may run it; anonymous callers never may (the public directory is off). */
  least: Role;
  query: (ids: Fixture) => string;
}

interface Fixture {
  facilityId: string;
  facilityCode: string;
  importRunId: string;
}

const NO_SUCH = '00000000-0000-4000-8000-000000000000';

const OPERATIONS: Operation[] = [
  { name: 'list facilities', least: 'PARTNER', query: () => '{ facilities(first: 2) { totalCount edges { node { code } } } }' },
  { name: 'read a facility by id', least: 'PARTNER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { code } }` },
  { name: 'read a facility by code', least: 'PARTNER', query: (f) => `{ facilityByCode(code: "${f.facilityCode}") { code } }` },
  { name: 'read a facility as a Relay node', least: 'PARTNER', query: (f) => `{ node(id: "${globalId(f.facilityId)}") { id } nodes(ids: ["${globalId(f.facilityId)}"]) { id } }` },
  { name: 'read the geography', least: 'PARTNER', query: () => '{ counties { code facilityCount } county(code: "047") { name } constituency(code: "275") { name } ward(code: "1371") { name } }' },
  { name: 'read the service taxonomy', least: 'PARTNER', query: () => '{ serviceCategories { key } }' },
  { name: 'read public contacts', least: 'PARTNER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { contacts { value } } }` },
  { name: 'read named contact persons (masked or not)', least: 'PARTNER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { contactPersons { name } } }` },
  { name: 'read a facility\'s lineage', least: 'DATA_ANALYST', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { sources { kind pointer } } }` },
  { name: 'read the quality report', least: 'DATA_ANALYST', query: () => '{ qualityReport { facilities } }' },
  { name: 'read duplicate candidates', least: 'DATA_ANALYST', query: () => '{ duplicateCandidates(first: 5) { edges { node { id } } } }' },
  { name: 'list import runs', least: 'DATA_ANALYST', query: () => '{ importRuns(first: 5) { edges { node { id status } } } }' },
  { name: 'read an import run with its issues', least: 'DATA_ANALYST', query: (f) => `{ importRun(id: "${f.importRunId}") { status issues(first: 2) { totalCount } } }` },
  { name: 'read raw lineage records', least: 'DATA_ENGINEER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { sources { raw } } }` },
  { name: 'import sources', least: 'DATA_ENGINEER', query: () => 'mutation { importSources(input: { sources: [{ path: "no-such-file.json" }] }) { id } }' },
  { name: 'retry an import run', least: 'DATA_ENGINEER', query: () => `mutation { retryImportRun(id: "${NO_SUCH}") { id } }` },
  { name: 'resolve a duplicate', least: 'DATA_ENGINEER', query: () => `mutation { resolveDuplicate(input: { candidateId: "${NO_SUCH}", decision: NOT_DUPLICATE }) { id } }` },
  { name: 'unmerge a facility', least: 'DATA_ENGINEER', query: (f) => `mutation { unmergeFacility(id: "${globalId(f.facilityId)}") { id } }` },
  { name: 'edit a facility', least: 'DATA_ENGINEER', query: (f) => `mutation { updateFacility(id: "${globalId(f.facilityId)}", input: { name: "" }) { id } }` },
  { name: 'set a confidential location', least: 'DATA_ENGINEER', query: () => `mutation { setConfidentialLocation(id: "${globalId(NO_SUCH)}", confidential: true) { id } }` },
  { name: 'list API keys', least: 'ADMIN', query: () => '{ apiKeys { id prefix } }' },
  { name: 'create an API key', least: 'ADMIN', query: () => 'mutation { createApiKey(input: { name: "", role: VIEWER }) { key } }' },
  { name: 'revoke an API key', least: 'ADMIN', query: () => `mutation { revokeApiKey(id: "${NO_SUCH}") { id } }` },
  { name: 'read the audit trail', least: 'ADMIN', query: () => '{ auditTrail(first: 5) { edges { node { action } } } }' },
];

const RANK = new Map(ROLES_BY_RANK.map((role, index) => [role, index]));
/** PARTNER and VIEWER are peers (principal.ts): either one satisfies the other. */
const mayRun = (role: Role, least: Role) => Math.max(RANK.get(role)!, 1) >= Math.max(RANK.get(least)!, 1);

let world: SecurityApi;
let fixture: Fixture;
const callers = new Map<string, Caller>();

beforeAll(async () => {
  world = await startSecurityApi();
  const station = await world.api.db.prisma.facility.findFirstOrThrow({
    where: { type: 'POLICE_STATION', contactPersons: { some: {} } },
    orderBy: { code: 'asc' },
  });
  const run = await world.api.db.prisma.importRun.findFirstOrThrow();
  fixture = { facilityId: station.id, facilityCode: station.code, importRunId: run.id };
  callers.set('anonymous', anonymous);
  for (const role of ROLES_BY_RANK) {
    callers.set(`${role} user`, await userCaller(role));
    callers.set(`${role} API key`, await world.keyCaller(role));
  }
});
afterAll(() => world?.close());

const REFUSALS = ['FORBIDDEN', 'UNAUTHENTICATED'];

describe.each(OPERATIONS)('$name (at least $least)', (operation) => {
  it('is refused to anonymous callers with UNAUTHENTICATED and no data', async () => {
    const answer = await world.call(anonymous, operation.query(fixture));
    expect(answer.errors.length).toBeGreaterThan(0);
    expect(new Set(codes(answer))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(JSON.stringify(answer.data ?? null)).not.toMatch(/GVRC-|"key"|"action"|"status"/);
  });

  for (const role of ROLES_BY_RANK) {
    for (const credential of ['user', 'API key'] as const) {
      const allowed = mayRun(role, operation.least);
      it(`${allowed ? 'is answered for' : 'is refused with FORBIDDEN to'} a ${role} ${credential}`, async () => {
        const answer = await world.call(callers.get(`${role} ${credential}`)!, operation.query(fixture));
        if (allowed) {
          expect(codes(answer).filter((code) => REFUSALS.includes(String(code)))).toEqual([]);
        } else {
          expect(answer.errors.length).toBeGreaterThan(0);
          expect(new Set(codes(answer))).toEqual(new Set(['FORBIDDEN']));
          for (const error of answer.errors) expect(error.message).toBe('Not allowed.');
        }
      });
    }
  }
});

describe('refusals reveal nothing', () => {
  it('a refused lookup reads the same whether the record exists or not', async () => {
    const viewer = callers.get('VIEWER user')!;
    const existing = await world.call(viewer, `{ importRun(id: "${fixture.importRunId}") { id status } }`);
    const missing = await world.call(viewer, `{ importRun(id: "${NO_SUCH}") { id status } }`);
    expect(existing.errors).toEqual(missing.errors);
    expect(existing.data).toEqual(missing.data);
    const anon = await world.call(anonymous, `{ facility(id: "${globalId(fixture.facilityId)}") { id } }`);
    const anonMissing = await world.call(anonymous, `{ facility(id: "${globalId(NO_SUCH)}") { id } }`);
    expect(anon.errors).toEqual(anonMissing.errors);
  });

  it('a refused mutation of an existing record reads the same as one of a missing record', async () => {
    const analyst = callers.get('DATA_ANALYST API key')!;
    const existing = await world.call(analyst, `mutation { setConfidentialLocation(id: "${globalId(fixture.facilityId)}", confidential: false) { id } }`);
    const missing = await world.call(analyst, `mutation { setConfidentialLocation(id: "${globalId(NO_SUCH)}", confidential: false) { id } }`);
    expect(existing.errors).toEqual(missing.errors);
    expect(codes(existing)).toEqual(['FORBIDDEN']);
  });

  it('the refused part of a query is refused alone: what the caller may read is still answered', async () => {
    const viewer = callers.get('VIEWER API key')!;
    const answer = await world.call<{ facility: { code: string; sources: unknown } | null }>(
      viewer,
      `{ facility(id: "${globalId(fixture.facilityId)}") { code sources { kind } } }`,
    );
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(answer.errors[0].path).toEqual(['facility', 'sources']);
    // `sources` is non-null, so the refusal empties its parent: the facility itself is withheld too.
    expect(answer.data?.facility ?? null).toBeNull();
  });
});
