// The circuit breaker around the database: after repeated requests that met an unreachable
// database the API answers 503 at once, without trying the database, and a probe closes the
// circuit when the database answers again.
import { describe, expect, it } from 'vitest';
import { createGraphQLError, createSchema, createYoga } from 'graphql-yoga';
import { createDatabaseBreaker, useDatabaseBreaker } from '../../src/http/database-breaker.js';

function controlledDatabase() {
  let up = false;
  let attempts = 0;
  return {
    setUp: (value: boolean) => void (up = value),
    attempts: () => attempts,
    query: async () => {
      attempts += 1;
      if (!up) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return 1;
    },
  };
}

/** A GraphQL endpoint whose one field reads the controlled database, answering 503 when it is down (as the app does). */
function endpoint(database: ReturnType<typeof controlledDatabase>, breaker: ReturnType<typeof createDatabaseBreaker>) {
  return createYoga({
    schema: createSchema({
      typeDefs: 'type Query { one: Int }',
      resolvers: { Query: { one: () => database.query() } },
    }),
    maskedErrors: {
      maskError: () => createGraphQLError('unavailable', { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '5' } } } }),
    },
    plugins: [useDatabaseBreaker(breaker)],
  });
}

const ask = (yoga: ReturnType<typeof endpoint>) =>
  yoga.fetch('http://registry.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ one }' }) });

describe('the database circuit breaker', () => {
  it('opens after repeated unreachable-database answers, then answers 503 with Retry-After without trying the database', async () => {
    const database = controlledDatabase();
    const states: boolean[] = [];
    const breaker = createDatabaseBreaker({ threshold: 3, probeEveryMs: 60_000, probe: database.query, onStateChange: (open) => states.push(open) });
    const yoga = endpoint(database, breaker);
    for (let i = 0; i < 3; i++) expect((await ask(yoga)).status).toBe(503);
    expect(database.attempts()).toBe(3);
    expect(breaker.isOpen()).toBe(true);

    const refused = await ask(yoga);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    // No pile-up: the refused request never reached the database.
    expect(database.attempts()).toBe(3);

    // The probe, not a caller, finds the database again and closes the circuit.
    await breaker.probeNow();
    expect(breaker.isOpen()).toBe(true);
    database.setUp(true);
    await breaker.probeNow();
    expect(breaker.isOpen()).toBe(false);
    const served = await ask(yoga);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ data: { one: 1 } });
    expect(states).toEqual([true, false]);
    breaker.stop();
  });

  it('counts consecutive failures only: a success in between starts the count again', async () => {
    const breaker = createDatabaseBreaker({ threshold: 2, probe: async () => 1 });
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    expect(breaker.isOpen()).toBe(false);
    breaker.failed();
    expect(breaker.isOpen()).toBe(true);
    breaker.stop();
  });
});
