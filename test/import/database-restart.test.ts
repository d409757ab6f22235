// PostgreSQL restarting under a running import: every connection the import holds — the one
// withExclusiveLock keeps for the whole run, the source's transaction — is terminated, as a fast
// shutdown does. The process must not crash; the attempt fails for the queue to retry, and the
// retry ends with the same registry as an import that was never interrupted.
//
// The restart is simulated with pg_terminate_backend on the test database's own connections
// (CI shares one server, which a test must not restart).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDelivery } from '../../bench/generator/generate.js';
import { databaseFailure } from '../../src/db/failures.js';
import { createImportRun } from '../../src/imports/import-request.js';
import { executeRun } from '../../src/imports/execute-run.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { importDeps } from '../support/imports.js';

describe.skipIf(!testServerUrl())('an import while PostgreSQL restarts', () => {
  let interrupted: TestDatabase;
  let uninterrupted: TestDatabase;
  let files: { fileName: string; content: string }[];
  const lost: Error[] = [];

  beforeAll(async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-db-restart-'));
    const delivery = await generateDelivery({ seed: 13, records: 4000, format: 'ndjson', outDir, inMemory: false });
    files = delivery.files.map((f) => ({ fileName: path.basename(f.path), content: readFileSync(f.path, 'utf8') }));
    [interrupted, uninterrupted] = await Promise.all([createTestDatabase({ onConnectionError: (error) => lost.push(error) }), createTestDatabase()]);
  }, 120_000);
  afterAll(async () => {
    await interrupted?.close();
    await uninterrupted?.close();
  });

  async function newRun(db: TestDatabase) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-db-restart-run-'));
    return createImportRun(db, { importDir: dir, dataDir: dir, maxUploadBytes: 1e9 }, { sources: files, triggeredBy: 'test' });
  }

  async function registry(db: TestDatabase) {
    const facilities = await db.prisma.facility.findMany({
      include: { sourceRecords: { select: { fileName: true, pointer: true } }, services: true, contacts: true },
    });
    return facilities
      .map((f) => ({
        name: f.name,
        county: f.countyCode,
        ward: f.wardCode,
        type: f.type,
        position: [f.latitude, f.longitude],
        ids: [f.mflCode, f.stationCode, f.branchCode, f.registrationNumber],
        records: f.sourceRecords.map((s) => `${s.fileName}#${s.pointer}`).sort(),
        services: f.services.map((s) => s.serviceKey).sort(),
        contacts: f.contacts.map((c) => `${c.type}:${c.value}`).sort(),
      }))
      .sort((a, b) => a.records[0].localeCompare(b.records[0]));
  }

  it('fails the attempt without crashing, and the retry ends as an uninterrupted import', async () => {
    const url = new URL(testServerUrl()!);
    url.pathname = `/${(await interrupted.sql.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d}`;
    const side = new pg.Client({ connectionString: url.toString() });
    await side.connect();
    const run = await newRun(interrupted);
    const deps = { ...importDeps(interrupted), batchSize: 200 };
    const attempt = executeRun(deps, run.id, { retry: true, reconnect: { firstDelayMs: 20, maxDelayMs: 100, giveUpAfterMs: 30_000 } }).then(
      () => undefined,
      (error: unknown) => error,
    );

    // "Restart" once some sources are in and others are not.
    let pendingAtRestart = 0;
    for (let i = 0; i < 4_000 && pendingAtRestart === 0; i++) {
      const { rows } = await side.query<{ done: number; total: number }>(
        `SELECT count(*) FILTER (WHERE status <> 'PENDING')::int AS done, count(*)::int AS total FROM "ImportSource" WHERE "importRunId" = $1`,
        [run.id],
      );
      if (rows[0].done >= 1 && rows[0].done < rows[0].total) {
        await side.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        pendingAtRestart = rows[0].total - rows[0].done;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await side.end();
    expect(pendingAtRestart).toBeGreaterThan(0);

    const failure = await attempt;
    expect(databaseFailure(failure)).toBe('unavailable');
    expect(lost.length).toBeGreaterThan(0);
    expect((await interrupted.prisma.importRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('RUNNING');

    // The queue delivers the job again once the database is back; the run resumes.
    await executeRun(deps, run.id, { retry: true });
    const clean = await newRun(uninterrupted);
    await executeRun({ ...importDeps(uninterrupted), batchSize: 200 }, clean.id, { retry: true });

    const [resumed, reference] = await Promise.all([
      interrupted.prisma.importRun.findUniqueOrThrow({ where: { id: run.id } }),
      uninterrupted.prisma.importRun.findUniqueOrThrow({ where: { id: clean.id } }),
    ]);
    expect(resumed.status).toBe('SUCCEEDED');
    expect(resumed.status).toBe(reference.status);
    expect(resumed.counts).toEqual(reference.counts);
    expect(await registry(interrupted)).toEqual(await registry(uninterrupted));
  }, 300_000);
});
