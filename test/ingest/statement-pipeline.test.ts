// A batch's writes are sent without waiting for each other. On one transaction's connection
// they still run in the order sent, and a failure is reported as the statement that failed,
// once nothing sent is still running.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pipelined } from '../../src/ingest/load/statement-pipeline.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  await db.sql.query('CREATE TABLE pipeline_scratch (n integer PRIMARY KEY)');
});
afterEach(async () => {
  await db.close();
});

describe('pipelined statements in one transaction', () => {
  it('run in the order they were sent: a read sent after writes sees them', async () => {
    const seen: number[] = [];
    await db.sql.transaction((tx) =>
      pipelined(async (send) => {
        for (let n = 1; n <= 5; n++) await send(() => tx.query('INSERT INTO pipeline_scratch (n) VALUES ($1)', [n]));
        await send(async () => {
          const r = await tx.query<{ c: string }>('SELECT count(*) AS c FROM pipeline_scratch');
          seen.push(Number(r.rows[0].c));
        });
        await send(() => tx.query('INSERT INTO pipeline_scratch (n) SELECT max(n) + 1 FROM pipeline_scratch'));
      }),
    );
    expect(seen).toEqual([5]);
    const r = await db.sql.query<{ n: number }>('SELECT n FROM pipeline_scratch ORDER BY n');
    expect(r.rows.map((row) => row.n)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("throw the failing statement's own error, after everything sent has settled, and the transaction rolls back", async () => {
    const settled: string[] = [];
    const attempt = db.sql.transaction((tx) =>
      pipelined(async (send) => {
        await send(() => tx.query('INSERT INTO pipeline_scratch (n) VALUES (1)').then(() => settled.push('first')));
        await send(() => tx.query('INSERT INTO pipeline_scratch (n) VALUES (1)').finally(() => settled.push('duplicate')));
        await send(() => tx.query('INSERT INTO pipeline_scratch (n) VALUES (2)').finally(() => settled.push('behind it')));
        // A read the body awaits itself fails too ("transaction is aborted"): not what is reported.
        await tx.query('SELECT 1');
      }),
    );
    await expect(attempt).rejects.toThrow(/duplicate key|unique/i);
    expect(settled).toEqual(['first', 'duplicate', 'behind it']);
    const r = await db.sql.query<{ c: string }>('SELECT count(*) AS c FROM pipeline_scratch');
    expect(Number(r.rows[0].c)).toBe(0);
  });

  it("report the body's own error when no statement failed, once the sent ones have finished", async () => {
    let finished = false;
    const attempt = pipelined(async (send) => {
      await send(() => db.sql.query('SELECT pg_sleep(0.05)').then(() => (finished = true)));
      throw new Error('derivation failed');
    });
    await expect(attempt).rejects.toThrow('derivation failed');
    expect(finished).toBe(true);
  });
});
