// Every mutation writes an audit event naming the actor, the role and the request id; so does an
// authenticated caller's refused mutation. Administrators read the trail by entity or by actor,
// a page at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { sampleSources } from '../support/imports.js';
import { anonymous, codes, globalId, startSecurityApi, userCaller, type Answer, type Caller, type SecurityApi } from './support.js';

let world: SecurityApi;
let admin: Caller;
let engineer: Caller & { keyId: string };

beforeAll(async () => {
  world = await startSecurityApi();
  admin = await userCaller('ADMIN', { subject: 'auditor-admin' });
  engineer = await world.keyCaller('DATA_ENGINEER', { name: 'audited-engineer' });
});
afterAll(() => world?.close());

async function facilityNamed(type: 'HEALTH_FACILITY' | 'POLICE_STATION', skip = 0) {
  return world.api.db.prisma.facility.findMany({ where: { type, isActive: true }, orderBy: { code: 'asc' }, skip, take: 2 });
}

async function openCandidate(skip: number) {
  const [a, b] = (await facilityNamed('HEALTH_FACILITY', skip)).map((f) => f.id).sort();
  return world.api.db.prisma.duplicateCandidate.create({ data: { facilityAId: a, facilityBId: b, score: 0.8, features: { name: 0.8 } } });
}

interface MutationCase {
  field: string;
  caller: () => Caller;
  /** Sends the mutation (after any setup it needs) and returns its answer. */
  run: () => Promise<Answer>;
  action: string;
  actorRole: string;
}

const CASES: MutationCase[] = [
  {
    field: 'teachPlaceAlias',
    caller: () => engineer,
    action: 'PLACE_ALIAS_TAUGHT',
    actorRole: 'DATA_ENGINEER',
    run: () => world.call(engineer, 'mutation { teachPlaceAlias(input: { text: "Audited Plateau", level: COUNTY, code: "047" }) { code } }'),
  },
  {
    field: 'teachServiceSynonym',
    caller: () => engineer,
    action: 'SERVICE_SYNONYM_TAUGHT',
    actorRole: 'DATA_ENGINEER',
    run: () => world.call(engineer, 'mutation { teachServiceSynonym(input: { text: "Audited service", serviceKey: "shelter" }) { text } }'),
  },
  {
    field: 'reprocessRecords',
    caller: () => engineer,
    action: 'RECORDS_REPROCESSED',
    actorRole: 'DATA_ENGINEER',
    run: () => world.call(engineer, 'mutation { reprocessRecords { recovered } }'),
  },
  {
    field: 'importSources',
    caller: () => admin,
    action: 'IMPORT_REQUESTED',
    actorRole: 'ADMIN',
    run: async () => {
      const source = sampleSources().find((s) => s.fileName === 'equity_afya.json')!;
      const answer = await world.call(admin, 'mutation ($input: ImportSourcesInput!) { importSources(input: $input) { id } }', {
        input: { sources: [{ content: source.content, fileName: source.fileName }], dryRun: true },
      });
      await world.api.idle();
      return answer;
    },
  },
  {
    field: 'retryImportRun',
    caller: () => engineer,
    action: 'IMPORT_RETRIED',
    actorRole: 'DATA_ENGINEER',
    run: async () => {
      // A run that fails: police stations declared as an Equity Afya file (WRONG_KIND).
      const source = sampleSources().find((s) => s.fileName === 'kps_stations.json')!;
      const failed = await world.call(admin, 'mutation ($input: ImportSourcesInput!) { importSources(input: $input) { id } }', {
        input: { sources: [{ content: source.content, kind: 'equity_afya' }] },
      });
      await world.api.idle();
      const id = (failed.data as { importSources: { id: string } }).importSources.id;
      const answer = await world.call(engineer, `mutation { retryImportRun(id: "${id}") { id } }`);
      await world.api.idle();
      return answer;
    },
  },
  {
    field: 'resolveDuplicate',
    caller: () => engineer,
    action: 'DUPLICATE_NOT_DUPLICATE',
    actorRole: 'DATA_ENGINEER',
    run: async () => {
      const candidate = await openCandidate(0);
      return world.call(engineer, `mutation { resolveDuplicate(input: { candidateId: "${candidate.id}", decision: NOT_DUPLICATE }) { id } }`);
    },
  },
  {
    field: 'unmergeFacility',
    caller: () => engineer,
    action: 'FACILITY_UNMERGED',
    actorRole: 'DATA_ENGINEER',
    run: async () => {
      const candidate = await openCandidate(2);
      const merged = await world.call(engineer, `mutation { resolveDuplicate(input: { candidateId: "${candidate.id}", decision: MERGE, survivorId: "${globalId(candidate.facilityAId)}" }) { id } }`);
      expect(merged.errors).toEqual([]);
      return world.call(engineer, `mutation { unmergeFacility(id: "${globalId(candidate.facilityBId)}") { id } }`);
    },
  },
  {
    field: 'updateFacility',
    caller: () => engineer,
    action: 'FACILITY_UPDATED',
    actorRole: 'DATA_ENGINEER',
    run: async () => {
      const [station] = await facilityNamed('POLICE_STATION');
      return world.call(engineer, `mutation { updateFacility(id: "${globalId(station.id)}", input: { status: OPERATIONAL }) { status } }`);
    },
  },
  {
    field: 'setConfidentialLocation',
    caller: () => admin,
    action: 'FACILITY_CONFIDENTIALITY_SET',
    actorRole: 'ADMIN',
    run: async () => {
      const [, station] = await facilityNamed('POLICE_STATION');
      return world.call(admin, `mutation { setConfidentialLocation(id: "${globalId(station.id)}", confidential: false) { id } }`);
    },
  },
  {
    field: 'createApiKey',
    caller: () => admin,
    action: 'API_KEY_CREATED',
    actorRole: 'ADMIN',
    run: () => world.call(admin, 'mutation { createApiKey(input: { name: "audited partner", role: PARTNER }) { key } }'),
  },
  {
    field: 'revokeApiKey',
    caller: () => admin,
    action: 'API_KEY_REVOKED',
    actorRole: 'ADMIN',
    run: async () => {
      const doomed = await world.keyCaller('VIEWER', { name: 'doomed' });
      return world.call(admin, `mutation { revokeApiKey(id: "${doomed.keyId}") { id } }`);
    },
  },
];

describe('every mutation writes an audit event', () => {
  it('the cases below cover every mutation of the schema', () => {
    expect(CASES.map((c) => c.field).sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
  });

  it.each(CASES)('$field records $action with the actor, the role and the request id', async (mutation) => {
    const answer = await mutation.run();
    expect(answer.errors).toEqual([]);
    const events = await world.api.db.prisma.auditEvent.findMany({ where: { requestId: answer.requestId } });
    const event = events.find((e) => e.action === mutation.action);
    expect(event, JSON.stringify(events.map((e) => e.action))).toBeDefined();
    expect(event!.actorRole).toBe(mutation.actorRole);
    expect(event!.actor).toBe(mutation.actorRole === 'ADMIN' ? 'user:auditor-admin' : `apiKey:${engineer.keyId}`);
  });

  it('an authenticated caller\'s refused mutation is recorded as ACCESS_DENIED; an anonymous one is not', async () => {
    const viewer = await world.keyCaller('VIEWER', { name: 'curious viewer' });
    const refused = await world.call(viewer, 'mutation { createApiKey(input: { name: "escalate", role: ADMIN }) { key } }');
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const events = await world.api.db.prisma.auditEvent.findMany({ where: { requestId: refused.requestId } });
    expect(events).toMatchObject([{ action: 'ACCESS_DENIED', entityType: 'Mutation', entityId: 'createApiKey', actor: `apiKey:${viewer.keyId}`, actorRole: 'VIEWER' }]);

    const anon = await world.call(anonymous, 'mutation { createApiKey(input: { name: "escalate", role: ADMIN }) { key } }');
    expect(codes(anon)).toEqual(['UNAUTHENTICATED']);
    expect(await world.api.db.prisma.auditEvent.count({ where: { requestId: anon.requestId } })).toBe(0);
  });
});

describe('auditTrail (ADMIN)', () => {
  type Trail = { auditTrail: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; action: string; actor: string; actorRole: string | null; requestId: string | null; entityId: string; after: string | null } }[] } };
  const TRAIL = `query ($entityId: String, $actor: String, $first: Int, $after: String) {
    auditTrail(entityId: $entityId, actor: $actor, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { id action actor actorRole requestId entityId after } } } }`;

  it('lists the events of one entity, newest first', async () => {
    const [station] = await facilityNamed('POLICE_STATION', 4);
    const first = await world.call(engineer, `mutation { updateFacility(id: "${globalId(station.id)}", input: { name: "Renamed Once" }) { id } }`);
    const second = await world.call(engineer, `mutation { updateFacility(id: "${globalId(station.id)}", input: { name: null }) { id } }`);
    const answer = await world.call<Trail>(admin, TRAIL, { entityId: station.id, first: 10 });
    expect(answer.errors).toEqual([]);
    const mine = answer.data!.auditTrail.edges.map((e) => e.node).filter((e) => e.action === 'FACILITY_UPDATED' && e.actor === `apiKey:${engineer.keyId}`);
    expect(mine.map((e) => e.requestId)).toEqual([second.requestId, first.requestId]);
    expect(answer.data!.auditTrail.edges.every((e) => e.node.entityId === station.id)).toBe(true);
    expect(JSON.parse(mine[1].after!)).toMatchObject({ overrides: { name: 'Renamed Once' }, values: { name: 'Renamed Once' } });
  });

  it('lists the events of one actor, a page at a time, without gaps or repeats', async () => {
    const everything = await world.call<Trail>(admin, TRAIL, { actor: `apiKey:${engineer.keyId}`, first: 100 });
    const all = everything.data!.auditTrail.edges.map((e) => e.node.id);
    expect(all.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Answer<Trail> = await world.call<Trail>(admin, TRAIL, { actor: `apiKey:${engineer.keyId}`, first: 2, after });
      paged.push(...page.data!.auditTrail.edges.map((e) => e.node.id));
      if (!page.data!.auditTrail.pageInfo.hasNextPage) break;
      after = page.data!.auditTrail.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
    expect(everything.data!.auditTrail.edges.every((e) => e.node.actor === `apiKey:${engineer.keyId}`)).toBe(true);
  });

  it('refuses a forged cursor, backward paging and oversized pages as BAD_USER_INPUT', async () => {
    for (const [variables, query] of [
      [{ after: 'bm90LWEtY3Vyc29y' }, TRAIL],
      [{ first: 1000 }, TRAIL],
      [{}, '{ auditTrail(last: 2) { edges { node { id } } } }'],
    ] as const) {
      expect(codes(await world.call(admin, query, variables))).toEqual(['BAD_USER_INPUT']);
    }
  });
});
