// How many SQL statements a request costs. Every lookup is batched per request, so a page of
// facilities with their hierarchy, services and contacts costs a fixed handful of statements
// whatever its size — also when the tree is walked from a county down. The statements of one
// representative page are snapshotted: an N+1 regression shows up as a diff.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertFacilities, PLACES, type FacilityFixture } from '../support/facilities.js';
import {
  FacilityByIdDocument,
  FacilityPageWithRelationsDocument,
  FacilityListDocument,
  NestedFacilityTreeDocument,
} from './generated/graphql.js';
import { normaliseSql, startApi, type TestApi } from './harness.js';

let api: TestApi;

const places = Object.values(PLACES);

beforeAll(async () => {
  api = await startApi();
  // 120 facilities spread over five wards in three counties, each with services and contacts.
  const fixtures: FacilityFixture[] = Array.from({ length: 120 }, (_, i) => ({
    name: `Facility ${String(i).padStart(3, '0')}`,
    place: places[i % places.length],
    services: i % 2 ? ['pep', 'post_rape_care'] : ['legal_aid', 'shelter'],
    contacts: [
      { type: 'PHONE', value: `+2547000${String(i).padStart(5, '0')}`, isPrimary: true },
      { type: 'EMAIL', value: `facility${i}@example.org` },
    ],
  }));
  await insertFacilities(api.db, fixtures);
  // The process reads the reference data (counties … wards, services) on its first request and
  // keeps it; the statements below are those of every request after that.
  await api.data(FacilityPageWithRelationsDocument, { first: 1 });
});

afterAll(async () => {
  await api.close();
});

/** The statements one request issued, Prisma's and raw ones, normalised (parameter lists collapsed) and sorted. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  api.db.statements.length = 0;
  await run();
  return api.db.statements.map(normaliseSql).sort();
}

describe('reference data', () => {
  test('is read once per process, not per request', async () => {
    const again = await statementsOf(async () => {
      const { county } = await api.data(NestedFacilityTreeDocument, { code: '047', first: 2 });
      expect(county?.constituencies.flatMap((unit) => unit.wards)).toHaveLength(85);
    });
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((sql) => /FROM "public"\."(County|Constituency|Ward|ServiceCategory)"/.test(sql))).toEqual([]);
  });
});

describe('the whole county tree with a facility count at every level', () => {
  test('costs one statement: every area counted in one pass', async () => {
    type Tree = { counties: { facilityCount: number; constituencies: { facilityCount: number; wards: { facilityCount: number }[] }[] }[] };
    const tree = parse('{ counties { facilityCount constituencies { facilityCount wards { facilityCount } } } }') as TypedDocumentNode<Tree>;
    let counties: Tree['counties'] = [];
    const statements = await statementsOf(async () => ({ counties } = await api.data(tree)));
    expect(statements).toHaveLength(1);
    expect(counties).toHaveLength(47);
    const wards = counties.flatMap((c) => c.constituencies).flatMap((c) => c.wards);
    expect(wards).toHaveLength(1448);
    // 120 facilities, all placed in a ward: each level adds up to all of them.
    const total = (areas: { facilityCount: number }[]) => areas.reduce((sum, area) => sum + area.facilityCount, 0);
    expect([total(counties), total(counties.flatMap((c) => c.constituencies)), total(wards)]).toEqual([120, 120, 120]);
  });
});

describe('a page of facilities with ward → constituency → county, services and contacts', () => {
  test('costs the same statements for 10 rows as for 100: two', async () => {
    const ten = await statementsOf(async () => {
      const { facilities } = await api.data(FacilityPageWithRelationsDocument, { first: 10 });
      expect(facilities?.edges).toHaveLength(10);
    });
    const hundred = await statementsOf(async () => {
      const { facilities } = await api.data(FacilityPageWithRelationsDocument, { first: 100 });
      expect(facilities?.edges).toHaveLength(100);
      expect(facilities?.totalCount).toBe(120);
      expect(facilities?.edges[1].node).toMatchObject({
        ward: { constituency: { county: { code: expect.any(String) } } },
        services: [{ key: 'pep' }, { key: 'post_rape_care' }],
        contacts: [{ type: 'PHONE', isPrimary: true }, { type: 'EMAIL', isPrimary: false }],
      });
    });
    expect(hundred).toEqual(ten);
    // The page with its services and contacts, and the total.
    expect(hundred.length).toBe(2);
  });

  test('brings along the same services and contacts as the facility lookup reads on its own', async () => {
    const { facilities } = await api.data(FacilityPageWithRelationsDocument, { first: 100 });
    const rows = facilities?.edges.map((edge) => edge.node) ?? [];
    expect(rows).toHaveLength(100);
    for (const row of rows.slice(0, 10)) {
      const { facility } = await api.data(FacilityByIdDocument, { id: row.id });
      expect({ services: row.services, contacts: row.contacts }).toEqual({ services: facility?.services, contacts: facility?.contacts });
      expect(row.services.length).toBeGreaterThan(0);
      expect(row.contacts.length).toBe(2);
    }
  });

  test('issues exactly these statements', async () => {
    const statements = await statementsOf(() => api.data(FacilityPageWithRelationsDocument, { first: 25 }));
    expect(statements).toMatchSnapshot();
  });
});

describe('the tree walked from a county down to its facilities', () => {
  test('costs the same statements for 2 facilities per ward as for 20', async () => {
    const two = await statementsOf(async () => {
      const { county } = await api.data(NestedFacilityTreeDocument, { code: '047', first: 2 });
      const wards = county?.constituencies.flatMap((unit) => unit.wards) ?? [];
      expect(wards).toHaveLength(85);
      expect(wards.find((ward) => ward.code === PLACES.kilimani.wardCode)?.facilities?.edges).toHaveLength(2);
    });
    const twenty = await statementsOf(async () => {
      const { county } = await api.data(NestedFacilityTreeDocument, { code: '047', first: 20 });
      const kilimani = county?.constituencies.flatMap((unit) => unit.wards).find((w) => w.code === PLACES.kilimani.wardCode);
      expect(kilimani?.facilities?.edges).toHaveLength(20);
      expect(kilimani?.facilities?.totalCount).toBe(24);
    });
    expect(twenty).toEqual(two);
    expect(twenty.length).toBeLessThanOrEqual(8);
  });
});

test('without first or last a page holds 20 facilities', async () => {
  const { facilities } = await api.data(FacilityListDocument, {});
  expect(facilities?.edges).toHaveLength(20);
  expect(facilities?.pageInfo.hasNextPage).toBe(true);
});
