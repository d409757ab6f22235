// A field the caller may not read costs the caller that field only: it is null, with one
// FORBIDDEN error at its path, and the object around it (the facility, the page, the other root
// fields) is answered as usual (issue 22, item 8: a VIEWER asking for `sources` got the whole
// facility as null, because a refusal of a non-null field nulls its parent).
import { isNonNullType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import { unguardedSchema } from '../../src/schema/index.js';
import { isFieldMap, ruleTree, ruleVerdict } from '../../src/schema/permissions.js';
import { ANONYMOUS, type Principal } from '../../src/security/principal.js';
import { ROLES_BY_RANK, startSecurityApi, userCaller, type SecurityApi } from './support.js';

/** Every kind of caller the rules tell apart: anonymous with and without the public directory, each role national and county-scoped. */
const CALLERS: { label: string; principal: Principal; publicDirectory: boolean }[] = [
  { label: 'anonymous', principal: ANONYMOUS, publicDirectory: false },
  { label: 'anonymous (public directory)', principal: ANONYMOUS, publicDirectory: true },
  ...ROLES_BY_RANK.flatMap((role) => [
    { label: role, principal: { kind: 'user', subject: 'rules', role, via: 'jwt' } as const, publicDirectory: false },
    { label: `${role} of 047`, principal: { kind: 'user', subject: 'rules', role, via: 'jwt', countyScope: '047' } as const, publicDirectory: false },
  ]),
];

async function mayRead(typeName: string, field: string, caller: (typeof CALLERS)[number]): Promise<boolean> {
  const rules = ruleTree[typeName];
  if (!isFieldMap(rules)) throw new Error(`${typeName} has no field rules`);
  const ctx = { principal: caller.principal, config: { PUBLIC_DIRECTORY: caller.publicDirectory } as Config } as Context;
  return (await ruleVerdict(rules[field], ctx, { parentType: { name: typeName }, fieldName: field } as GraphQLResolveInfo)) === true;
}

describe('which fields may be refused while their parent is answered', () => {
  it('every field that some caller reaching its type may not read is nullable', async () => {
    const mustBeNullable: string[] = [];
    for (const typeName of Object.keys(ruleTree)) {
      // A subscription has one root field: refusing it refuses the subscription, nothing else.
      if (typeName === 'Subscription') continue;
      const type = unguardedSchema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      const fields = Object.keys(type.getFields());
      const readers = new Map<string, Set<string>>();
      for (const field of fields) {
        const allowed = new Set<string>();
        for (const caller of CALLERS) if (await mayRead(typeName, field, caller)) allowed.add(caller.label);
        readers.set(field, allowed);
      }
      // Anyone may send a query or a mutation; an object is reached by whoever may read any of its fields.
      const root = typeName === 'Query' || typeName === 'Mutation';
      const reaching = root ? new Set(CALLERS.map((c) => c.label)) : new Set([...readers.values()].flatMap((s) => [...s]));
      for (const field of fields) {
        const refusedSomeone = [...reaching].some((label) => !readers.get(field)!.has(label));
        if (refusedSomeone && isNonNullType(type.getFields()[field].type)) mustBeNullable.push(`${typeName}.${field}`);
      }
    }
    expect(mustBeNullable).toEqual([]);
  });
});

describe('a refused field through the API', () => {
  let world: SecurityApi;
  let code: string;

  beforeAll(async () => {
    world = await startSecurityApi();
    code = (await world.api.db.prisma.facility.findFirstOrThrow({ where: { isActive: true, mergedIntoId: null }, orderBy: { code: 'asc' } })).code;
  });
  afterAll(() => world?.close());

  it("a VIEWER asking for a facility's sources gets the facility, its sources null and one FORBIDDEN error", async () => {
    const answer = await world.call<{ facilityByCode: { code: string; name: string; sources: unknown } | null }>(
      await userCaller('VIEWER'),
      `{ facilityByCode(code: "${code}") { code name sources { fileName pointer } } }`,
    );
    expect(answer.data?.facilityByCode).toMatchObject({ code, sources: null });
    expect(answer.data!.facilityByCode!.name).toEqual(expect.any(String));
    expect(answer.errors.map((e) => [e.path, e.extensions?.code])).toEqual([[['facilityByCode', 'sources'], 'FORBIDDEN']]);
  });

  it('a page of facilities keeps every node, each refused field null with its own FORBIDDEN error', async () => {
    const answer = await world.call<{ facilities: { edges: { node: { code: string; sources: unknown } | null }[] } | null }>(
      await userCaller('PARTNER'),
      '{ facilities(first: 3) { edges { node { code sources { fileName } } } } }',
    );
    const nodes = answer.data!.facilities!.edges.map((e) => e.node);
    expect(nodes).toHaveLength(3);
    for (const node of nodes) expect(node).toEqual({ code: expect.any(String), sources: null });
    expect(answer.errors.map((e) => [e.path, e.extensions?.code])).toEqual(
      nodes.map((_, i) => [['facilities', 'edges', i, 'node', 'sources'], 'FORBIDDEN']),
    );
  });

  it('a county-scoped analyst sees the runs of its lineage, with the registry-wide fields of a run null', async () => {
    const county = (await world.api.db.prisma.facility.findFirstOrThrow({ where: { code } })).countyCode!;
    const answer = await world.call<{ facilityByCode: { sources: { importRun: { id: string; status: string; dryRun: unknown } }[] } }>(
      await userCaller('DATA_ANALYST', { county }),
      `{ facilityByCode(code: "${code}") { sources { importRun { id status dryRun } } } }`,
    );
    const runs = answer.data!.facilityByCode.sources.map((s) => s.importRun);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) expect(run).toEqual({ id: expect.any(String), status: expect.any(String), dryRun: null });
    expect(answer.errors.map((e) => e.extensions?.code)).toEqual(runs.map(() => 'FORBIDDEN'));
  });

  it('a root field refused to the caller leaves the other root fields answered', async () => {
    const answer = await world.call<{ facilities: { totalCount: number } | null; apiKeys: unknown }>(
      await userCaller('VIEWER'),
      '{ facilities(first: 1) { totalCount } apiKeys { id } }',
    );
    expect(answer.data?.facilities?.totalCount).toBe(await world.api.db.prisma.facility.count({ where: { isActive: true, mergedIntoId: null } }));
    expect(answer.data?.apiKeys).toBeNull();
    expect(answer.errors.map((e) => [e.path, e.extensions?.code])).toEqual([[['apiKeys'], 'FORBIDDEN']]);
  });
});
