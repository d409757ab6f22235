// The rules themselves: every field of the schema has an explicit one, a field without one is
// refused (fallbackRule: deny), a rule that fails refuses rather than lets through, resolvers'
// own errors are not swallowed into a refusal, and subscriptions are guarded where they start.
import { execute, isIntrospectionType, isObjectType, parse, type ExecutionResult } from 'graphql';
import { rule } from 'graphql-shield';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.js';
import { unguardedSchema } from '../../src/schema/index.js';
import { guardSchema, ruleTree, type RuleTypeMap } from '../../src/schema/permissions.js';
import type { Principal } from '../../src/security/principal.js';
import { anonymous, codes, globalId, startSecurityApi, userCaller, type SecurityApi } from './support.js';

describe('every field has an explicit rule', () => {
  const objectTypes = Object.values(unguardedSchema.getTypeMap()).filter(
    (type) => isObjectType(type) && !isIntrospectionType(type),
  );

  it.each(objectTypes.map((type) => type.name))('%s: each of its fields is named in the rule tree', (typeName) => {
    const type = unguardedSchema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const rules = ruleTree[typeName];
    // A rule for the whole type would silently cover fields added later; fields are named one by one.
    expect(rules && !('resolve' in rules), `${typeName} needs a map of field rules`).toBe(true);
    const missing = Object.keys(type.getFields()).filter((field) => !(rules as Record<string, unknown>)[field]);
    expect(missing, `fields of ${typeName} without a rule`).toEqual([]);
  });

  it('the rule tree names no type or field the schema does not have', () => {
    for (const [typeName, rules] of Object.entries(ruleTree)) {
      const type = unguardedSchema.getType(typeName);
      expect(isObjectType(type), typeName).toBe(true);
      if (!isObjectType(type)) continue;
      for (const field of Object.keys(rules)) expect(type.getFields(), `${typeName}.${field}`).toHaveProperty(field);
    }
  });
});

describe('the mechanism', () => {
  let world: SecurityApi;
  let facilityId: string;

  beforeAll(async () => {
    world = await startSecurityApi();
    facilityId = (await world.api.db.prisma.facility.findFirstOrThrow({ orderBy: { code: 'asc' } })).id;
  });
  afterAll(() => world?.close());

  /** Runs a query against the schema guarded by `rules`, as an ADMIN (who may do anything). */
  async function asAdminUnder(rules: RuleTypeMap, query: string): Promise<ExecutionResult> {
    const admin: Principal = { kind: 'user', subject: 'rule-test', role: 'ADMIN', via: 'jwt' };
    const { db, services, config } = world.api;
    const contextValue = createContext({ db, services, config, logger: pino({ level: 'silent' }) }, { requestId: 'rule-test', principal: admin });
    return execute({ schema: guardSchema(unguardedSchema, rules), document: parse(query), contextValue });
  }

  it('a field left out of the rule tree is refused, even to an ADMIN (fallbackRule: deny)', async () => {
    const { website: _dropped, ...facilityRules } = ruleTree.Facility as Record<string, never>;
    const result = await asAdminUnder({ ...ruleTree, Facility: facilityRules }, `{ facility(id: "${globalId(facilityId)}") { code website } }`);
    expect(result.errors?.map((e) => [e.path, e.extensions.code])).toEqual([[['facility', 'website'], 'FORBIDDEN']]);
  });

  it('a rule that throws refuses (fails closed) rather than letting the field through', async () => {
    const broken = rule('broken-rule')(() => {
      throw new Error('the rule itself failed');
    });
    const result = await asAdminUnder({ ...ruleTree, Facility: { ...(ruleTree.Facility as object), name: broken } }, `{ facility(id: "${globalId(facilityId)}") { code name } }`);
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(result)).not.toContain('the rule itself failed');
  });

  it('a resolver\'s own error passes through the rules unchanged (BAD_USER_INPUT, NOT_FOUND), not as "Not Authorised!"', async () => {
    const viewer = await userCaller('VIEWER');
    const bad = await world.call(viewer, '{ facility(id: "not-a-global-id") { code } }');
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const missing = await world.call(viewer, '{ facilityByCode(code: "GVRC-NOSUCH00") { code } }');
    expect(missing.errors).toMatchObject([{ message: 'No facility with code "GVRC-NOSUCH00"', extensions: { code: 'NOT_FOUND' } }]);
    const page = await world.call(viewer, '{ facilities(first: 5000) { totalCount } }');
    expect(page.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', argument: 'first' } }]);
    expect(JSON.stringify([bad, missing, page].map((a) => a.errors))).not.toContain('Not Authorised');
  });

  it('an unexpected error behind a rule is still masked with the request id', async () => {
    const engineer = await userCaller('DATA_ENGINEER');
    await world.api.db.sql.query('ALTER TABLE "ContactPerson" RENAME TO "ContactPersonGone"');
    try {
      const answer = await world.call(engineer, `{ facility(id: "${globalId(facilityId)}") { code contactPersons { name } } }`);
      expect(answer.errors).toMatchObject([{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: answer.requestId } }]);
    } finally {
      await world.api.db.sql.query('ALTER TABLE "ContactPersonGone" RENAME TO "ContactPerson"');
    }
  });

  async function subscribe(headers: Record<string, string>, runId: string): Promise<string> {
    const response = await world.api.yoga.fetch('http://registry.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query: `subscription { importRunProgress(id: "${runId}") { id status } }` }),
    });
    return response.text();
  }

  it('a subscription is refused before its stream starts: an anonymous or VIEWER caller learns nothing of the run', async () => {
    const run = await world.api.db.prisma.importRun.findFirstOrThrow();
    const missing = '00000000-0000-4000-8000-000000000000';
    const anon = await subscribe(anonymous.headers, run.id);
    expect(anon).toContain('UNAUTHENTICATED');
    expect(anon).not.toContain(run.status);
    expect(await subscribe(anonymous.headers, missing)).toBe(anon);
    const viewer = await userCaller('VIEWER');
    const refused = await subscribe(viewer.headers, run.id);
    expect(refused).toContain('FORBIDDEN');
    expect(refused).not.toContain(run.status);
    expect(await subscribe(viewer.headers, missing)).toBe(refused);
    const analyst = await userCaller('DATA_ANALYST');
    expect(await subscribe(analyst.headers, run.id)).toContain(run.status);
  });
});

describe('what the rules cost', () => {
  const guarded = guardSchema(unguardedSchema);
  const resolverOf = (schema: typeof unguardedSchema, typeName: string, field: string) => {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    return type.getFields()[field].resolve;
  };

  it('a field whose rule is `allow` keeps its own resolver: no rule check is paid for a yes', () => {
    for (const [typeName, field] of [['Facility', 'name'], ['County', 'constituencies'], ['Ward', 'facilityCount']]) {
      expect(ruleTree[typeName] && (ruleTree[typeName] as Record<string, unknown>)[field]).toBeDefined();
      expect(resolverOf(guarded, typeName, field), `${typeName}.${field}`).toBe(resolverOf(unguardedSchema, typeName, field));
    }
  });

  it('a field whose rule can refuse is wrapped by the rule check', () => {
    for (const [typeName, field] of [['Query', 'facilities'], ['Facility', 'sources'], ['Facility', 'contactPersons'], ['Mutation', 'importSources']]) {
      expect(resolverOf(guarded, typeName, field), `${typeName}.${field}`).not.toBe(resolverOf(unguardedSchema, typeName, field));
    }
  });
});
