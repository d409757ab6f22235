// An import refreshes the planner's statistics as it grows the registry inside its transaction,
// at a logarithmic cost, and never waits behind another session's ANALYZE.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_REFRESH_AFTER, PlannerStatistics } from '../../src/ingest/load/planner-statistics.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { insertFacilities, PLACES } from '../support/facilities.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

describe('planner statistics during an import', () => {
  it('refresh each time the run has doubled: after 1k, 2k, 4k … records', async () => {
    const statistics = new PlannerStatistics();
    await db.sql.transaction(async (tx) => {
      for (let batch = 0; batch < 20; batch += 1) await statistics.afterBatch(tx, 500);
    });
    // 10,000 records in batches of 500: refreshed at 1,000, 2,000, 4,000 and 8,000.
    expect(FIRST_REFRESH_AFTER).toBe(1000);
    expect(statistics.refreshes).toBe(4);
  });

  it("count the transaction's own new rows, which autovacuum cannot see yet", async () => {
    const [facility] = await insertFacilities(db, [{ name: 'Block Key Holder', place: PLACES.kilimani }]);
    const statistics = new PlannerStatistics();
    const rolledBack = new Error('roll back');
    let reltuples = 0;
    await db.sql
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO "FacilityBlockKey" (key, "facilityId") SELECT 'k' || g, $1::uuid FROM generate_series(1, 5000) g`, [facility.id]);
        await statistics.afterBatch(tx, FIRST_REFRESH_AFTER);
        const r = await tx.query<{ reltuples: number }>(`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = 'FacilityBlockKey'`);
        reltuples = r.rows[0].reltuples;
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    expect(statistics.refreshes).toBe(1);
    expect(reltuples).toBeGreaterThanOrEqual(5000);
  });

  it('refresh the columns batch lookups filter on, and leave the wide ones to autovacuum', async () => {
    const statistics = new PlannerStatistics();
    const rolledBack = new Error('roll back');
    let analysed: string[] = [];
    await db.sql
      .transaction(async (tx) => {
        await tx.query(
          `INSERT INTO "Facility" (id, code, name, "searchName", type, "countyCode", "mflCode", "createdBy", "updatedBy")
           SELECT gen_random_uuid(), 'GVRC-T' || g, 'Planner Test Facility ' || g, 'planner test facility ' || g, 'HEALTH_FACILITY', '047', 'T' || g, 'test', 'test'
             FROM generate_series(1, 2000) g`,
        );
        await statistics.afterBatch(tx, FIRST_REFRESH_AFTER);
        const r = await tx.query<{ attname: string }>(`SELECT attname FROM pg_stats WHERE tablename = 'Facility' ORDER BY attname`);
        analysed = r.rows.map((row) => row.attname);
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    expect(statistics.refreshes).toBe(1);
    expect(analysed).toEqual(expect.arrayContaining(['id', 'isActive', 'mflCode']));
    expect(analysed).not.toContain('name');
    expect(analysed).not.toContain('searchName');
  });

  it("let a rebuild delete the children of a few hundred facilities through the index, not by reading every facility's", async () => {
    const statistics = new PlannerStatistics();
    const rolledBack = new Error('roll back');
    const scans: Record<string, number> = {};
    await db.sql
      .transaction(async (tx) => {
        const created = await tx.query<{ id: string }>(
          `INSERT INTO "Facility" (id, code, name, "searchName", type, "countyCode", "createdBy", "updatedBy")
           SELECT gen_random_uuid(), 'GVRC-R' || g, 'Rebuilt Facility ' || g, 'rebuilt facility ' || g, 'HEALTH_FACILITY', '047', 'test', 'test'
             FROM generate_series(1, 25000) g RETURNING id`,
        );
        const ids = created.rows.map((r) => r.id);
        // As a 100,000-record import leaves them: about 225,000 services.
        await tx.query(
          `INSERT INTO "FacilityService" ("facilityId", "serviceKey")
           SELECT id, s.key FROM unnest($1::uuid[]) id, (SELECT key FROM "ServiceCategory" ORDER BY key LIMIT 9) s`,
          [ids],
        );
        await statistics.afterBatch(tx, FIRST_REFRESH_AFTER);
        const rebuilt = ids.slice(0, 300); // a batch's rebuilt facilities
        await tx.query(`DELETE FROM "FacilityService" WHERE "facilityId" = ANY($1::uuid[])`, [rebuilt]);
        const r = await tx.query<{ relname: string; n: string }>(
          `SELECT relname, seq_scan::text AS n FROM pg_stat_xact_user_tables WHERE relname = 'FacilityService'`,
        );
        for (const row of r.rows) scans[row.relname] = Number(row.n);
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    expect(statistics.refreshes).toBe(1);
    // The INSERT … SELECT above did not scan the table; only the DELETE could have.
    expect(scans).toEqual({ FacilityService: 0 });
  });

  // PGlite has one connection: no other session can hold the lock there.
  it.skipIf(!testServerUrl())('go on without the refresh when another session holds the ANALYZE lock', async () => {
    const other = new pg.Client({ connectionString: db.connectionString });
    await other.connect();
    try {
      // ANALYZE in an open transaction keeps its lock (SHARE UPDATE EXCLUSIVE) until the end.
      await other.query('BEGIN');
      await other.query('ANALYZE "FacilityBlockKey"');
      const statistics = new PlannerStatistics();
      await db.sql.transaction(async (tx) => {
        await statistics.afterBatch(tx, FIRST_REFRESH_AFTER);
        // The import's transaction is still usable, and its lock timeout is back to the default.
        const setting = await tx.query<{ lock_timeout: string }>('SHOW lock_timeout');
        expect(setting.rows[0].lock_timeout).toBe('0');
      });
      expect(statistics.refreshes).toBe(0);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });
});
