// Each role against each operation: an operation is either answered as it is specified below —
// with data, or with the one error its input must provoke (NOT_FOUND, BAD_USER_INPUT) — or
// refused before it runs with FORBIDDEN (UNAUTHENTICATED for a caller with no credential) and no
// data. Any other answer, an INTERNAL_SERVER_ERROR included, fails the matrix. Reads use records
// that exist; mutations are sent with inputs that fail harmlessly once allowed (a missing record,
// an invalid value), so the matrix leaves the registry as it found it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/enums.js';
import { anonymous, codes, globalId, ROLES_BY_RANK, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

interface Operation {
  name: string;
  /** The least role that may run it; anonymous callers never may (the public directory is off). */
  least: Role;
  query: (ids: Fixture) => string;
  /** What an allowed caller gets: data in every top-level field, or this one error code. */
  answer: 'data' | 'NOT_FOUND' | 'BAD_USER_INPUT';
}

interface Fixture {
  facilityId: string;
  facilityCode: string;
  importRunId: string;
}

const NO_SUCH = '00000000-0000-4000-8000-000000000000';

const OPERATIONS: Operation[] = [
  { name: 'list facilities', least: 'PARTNER', query: () => '{ facilities(first: 2) { totalCount edges { node { code } } } }', answer: 'data' },
  { name: 'read a facility by id', least: 'PARTNER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { code } }`, answer: 'data' },
  { name: 'read a facility by code', least: 'PARTNER', query: (f) => `{ facilityByCode(code: "${f.facilityCode}") { code } }`, answer: 'data' },
  { name: 'read a facility as a Relay node', least: 'PARTNER', query: (f) => `{ node(id: "${globalId(f.facilityId)}") { id } nodes(ids: ["${globalId(f.facilityId)}"]) { id } }`, answer: 'data' },
  { name: 'read the geography', least: 'PARTNER', query: () => '{ counties { code facilityCount } county(code: "047") { name } constituency(code: "275") { name } ward(code: "1371") { name } }', answer: 'data' },
  { name: 'read the service taxonomy', least: 'PARTNER', query: () => '{ serviceCategories { key } }', answer: 'data' },
  { name: 'read public contacts', least: 'PARTNER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { contacts { value } } }`, answer: 'data' },
  { name: 'read named contact persons (masked or not)', least: 'PARTNER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { contactPersons { name } } }`, answer: 'data' },
  { name: 'read a facility\'s lineage', least: 'DATA_ANALYST', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { sources { kind pointer } } }`, answer: 'data' },
  { name: 'read the quality report', least: 'DATA_ANALYST', query: () => '{ qualityReport { facilities } }', answer: 'data' },
  { name: 'read duplicate candidates', least: 'DATA_ANALYST', query: () => '{ duplicateCandidates(first: 5) { edges { node { id } } } }', answer: 'data' },
  { name: 'list import runs', least: 'DATA_ANALYST', query: () => '{ importRuns(first: 5) { edges { node { id status } } } }', answer: 'data' },
  { name: 'read an import run with its issues', least: 'DATA_ANALYST', query: (f) => `{ importRun(id: "${f.importRunId}") { status issues(first: 2) { totalCount } } }`, answer: 'data' },
  { name: 'read raw lineage records', least: 'DATA_ENGINEER', query: (f) => `{ facility(id: "${globalId(f.facilityId)}") { sources { raw } } }`, answer: 'data' },
  { name: 'import sources', least: 'DATA_ENGINEER', query: () => 'mutation { importSources(input: { sources: [{ path: "no-such-file.json" }] }) { id } }', answer: 'BAD_USER_INPUT' },
  { name: 'resolve a duplicate', least: 'DATA_ENGINEER', query: () => `mutation { resolveDuplicate(input: { candidateId: "${NO_SUCH}", decision: NOT_DUPLICATE }) { id } }`, answer: 'NOT_FOUND' },
  { name: 'unmerge a facility', least: 'DATA_ENGINEER', query: (f) => `mutation { unmergeFacility(id: "${globalId(f.facilityId)}") { id } }`, answer: 'NOT_FOUND' },
  { name: 'edit a facility', least: 'DATA_ENGINEER', query: (f) => `mutation { updateFacility(id: "${globalId(f.facilityId)}", input: { name: "" }) { id } }`, answer: 'BAD_USER_INPUT' },
  { name: 'set a confidential location', least: 'DATA_ENGINEER', query: () => `mutation { setConfidentialLocation(id: "${globalId(NO_SUCH)}", confidential: true) { id } }`, answer: 'NOT_FOUND' },
  { name: 'list what is still unknown', least: 'DATA_ENGINEER', query: () => `{ unknownPlaces(runId: "${NO_SUCH}") { text } unknownServices(runId: "${NO_SUCH}") { text } }`, answer: 'data' },
  { name: 'teach a place alias', least: 'DATA_ENGINEER', query: () => 'mutation { teachPlaceAlias(input: { text: "x", level: COUNTY, code: "999" }) { code } }', answer: 'BAD_USER_INPUT' },
  { name: 'teach a service synonym', least: 'DATA_ENGINEER', query: () => 'mutation { teachServiceSynonym(input: { text: "x", serviceKey: "no_such_key" }) { text } }', answer: 'BAD_USER_INPUT' },
  { name: 'reprocess stored records', least: 'DATA_ENGINEER', query: () => `mutation { reprocessRecords(runId: "${NO_SUCH}") { recovered } }`, answer: 'data' },
  { name: 'retry an import run', least: 'DATA_ENGINEER', query: () => `mutation { retryImportRun(id: "${NO_SUCH}") { id } }`, answer: 'NOT_FOUND' },
  { name: 'list API keys', least: 'ADMIN', query: () => '{ apiKeys { id prefix } }', answer: 'data' },
  { name: 'create an API key', least: 'ADMIN', query: () => 'mutation { createApiKey(input: { name: "", role: VIEWER }) { key } }', answer: 'BAD_USER_INPUT' },
  { name: 'revoke an API key', least: 'ADMIN', query: () => `mutation { revokeApiKey(id: "${NO_SUCH}") { id } }`, answer: 'NOT_FOUND' },
  { name: 'read the audit trail', least: 'ADMIN', query: () => '{ auditTrail(first: 5) { edges { node { action } } } }', answer: 'data' },
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
        if (allowed && operation.answer === 'data') {
          expect(answer.errors).toEqual([]);
          expect(answer.data).toBeTruthy();
          for (const [field, value] of Object.entries(answer.data!)) expect(value, field).not.toBeNull();
        } else if (allowed) {
          expect(codes(answer)).toEqual([operation.answer]);
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
    // Only the refused field is null: the facility around it is answered (issue 22, item 8).
    expect(answer.data?.facility).toEqual({ code: expect.any(String), sources: null });
  });
});
