// The process keeps whole county trees (src/shared-answers.ts). A tree kept for one kind of caller
// is never served to another: each caller gets, from a warm process, exactly the counts of what it
// may see, whoever asked before it, and a caller refused is refused however many trees are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, codes, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

type Tree = { counties: { code: string; facilityCount: number; constituencies: { wards: { code: string; facilityCount: number }[] }[] }[] };
const TREE = '{ counties { code facilityCount constituencies { wards { code facilityCount } } } }';

let world: SecurityApi;
let home: string;
let national: Caller;
let viewer: Caller;
let homeViewer: Caller;

/** Active facilities per ward by SQL: all of them, and those whose location may be shown. */
async function wardCounts(): Promise<{ all: Map<string, number>; placeable: Map<string, number> }> {
  const rows = await world.api.db.sql.query<{ ward: string; all: number; placeable: number }>(`
    SELECT "wardCode" AS ward, count(*)::int AS all, (count(*) FILTER (WHERE NOT "confidentialLocation"))::int AS placeable
      FROM "Facility" WHERE "isActive" AND "mergedIntoId" IS NULL AND "wardCode" IS NOT NULL GROUP BY 1`);
  return {
    all: new Map(rows.rows.map((r) => [r.ward, r.all])),
    placeable: new Map(rows.rows.map((r) => [r.ward, r.placeable])),
  };
}

const wardsOf = (tree: Tree) => new Map(tree.counties.flatMap((c) => c.constituencies.flatMap((k) => k.wards.map((w) => [w.code, w.facilityCount] as const))).filter(([, n]) => n > 0));

beforeAll(async () => {
  world = await startSecurityApi();
  const [busiest] = await world.api.db.prisma.facility.groupBy({
    by: ['countyCode'],
    where: { isActive: true },
    _count: true,
    orderBy: { _count: { countyCode: 'desc' } },
  });
  home = busiest.countyCode;
  national = await userCaller('ADMIN');
  viewer = await userCaller('VIEWER');
  homeViewer = await userCaller('VIEWER', { county: home });
});
afterAll(() => world?.close());

describe('county trees kept by the process', () => {
  it('are answered to each kind of caller with its own counts, in whatever order they ask', async () => {
    const { all, placeable } = await wardCounts();
    // The sample delivery holds located confidential facilities, so the two kinds must differ.
    expect([...all].some(([ward, n]) => placeable.get(ward) !== n)).toBe(true);
    const nonzero = (counts: Map<string, number>) => new Map([...counts].filter(([, n]) => n > 0));

    for (let round = 0; round < 2; round++) {
      for (const [caller, expected] of [
        [national, nonzero(all)],
        [viewer, nonzero(placeable)],
      ] as const) {
        const answer = await world.call<Tree>(caller, TREE);
        expect(wardsOf(answer.data!), `${caller.label}, round ${round + 1}`).toEqual(expected);
      }
      const scoped = await world.call<Tree>(homeViewer, TREE);
      expect(scoped.data!.counties.filter((c) => c.facilityCount > 0).map((c) => c.code)).toEqual([home]);
    }
  });

  it('are not served to a caller the directory refuses', async () => {
    await world.call<Tree>(national, TREE);
    await world.call<Tree>(viewer, TREE);
    const refused = await world.call<Tree>(anonymous, TREE);
    expect(refused.data?.counties ?? null).toBeNull();
    expect(codes(refused)).toContain('UNAUTHENTICATED');
  });
});
