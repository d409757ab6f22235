// The orchestrator's own rows (ImportRun, ImportSource) are written in plain SQL, so that an
// import process never instantiates Prisma's query compiler (~90 MB of RSS). What the API reads
// back through Prisma must not change because of it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { executeRun, MAX_ATTEMPTS, pendingRunIds } from '../../src/imports/execute-run.js';
import { createImportRun } from '../../src/imports/import-request.js';
import { executeImportRun } from '../../src/ingest/run-import.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { importDeps } from '../support/imports.js';

const branch = (code: string, name: string) => ({ network: 'Equity Afya', facility_name: name, branch_code: code, location: { county: 'Nairobi', constituency: 'Kibra' } });
const equityFile = (...records: object[]) => ({ fileName: 'equity_afya-2025-09.ndjson', content: records.map((r) => JSON.stringify(r)).join('\n') });

let db: TestDatabase | undefined;
let other: Database | undefined;
afterEach(async () => {
  await other?.close();
  await db?.close();
  db = other = undefined;
});

async function recordRun(on: Database, sources: { fileName: string; content: string }[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-run-rows-'));
  return createImportRun(on, { importDir: dir, dataDir: dir, maxUploadBytes: 1e9 }, { sources, triggeredBy: 'test', triggeredByRole: 'DATA_ENGINEER' });
}

/**
 * The same database, opened afresh after its server-side time zone was set to Nairobi (UTC+3).
 * The embedded database is ours and always runs in UTC: there, the test database as it is.
 */
async function nairobiServer(test: TestDatabase): Promise<Database> {
  if (test.kind === 'pglite') return test;
  const name = (await test.sql.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
  await test.sql.query(`ALTER DATABASE "${name}" SET timezone TO 'Africa/Nairobi'`);
  other = await openDatabase({ url: test.connectionString!, poolSize: 2 });
  return other;
}

describe("the orchestrator's bookkeeping", () => {
  it('sends no query through Prisma while executing a run', async () => {
    db = await createTestDatabase({ captureQueries: true });
    const run = await recordRun(db, [equityFile(branch('EA-901', 'Equity Afya Kibra'))]);
    db.queries.length = 0;

    await executeRun(importDeps(db), run.id, { retry: false });
    await pendingRunIds(db);

    expect(db.queries).toEqual([]);
    const rows = await db.sql.query<{ status: string; total: number }>(`SELECT status::text AS status, total FROM "ImportRun" WHERE id = $1::uuid`, [run.id]);
    expect(rows.rows).toEqual([{ status: 'SUCCEEDED', total: 1 }]);
  });

  it('writes its times as Prisma reads them, whatever time zone the server runs in', async () => {
    db = await createTestDatabase();
    const sessions = await nairobiServer(db);
    const run = await recordRun(db, [equityFile(branch('EA-901', 'Equity Afya Kibra'), branch('EA-902', 'Equity Afya Olympic'))]);
    const before = Date.now();

    await executeImportRun(importDeps(sessions), run.id);

    const after = Date.now();
    const read = await db.prisma.importRun.findUniqueOrThrow({ where: { id: run.id }, include: { sources: true } });
    // Whole seconds of slack: the database's clock, not the test's, wrote these.
    // SourceRecord's createdAt is the column's default, filled in by the database.
    const lineage = await db.prisma.sourceRecord.findFirstOrThrow({ where: { importRunId: run.id } });
    for (const at of [read.startedAt, read.finishedAt, read.sources[0].finishedAt, lineage.createdAt]) {
      expect(at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(at!.getTime()).toBeLessThanOrEqual(after + 1000);
    }
    expect(read).toMatchObject({ status: 'SUCCEEDED', attempts: 1, processed: 2, total: 2, counts: { INSERTED: 2 } });
  });

  it('gives up on a run whose worker died during each of its attempts, instead of starting it again', async () => {
    db = await createTestDatabase();
    const run = await recordRun(db, [equityFile(branch('EA-901', 'Equity Afya Kibra'))]);
    // What five attempts that each ended with the process killed leave behind.
    await db.sql.query(`UPDATE "ImportRun" SET status = 'RUNNING', attempts = $2 WHERE id = $1::uuid`, [run.id, MAX_ATTEMPTS]);

    await executeRun(importDeps(db), run.id, { retry: true });

    const read = await db.prisma.importRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(read).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS, error: expect.stringMatching(/attempted 5 times/) });
    expect(await db.prisma.sourceRecord.count()).toBe(0);
    expect(await pendingRunIds(db)).toEqual([]);
  });

  it('lists the runs a crash left behind, oldest first, and not the finished ones', async () => {
    db = await createTestDatabase();
    const first = await recordRun(db, [equityFile(branch('EA-901', 'Equity Afya Kibra'))]);
    const finished = await recordRun(db, [equityFile(branch('EA-902', 'Equity Afya Olympic'))]);
    const last = await recordRun(db, [equityFile(branch('EA-903', 'Equity Afya Laini Saba'))]);
    await executeImportRun(importDeps(db), finished.id);
    await db.sql.query(`UPDATE "ImportRun" SET status = 'RUNNING' WHERE id = $1::uuid`, [last.id]);
    // Recorded within the same millisecond, they would tie: the first was queued a minute earlier.
    await db.sql.query(`UPDATE "ImportRun" SET "createdAt" = "createdAt" - interval '1 minute' WHERE id = $1::uuid`, [first.id]);

    expect(await pendingRunIds(db)).toEqual([first.id, last.id]);
  });
});
