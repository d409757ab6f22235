// Queries built to exhaust the server are refused before they run, with QUERY_TOO_COMPLEX and
// the name of the limit but never its value; the largest ordinary query — a full page of
// facilities with every relation — still passes. Production settings throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT, onlyError, startHardenedApi, type GraphQLBody, type HardenedApi } from './harness.js';

let api: HardenedApi;

beforeAll(async () => {
  api = await startHardenedApi({ env: { NODE_ENV: 'production' } });
});
afterAll(() => api?.close());

/** counties → constituencies → wards → constituency → county → … → code: `depth` fields deep. */
function geographyCycle(depth: number): string {
  const cycle = ['constituencies', 'wards', 'constituency', 'county'];
  let selection = 'code';
  for (let level = depth - 2; level >= 1; level--) selection = `${cycle[(level - 1) % cycle.length]} { ${selection} }`;
  return `{ counties { ${selection} } }`;
}

const PAGE_WITH_RELATIONS = `query Page($first: Int!) {
  facilities(first: $first) {
    totalCount
    edges { node { id code name
      county { code name } constituency { code name }
      ward { code name constituency { code name county { code name } } }
      services { key label } contacts { type value isPrimary } } }
  }
}`;

/** Every bomb below, for the test that no refusal gives a number away. */
const bombs: Record<string, () => Promise<{ response: Response; body: GraphQLBody }>> = {
  depth: () => api.post(geographyCycle(12)),
  aliases: () => api.post(`{ ${Array.from({ length: 16 }, (_, i) => `c${i}: counties { code }`).join(' ')} }`),
  cost: () => api.post('{ facilities(first: 100) { edges { node { ward { facilities(first: 100) { edges { node { code name } } } } } } } }'),
  tokens: () => api.post(`{ ${'__typename '.repeat(1_500)} }`),
  directives: () => api.post(`{ ${Array.from({ length: 12 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`),
};

function expectRefused(body: GraphQLBody, limit: string): void {
  expect(body.data ?? undefined).toBeUndefined();
  expect(body.errors?.map((e) => e.extensions)).toContainEqual({ code: 'QUERY_TOO_COMPLEX', limit });
}

describe('query limits', () => {
  it('a depth bomb is refused', async () => {
    expectRefused((await bombs.depth()).body, 'depth');
  });

  it('an alias bomb is refused', async () => {
    expectRefused((await bombs.aliases()).body, 'aliases');
  });

  it('a cost bomb is refused, with 400 for a client that accepts graphql-response+json', async () => {
    const response = await api.yoga.fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ facilities(first: 100) { edges { node { ward { facilities(first: 100) { edges { node { code name } } } } } } } }' }),
    });
    expect(response.status).toBe(400);
    expectRefused((await response.json()) as GraphQLBody, 'cost');
  });

  it('a cost bomb is refused when its page sizes come as variables, or are left to the default', async () => {
    const nested = 'query($n: Int) { facilities(first: $n) { edges { node { ward { facilities(first: $n) { edges { node { code name } } } } } } } }';
    expectRefused((await api.post(nested, { n: 100 })).body, 'cost');
    const defaulted = 'query($n: Int = 100) { facilities(first: $n) { edges { node { ward { facilities(first: $n) { edges { node { code name } } } } } } } }';
    expectRefused((await api.post(defaulted)).body, 'cost');
    const unpaged = '{ facilities { edges { node { ward { facilities { edges { node { code name services { key label } contacts { type value } } } } } } } } }';
    expectRefused((await api.post(unpaged)).body, 'cost');
  });

  it('a cost bomb through unpaginated lists (the geography cycle, within the depth limit) is refused', async () => {
    const { body } = await api.post(geographyCycle(api.config.MAX_QUERY_DEPTH));
    expect(onlyError(body).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('a token bomb is refused', async () => {
    expectRefused((await bombs.tokens()).body, 'tokens');
  });

  it('a directive bomb is refused', async () => {
    expectRefused((await bombs.directives()).body, 'directives');
  });

  it('batched requests are refused', async () => {
    const response = await api.yoga.fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
    expect(onlyError((await response.json()) as GraphQLBody).extensions?.code).toBe('BAD_REQUEST');
  });

  it('limits are not echoed: a refusal names the limit, never its value or the value found', async () => {
    for (const [limit, send] of Object.entries(bombs)) {
      const { body } = await send();
      const refusal = body.errors!.find((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX')!;
      expect(refusal.extensions?.limit).toBe(limit);
      expect(JSON.stringify(refusal)).not.toMatch(/\d/);
    }
  });

  it('field suggestions are hidden, in validation and in variables', async () => {
    const { body } = await api.post('{ countys { code } }');
    expect(onlyError(body).message).toBe('Cannot query field "countys" on type "Query". [Suggestion hidden]');
    const coerced = await api.post('query($order: FacilityOrder) { facilities(orderBy: $order) { totalCount } }', { order: { field: 'NAMEX' } });
    expect(onlyError(coerced.body).message).not.toMatch(/Did you mean|"NAME"/);
  });

  it('the largest ordinary query, a page of the largest size with every relation, passes', async () => {
    const { body } = await api.post(PAGE_WITH_RELATIONS, { first: api.config.MAX_PAGE_SIZE });
    expect(body.errors).toBeUndefined();
    expect(body.data?.facilities).toBeTruthy();
  });
});
