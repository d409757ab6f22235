// Area counts (the county tree) are kept by the process while the database vouches that
// facilities have not changed, and every caller still gets the counts of what it may see.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FACILITY_CHANGED } from '../../src/db/change-feed.js';
import { AreaCountCache, countsFor, type AreaRow } from '../../src/facilities/area-counts.js';
import { insertFacilities, PLACES } from '../support/facilities.js';
import { CountiesDocument } from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

const ROWS: AreaRow[] = [
  { county: '047', constituency: '275', ward: '1371', all: 3, placeable: 2 },
  { county: '047', constituency: '275', ward: '1372', all: 1, placeable: 1 },
  { county: '047', constituency: null, ward: null, all: 2, placeable: 2 },
  { county: '042', constituency: '240', ward: '1200', all: 4, placeable: 0 },
];

describe('counts per area, derived for one caller', () => {
  test('add up wards into constituencies and counties; a facility known only by county counts there alone', () => {
    const counts = countsFor(ROWS, { hideConfidentialLocations: false });
    expect(Object.fromEntries(counts)).toEqual({
      'COUNTY:047': 6,
      'CONSTITUENCY:275': 4,
      'WARD:1371': 3,
      'WARD:1372': 1,
      'COUNTY:042': 4,
      'CONSTITUENCY:240': 4,
      'WARD:1200': 4,
    });
  });

  test('leave confidential facilities out of ward counts for a caller who may not locate them, and only there', () => {
    const counts = countsFor(ROWS, { hideConfidentialLocations: true });
    expect(counts.get('WARD:1371')).toBe(2);
    expect(counts.get('WARD:1200')).toBe(0);
    expect(counts.get('CONSTITUENCY:275')).toBe(4);
    expect(counts.get('COUNTY:042')).toBe(4);
  });

  test('show a county-scoped caller nothing outside its county', () => {
    const counts = countsFor(ROWS, { countyCode: '042', hideConfidentialLocations: false });
    expect(Object.fromEntries(counts)).toEqual({ 'COUNTY:042': 4, 'CONSTITUENCY:240': 4, 'WARD:1200': 4 });
  });

  test('give two callers of different kinds different answers from the same rows', () => {
    expect(countsFor(ROWS, { hideConfidentialLocations: true }).get('WARD:1371')).toBe(2);
    expect(countsFor(ROWS, { hideConfidentialLocations: false }).get('WARD:1371')).toBe(3);
    expect(countsFor(ROWS, { countyCode: '047', hideConfidentialLocations: false }).has('COUNTY:042')).toBe(false);
  });
});

describe('the process-wide area count cache', () => {
  function setUp() {
    const feed = { live: true, generation: 1 };
    let reads = 0;
    let next: () => Promise<readonly AreaRow[]> = async () => [];
    const cache = new AreaCountCache(feed, () => {
      reads += 1;
      return next();
    });
    return { feed, cache, reads: () => reads, willRead: (read: () => Promise<readonly AreaRow[]>) => (next = read) };
  }

  test('reads once while the generation stands', async () => {
    const { cache, reads } = setUp();
    const first = await cache.rows();
    expect(await cache.rows()).toBe(first);
    expect(reads()).toBe(1);
    expect(cache.holdsCurrent).toBe(true);
  });

  test('reads again once the generation moves', async () => {
    const { cache, feed, reads } = setUp();
    await cache.rows();
    feed.generation += 1;
    expect(cache.holdsCurrent).toBe(false);
    await cache.rows();
    expect(reads()).toBe(2);
  });

  test('keeps nothing while the feed is down', async () => {
    const { cache, feed, reads } = setUp();
    feed.live = false;
    await cache.rows();
    await cache.rows();
    expect(reads()).toBe(2);
    expect(cache.holdsCurrent).toBe(false);
  });

  test('does not serve a read that began before a change to callers who came after it', async () => {
    const { cache, feed, reads, willRead } = setUp();
    let finish!: (rows: AreaRow[]) => void;
    willRead(() => new Promise((resolve) => (finish = resolve)));
    const early = cache.rows();
    feed.generation += 1;
    willRead(async () => ROWS);
    const late = cache.rows();
    finish([]);
    expect(await early).toEqual([]);
    expect(await late).toBe(ROWS);
    expect(reads()).toBe(2);
  });

  test('forgets a failed read', async () => {
    const { cache, reads, willRead } = setUp();
    willRead(async () => {
      throw new Error('database down');
    });
    await expect(cache.rows()).rejects.toThrow('database down');
    willRead(async () => ROWS);
    expect(await cache.rows()).toBe(ROWS);
    expect(reads()).toBe(2);
  });
});

describe('county counts served through the API with the cache', () => {
  let api: TestApi;
  const countPasses = () => api.db.queries.filter((q) => /GROUP BY 1, 2, 3/.test(q)).length;
  const nairobi = async () => (await api.data(CountiesDocument)).counties!.find((c) => c.code === '047')?.facilityCount;

  beforeAll(async () => {
    api = await startApi({ changeFeedCaches: true });
    const facilities = api.feed!.watch(FACILITY_CHANGED);
    const before = facilities.generation;
    await insertFacilities(api.db, [
      { name: 'Kilimani Clinic', place: PLACES.kilimani },
      { name: 'Kondele Dispensary', place: PLACES.kondele },
    ]);
    // One notification per inserting transaction; after both, the generation stands still.
    const deadline = Date.now() + 5000;
    while (facilities.generation < before + 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  });

  afterAll(async () => {
    await api.close();
  });

  test('count every area once, then answer from memory', async () => {
    await nairobi();
    api.db.queries.length = 0;
    expect(await nairobi()).toBe(1);
    expect(await nairobi()).toBe(1);
    expect(countPasses()).toBe(0);
  });

  /** What `read` answers once it answers `expected`, or after five seconds of asking. */
  async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
    const deadline = Date.now() + 5000;
    let seen = await read();
    while (seen !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen = await read();
    }
    return seen;
  }

  test('show a facility written by another connection once its transaction has committed', async () => {
    await insertFacilities(api.db, [{ name: 'Riruta Dispensary', place: PLACES.riruta }]);
    expect(await eventually(nairobi, 2)).toBe(2);
  });

  test('show a facility taken out of the directory once its transaction has committed', async () => {
    await api.db.sql.query(`UPDATE "Facility" SET "isActive" = false WHERE name = 'Kondele Dispensary'`);
    const kisumu = async () => (await api.data(CountiesDocument)).counties!.find((c) => c.code === '042')?.facilityCount;
    expect(await eventually(kisumu, 0)).toBe(0);
  });
});
