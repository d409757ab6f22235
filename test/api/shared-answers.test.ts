// The county tree's whole answer is kept by the process while the database vouches that
// facilities have not changed: the same caller kind asking again gets the kept answer without
// execution, and nothing else is ever answered from it.
import { buildSchema, parse, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FACILITY_CHANGED } from '../../src/db/change-feed.js';
import { readsOnlySharedData } from '../../src/schema/shared-data-operation.js';
import { schema } from '../../src/schema/index.js';
import { SharedAnswerCache } from '../../src/shared-answers.js';
import { insertFacilities, PLACES } from '../support/facilities.js';
import { startApi, type TestApi } from './harness.js';

describe('operations answered from shared data', () => {
  const judged = (query: string, operationName?: string) => readsOnlySharedData(schema, parse(query), operationName);

  test('include the county tree with its counts, however its fields are spelt out', () => {
    expect(judged('{ counties { code name facilityCount constituencies { code name facilityCount wards { code name facilityCount } } } }')).toBe(true);
    expect(judged('query($c: String!) { county(code: $c) { ...Area } } fragment Area on County { name facilityCount __typename }')).toBe(true);
    expect(judged('{ ward(code: "1371") { ... on Ward { name constituency { county { name } } } } }')).toBe(true);
  });

  test('exclude any operation that reaches a facility, a mutation or the schema itself', () => {
    expect(judged('{ counties { code facilities(first: 1) { edges { node { name } } } } }')).toBe(false);
    expect(judged('{ counties { code } facilityByCode(code: "GVRC-1") { name } }')).toBe(false);
    expect(judged('{ __schema { types { name } } }')).toBe(false);
    expect(judged('{ counties { ...F } } fragment F on County { facilities(first: 1) { totalCount } }')).toBe(false);
    expect(judged('mutation { resolveDuplicate(id: "x", decision: MERGE) { id } }')).toBe(false);
  });

  test('judge the operation that is run, in a document that holds several', () => {
    const document = 'query Tree { counties { code } } query Page { facilities(first: 1) { edges { cursor } } }';
    expect(judged(document, 'Tree')).toBe(true);
    expect(judged(document, 'Page')).toBe(false);
  });

  test('exclude a type the list does not name, even one with the same fields', () => {
    const other = buildSchema('type Query { counties: [County] } type County { code: String secret: String }');
    expect(readsOnlySharedData(other, parse('{ counties { code } }'))).toBe(true);
    expect(readsOnlySharedData(other, parse('{ counties { secret } }'))).toBe(false);
  });
});

describe('the process-wide answer cache', () => {
  const document = parse('{ counties { code } }');
  function setUp(maxChars?: number) {
    const feed = { live: true, generation: 1 };
    let serialised = 0;
    const result = (code: string): ExecutionResult & { stringify: (r: ExecutionResult) => string } => ({
      data: { counties: [{ code }] },
      stringify: (r) => {
        serialised += 1;
        return JSON.stringify({ data: r.data });
      },
    });
    return { feed, cache: new SharedAnswerCache(feed, maxChars), result, serialised: () => serialised };
  }

  test('serves what it kept, serialised once, while the generation stands', () => {
    const { cache, result, serialised } = setUp();
    const generation = cache.begin()!;
    const kept = cache.keep(document, 'k', generation, result('047'));
    expect(cache.get(document, 'k')).toBe(kept);
    expect(kept.stringify()).toBe('{"data":{"counties":[{"code":"047"}]}}');
    expect(cache.get(document, 'k')!.stringify()).toBe(kept.stringify());
    expect(serialised()).toBe(1);
    expect(cache.get(document, 'other key')).toBeUndefined();
  });

  test('serves nothing once the generation moves', () => {
    const { cache, feed, result } = setUp();
    cache.keep(document, 'k', cache.begin()!, result('047'));
    feed.generation += 1;
    expect(cache.get(document, 'k')).toBeUndefined();
  });

  test('does not keep an answer computed before a change that was notified while it was computed', () => {
    const { cache, feed, result } = setUp();
    const generation = cache.begin()!;
    feed.generation += 1;
    const answer = cache.keep(document, 'k', generation, result('047'));
    expect(answer.stringify()).toContain('047');
    expect(cache.get(document, 'k')).toBeUndefined();
  });

  test('keeps nothing while the feed is down', () => {
    const { cache, feed, result } = setUp();
    feed.live = false;
    expect(cache.begin()).toBeUndefined();
    cache.keep(document, 'k', 1, result('047'));
    feed.live = true;
    expect(cache.get(document, 'k')).toBeUndefined();
  });

  test('stops keeping once its budget of text is spent, and still answers', () => {
    const { cache, result } = setUp(70);
    const generation = cache.begin()!;
    cache.keep(document, 'a', generation, result('001'));
    const over = cache.keep(document, 'b', generation, result('002'));
    expect(cache.get(document, 'a')).toBeDefined();
    expect(cache.get(document, 'b')).toBeUndefined();
    expect(over.stringify()).toContain('002');
  });

  test('frees its budget when the generation moves', () => {
    const { cache, feed, result } = setUp(70);
    cache.keep(document, 'a', cache.begin()!, result('001'));
    feed.generation += 1;
    cache.keep(document, 'b', cache.begin()!, result('002'));
    expect(cache.get(document, 'b')).toBeDefined();
  });
});

describe('county trees served through the API', () => {
  let api: TestApi;
  /** Every result Yoga executed or was given, in order: a kept answer is the same object again. */
  const results: unknown[] = [];
  const spy: Plugin = { onExecute: () => ({ onExecuteDone: ({ result }) => void results.push(result) }) };
  const TREE = parse('query Tree { counties { code facilityCount constituencies { code facilityCount wards { code facilityCount } } } }');
  const nairobi = async () => {
    const { data } = await api.send<{ counties: { code: string; facilityCount: number }[] }, never>(TREE);
    return data!.counties.find((c) => c.code === '047')!.facilityCount;
  };

  async function committedElsewhere(write: () => Promise<unknown>): Promise<void> {
    const facilities = api.feed!.watch(FACILITY_CHANGED);
    const before = facilities.generation;
    await write();
    const deadline = Date.now() + 5000;
    while (facilities.generation === before) {
      if (Date.now() > deadline) throw new Error('the facility change was never notified');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  beforeAll(async () => {
    api = await startApi({ changeFeedCaches: true, plugins: [spy] });
    await committedElsewhere(() => insertFacilities(api.db, [{ name: 'Kilimani Clinic', place: PLACES.kilimani }]));
  });

  afterAll(async () => {
    await api.close();
  });

  test('answer the same tree again without executing it, with the same text', async () => {
    // The spy sees the first answer as executed, before it is kept; the next two are the kept one.
    const first = await api.send(TREE);
    await api.send(TREE);
    const second = await api.send(TREE);
    expect(await second.response.text()).toBe(await first.response.text());
    expect(results.at(-1)).toBe(results.at(-2));
    expect(second.response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  test('answer the tree with a facility committed by another connection once it is notified', async () => {
    expect(await nairobi()).toBe(1);
    await committedElsewhere(() => insertFacilities(api.db, [{ name: 'Riruta Dispensary', place: PLACES.riruta }]));
    expect(await nairobi()).toBe(2);
  });

  test('keep no answer that carries errors', async () => {
    const missing = parse('{ county(code: "999") { name } }');
    const first = await api.send(missing);
    const second = await api.send(missing);
    expect(first.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(second.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(results.at(-1)).not.toBe(results.at(-2));
  });

  test('keep no answer that shows facilities', async () => {
    const withFacilities = parse('{ county(code: "047") { facilityCount facilities(first: 5) { edges { node { name } } } } }');
    await api.send(withFacilities);
    await api.send(withFacilities);
    expect(results.at(-1)).not.toBe(results.at(-2));
  });

  test('keep one answer per set of variables', async () => {
    const county = parse('query One($code: String!) { county(code: $code) { code facilityCount } }');
    const nairobiCounty = await api.send<{ county: { code: string } }, { code: string }>(county, { code: '047' });
    const kisumuCounty = await api.send<{ county: { code: string } }, { code: string }>(county, { code: '042' });
    expect(nairobiCounty.data?.county.code).toBe('047');
    expect(kisumuCounty.data?.county.code).toBe('042');
  });
});

describe('what the caches report on /metrics', () => {
  let api: TestApi;
  const TREE = parse('{ counties { code facilityCount } }');
  const lookups = async () => {
    const text = await (await api.yoga.fetch('http://registry.test/metrics')).text();
    const counts: Record<string, number> = {};
    for (const [, cache, outcome, value] of text.matchAll(/gvrc_cache_lookups_total\{cache="(\w+)",outcome="(\w+)"\} (\d+)/g)) counts[`${cache}:${outcome}`] = Number(value);
    return counts;
  };

  beforeAll(async () => {
    api = await startApi({ changeFeedCaches: true, operationalEndpoints: true });
  });

  afterAll(async () => {
    await api.close();
  });

  test('count a tree computed once and then served as kept', async () => {
    await api.send(TREE);
    await api.send(TREE);
    const counts = await lookups();
    expect(counts['county_tree_answers:miss']).toBe(1);
    expect(counts['county_tree_answers:hit']).toBe(1);
    expect(counts['area_counts:miss']).toBe(1);
    expect(counts['api_keys:hit']).toBe(0);
  });

  test('count lookups made while the change feed is down as uncached', async () => {
    await api.feed!.close();
    await api.send(TREE);
    const counts = await lookups();
    expect(counts['county_tree_answers:uncached']).toBe(1);
    expect(counts['area_counts:uncached']).toBe(1);
  });
});
