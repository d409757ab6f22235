// Queries run compiled (graphql-jit, src/compiled-queries.ts) by default. Compiling must not
// change a single answer: the same documents give the same JSON with GRAPHQL_JIT on and off,
// errors included, with their locations.
import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createYoga } from '../../src/yoga.js';
import { insertFacilities, PLACES } from '../support/facilities.js';
import { startApi, TEST_ADMIN, type TestApi } from './harness.js';

let api: TestApi;
let interpreted: ReturnType<typeof createYoga>;
let code: string;

const ROW = /* GraphQL */ `
  fragment Row on Facility {
    id code name type status
    location { latitude longitude }
    ward { code name constituency { code name county { code name } } }
    services { key label }
    contacts { type value isPrimary }
  }`;

const DOCUMENTS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'a page with nested geography, services and contacts': {
    query: `query Page($first: Int!) { facilities(first: $first) { totalCount edges { cursor node { ...Row } } pageInfo { hasNextPage endCursor } } } ${ROW}`,
    variables: { first: 2 },
  },
  'the county tree with counts': {
    query: `{ counties { code facilityCount constituencies { code facilityCount wards { code name facilityCount } } } }`,
  },
  'aliases, inline fragments and a filter': {
    query: `query Near($filter: FacilityFilter) {
      health: facilities(first: 5, filter: $filter) { edges { node { ... on Facility { title: name ward { code } } } } }
      all: facilities(last: 1) { edges { node { code } } }
    }`,
    variables: { filter: { types: ['HEALTH_FACILITY'] } },
  },
  'a lookup by code that finds nothing, and one that fails': {
    query: `{ missing: facilityByCode(code: "GVRC-NONE") { id } facilities(first: 1000) { totalCount } }`,
  },
};

async function answer(yoga: ReturnType<typeof createYoga>, body: { query: string; variables?: Record<string, unknown> }) {
  const response = await yoga.fetch('http://registry.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  api = await startApi();
  const [first] = await insertFacilities(api.db, [
    {
      name: 'Kilimani Clinic',
      place: PLACES.kilimani,
      latitude: -1.29,
      longitude: 36.78,
      services: ['post_rape_care', 'pep'],
      contacts: [
        { type: 'PHONE', value: '+254700000001', isPrimary: true },
        { type: 'EMAIL', value: 'care@kilimani.example' },
      ],
    },
    { name: 'Kondele Police Station', type: 'POLICE_STATION', place: PLACES.kondele, services: ['gender_desk'] },
    { name: 'Port Reitz Legal Aid', type: 'LEGAL_AID', place: PLACES.portReitz },
  ]);
  code = first.code;
  DOCUMENTS['a facility by code'] = { query: `query One($code: String!) { facilityByCode(code: $code) { ...Row address } } ${ROW}`, variables: { code } };
  interpreted = createYoga({
    db: api.db,
    services: api.services,
    config: loadConfig({ NODE_ENV: 'test', GRAPHQL_JIT: 'false' }),
    logger: pino({ level: 'silent' }),
    principal: () => TEST_ADMIN,
  });
});

afterAll(async () => {
  await api.close();
});

describe('compiled queries', () => {
  test('are the default', () => {
    expect(loadConfig({}).GRAPHQL_JIT).toBe(true);
    expect(api.config.GRAPHQL_JIT).toBe(true);
  });

  test.each(Object.keys(DOCUMENTS))('answer exactly as the interpreter does: %s', async (name) => {
    const compiled = await answer(api.yoga, DOCUMENTS[name]);
    expect(compiled).toEqual(await answer(interpreted, DOCUMENTS[name]));
    // Not two empty answers agreeing: each document reaches data.
    expect(compiled.body.data).toBeTruthy();
  });

  test('keep an error where it happened: path and location of the field', async () => {
    const { body } = await answer(api.yoga, DOCUMENTS['a lookup by code that finds nothing, and one that fails']);
    expect(body.data.missing).toBeNull();
    // Both fields run at once; errors come in the order they happened.
    const errors = [...body.errors].sort((a, b) => a.path[0].localeCompare(b.path[0]));
    expect(errors).toEqual([
      {
        message: 'first must be at most 100 (the maximum page size)',
        locations: [{ line: 1, column: 53 }],
        path: ['facilities'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
      },
      {
        message: 'No facility with code "GVRC-NONE"',
        locations: [{ line: 1, column: 3 }],
        path: ['missing'],
        extensions: { code: 'NOT_FOUND' },
      },
    ]);
  });
});
