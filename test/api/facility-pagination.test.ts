// Keyset pagination of facilities: every ordering can be walked forwards (first/after) and
// backwards (last/before) without gaps or repeats, also across ties in the sort key and while
// rows are being added; page sizes and cursors are checked.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertFacilities, insertFacility, PLACES } from '../support/facilities.js';
import {
  FacilityListDocument,
  type FacilityListQueryVariables,
  type FacilityOrder,
  type FacilityFilter,
} from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

let api: TestApi;

const CENTRE = { latitude: -1.3, longitude: 36.8 };
const NEAR = { near: { ...CENTRE, radiusKm: 50 } };
const SAME_DAY = new Date('2025-05-05T05:05:05.005Z');

beforeAll(async () => {
  api = await startApi();
  // Seven facilities. Three share an updatedAt and three share a location, so ties in the sort
  // key must be broken by id for pages to be stable.
  await insertFacilities(
    api.db,
    ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'].map((word, i) => ({
      name: `${word} Health Centre`,
      place: PLACES.kilimani,
      latitude: i < 3 ? -1.31 : CENTRE.latitude - 0.001 * i,
      longitude: i < 3 ? 36.81 : CENTRE.longitude,
      updatedAt: i % 2 === 0 ? SAME_DAY : new Date(Date.UTC(2025, 0, 1 + i)),
    })),
  );
});

afterAll(async () => {
  await api.close();
});

async function page(variables: FacilityListQueryVariables) {
  const data = await api.data(FacilityListDocument, variables);
  if (!data.facilities) throw new Error('no facilities connection');
  return data.facilities;
}

async function errorOf(variables: FacilityListQueryVariables) {
  const [error] = await api.errors(FacilityListDocument, variables);
  return { code: error.extensions?.code, argument: error.extensions?.argument };
}

/** Every code, read page by page in the given direction. */
async function walk(direction: 'forward' | 'backward', size: number, filter: FacilityFilter, orderBy?: FacilityOrder) {
  const seen: string[] = [];
  let cursor: string | null | undefined;
  for (let pages = 0; pages < 20; pages += 1) {
    const connection =
      direction === 'forward'
        ? await page({ first: size, after: cursor, filter, orderBy })
        : await page({ last: size, before: cursor, filter, orderBy });
    const codes = connection.edges.map((edge) => edge.node.code);
    if (direction === 'forward') seen.push(...codes);
    else seen.unshift(...codes);
    const more = direction === 'forward' ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) return seen;
    cursor = direction === 'forward' ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
  }
  throw new Error('pagination did not end');
}

const ORDERINGS: { label: string; filter: FacilityFilter; orderBy?: FacilityOrder }[] = [
  { label: 'NAME ASC', filter: {} },
  { label: 'NAME DESC', filter: {}, orderBy: { field: 'NAME', direction: 'DESC' } },
  { label: 'UPDATED_AT ASC (with ties)', filter: {}, orderBy: { field: 'UPDATED_AT' } },
  { label: 'UPDATED_AT DESC (with ties)', filter: {}, orderBy: { field: 'UPDATED_AT', direction: 'DESC' } },
  { label: 'DISTANCE ASC (with ties)', filter: NEAR },
  { label: 'DISTANCE DESC (with ties)', filter: NEAR, orderBy: { field: 'DISTANCE', direction: 'DESC' } },
];

describe.each(ORDERINGS)('ordered by $label', ({ filter, orderBy }) => {
  test('first/after and last/before walk the same list, without gaps or repeats', async () => {
    const whole = (await page({ first: 100, filter, orderBy })).edges.map((edge) => edge.node.code);
    expect(whole).toHaveLength(7);
    for (const size of [1, 2, 3]) {
      expect(await walk('forward', size, filter, orderBy)).toEqual(whole);
      expect(await walk('backward', size, filter, orderBy)).toEqual(whole);
    }
  });
});

describe('windows', () => {
  test('the first page knows what follows and that nothing precedes it', async () => {
    const first = await page({ first: 3 });
    expect(first.edges.map((edge) => edge.node.name)).toEqual(['Alpha Health Centre', 'Bravo Health Centre', 'Charlie Health Centre']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.pageInfo.startCursor).toBe(first.edges[0].cursor);
    expect(first.pageInfo.endCursor).toBe(first.edges[2].cursor);
  });

  test('the last page after a cursor has nothing more to follow', async () => {
    const first = await page({ first: 5 });
    const rest = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(rest.edges.map((edge) => edge.node.name)).toEqual(['Foxtrot Health Centre', 'Golf Health Centre']);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  test('last without before is the end of the list', async () => {
    const last = await page({ last: 2 });
    expect(last.edges.map((edge) => edge.node.name)).toEqual(['Foxtrot Health Centre', 'Golf Health Centre']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  test('first with before reads the start of the range before the cursor', async () => {
    const all = await page({ first: 7 });
    const beforeDelta = await page({ first: 2, before: all.edges[3].cursor });
    expect(beforeDelta.edges.map((edge) => edge.node.name)).toEqual(['Alpha Health Centre', 'Bravo Health Centre']);
    expect(beforeDelta.pageInfo.hasNextPage).toBe(true);
  });

  test('after and before together bound the range on both sides', async () => {
    const all = await page({ first: 7 });
    const between = await page({ first: 7, after: all.edges[1].cursor, before: all.edges[5].cursor });
    expect(between.edges.map((edge) => edge.node.name)).toEqual([
      'Charlie Health Centre',
      'Delta Health Centre',
      'Echo Health Centre',
    ]);
  });

  test('totalCount counts the whole list, whatever the page', async () => {
    const first = await page({ first: 2 });
    const later = await page({ first: 2, after: first.pageInfo.endCursor });
    expect([first.totalCount, later.totalCount]).toEqual([7, 7]);
  });

  test('first: 0 returns no edges but still says whether there are any', async () => {
    const empty = await page({ first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo.hasNextPage).toBe(true);
  });

});

describe('bad arguments are BAD_USER_INPUT errors', () => {
  test('a page larger than MAX_PAGE_SIZE', async () => {
    expect(await errorOf({ first: 101 })).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(await errorOf({ last: 101 })).toEqual({ code: 'BAD_USER_INPUT', argument: 'last' });
    expect((await page({ first: 100 })).edges).toHaveLength(7);
  });

  test('first and last together', async () => {
    expect(await errorOf({ first: 2, last: 2 })).toEqual({ code: 'BAD_USER_INPUT', argument: 'last' });
  });

  test('a negative page size', async () => {
    expect(await errorOf({ first: -1 })).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  test('a cursor that is not one of ours', async () => {
    expect(await errorOf({ first: 2, after: 'not-a-cursor' })).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
    const forged = Buffer.from(JSON.stringify(['NAME', 'x', "1'; DROP TABLE"])).toString('base64url');
    expect(await errorOf({ first: 2, before: forged })).toEqual({ code: 'BAD_USER_INPUT', argument: 'before' });
  });

  test('a cursor from a list in another order', async () => {
    const byName = await page({ first: 1 });
    expect(await errorOf({ first: 1, after: byName.pageInfo.endCursor, orderBy: { field: 'UPDATED_AT' } })).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'after',
    });
  });
});

describe('MAX_PAGE_SIZE comes from the configuration', () => {
  test('a smaller cap is enforced, and bounds the default page too', async () => {
    const small = await startApi({ env: { MAX_PAGE_SIZE: '5' } });
    try {
      await insertFacilities(small.db, ['One', 'Two', 'Three', 'Four', 'Five', 'Six'].map((n) => ({ name: `${n} Clinic` })));
      const [error] = await small.errors(FacilityListDocument, { first: 6 });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toBe('first must be at most 5 (the maximum page size)');
      const data = await small.data(FacilityListDocument, {});
      expect(data.facilities?.edges).toHaveLength(5);
      expect(data.facilities?.pageInfo.hasNextPage).toBe(true);
    } finally {
      await small.close();
    }
  });
});

// Last, because these tests add rows.
describe('cursors are positions, not offsets', () => {
  test('rows added before the cursor neither repeat nor shift the next page', async () => {
    // A ward of their own keeps these rows out of the lists above.
    const filter = { wardCode: PLACES.kawangware.wardCode };
    await insertFacilities(api.db, [
      { name: 'Kappa Clinic', place: PLACES.kawangware },
      { name: 'Mu Clinic', place: PLACES.kawangware },
      { name: 'Omicron Clinic', place: PLACES.kawangware },
    ]);
    const one = await page({ first: 2, filter });
    expect(one.edges.map((edge) => edge.node.name)).toEqual(['Kappa Clinic', 'Mu Clinic']);
    await insertFacility(api.db, { name: 'Iota Clinic', place: PLACES.kawangware });
    const two = await page({ first: 2, after: one.pageInfo.endCursor, filter });
    expect(two.edges.map((edge) => edge.node.name)).toEqual(['Omicron Clinic']);
  });

  test('a cursor still works after its own row has gone', async () => {
    const filter = { wardCode: PLACES.kilimani.wardCode };
    const one = await page({ first: 2, filter, orderBy: { field: 'NAME' } });
    const last = one.edges[1];
    await api.db.prisma.facility.update({ where: { code: last.node.code }, data: { isActive: false } });
    try {
      const two = await page({ first: 1, after: last.cursor, filter });
      expect(two.edges.map((edge) => edge.node.name)).toEqual(['Charlie Health Centre']);
    } finally {
      await api.db.prisma.facility.update({ where: { code: last.node.code }, data: { isActive: true } });
    }
  });
});
