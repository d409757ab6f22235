// A worker killed in the middle of an import: running the job again ends with the same registry
// as an import that was never interrupted.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDelivery } from '../../bench/generator/generate.js';
import { createImportRun } from '../../src/imports/import-request.js';
import { executeRun } from '../../src/imports/execute-run.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { importDeps } from '../support/imports.js';

// Two processes must share one database, which only a PostgreSQL server allows; the embedded
// database runs imports in-process, where there is no separate worker to kill.
describe.skipIf(!testServerUrl())('an import interrupted by a killed worker', () => {
  let interrupted: TestDatabase;
  let uninterrupted: TestDatabase;
  let files: { fileName: string; content: string }[];

  beforeAll(async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-restart-'));
    const delivery = await generateDelivery({ seed: 11, records: 6000, format: 'ndjson', outDir, inMemory: false });
    files = delivery.files.map((f) => ({ fileName: path.basename(f.path), content: readFileSync(f.path, 'utf8') }));
    [interrupted, uninterrupted] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  }, 120_000);
  afterAll(async () => {
    await interrupted?.close();
    await uninterrupted?.close();
  });

  async function newRun(db: TestDatabase) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-restart-run-'));
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
        ids: [f.mflCode, f.stationCode, f.branchCode, f.registrationNumber],
        records: f.sourceRecords.map((s) => `${s.fileName}#${s.pointer}`).sort(),
        services: f.services.map((s) => s.serviceKey).sort(),
        contacts: f.contacts.map((c) => `${c.type}:${c.value}`).sort(),
      }))
      .sort((a, b) => a.records[0].localeCompare(b.records[0]));
  }

  it('ends with the same registry as an uninterrupted run', async () => {
    const url = new URL(testServerUrl()!);
    const dbName = (await interrupted.sql.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
    url.pathname = `/${dbName}`;
    const run = await newRun(interrupted);

    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../support/run-import-child.ts'), run.id], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: 'ignore',
    });
    // Kill it once some sources are in and others are not.
    let pendingAtKill = 0;
    for (let i = 0; i < 600; i++) {
      const sources = await interrupted.prisma.importSource.findMany({ where: { importRunId: run.id } });
      const done = sources.filter((s) => s.status !== 'PENDING').length;
      if (done >= 1 && done < sources.length) {
        child.kill('SIGKILL');
        pendingAtKill = sources.length - done;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => child.once('exit', r));
    expect(pendingAtKill).toBeGreaterThan(0);
    expect((await interrupted.prisma.importRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('RUNNING');

    // The queue delivers the job again; the run resumes.
    await executeRun({ ...importDeps(interrupted), batchSize: 200 }, run.id, { retry: false });
    const clean = await newRun(uninterrupted);
    await executeRun({ ...importDeps(uninterrupted), batchSize: 200 }, clean.id, { retry: false });

    const [resumed, reference] = await Promise.all([
      interrupted.prisma.importRun.findUniqueOrThrow({ where: { id: run.id } }),
      uninterrupted.prisma.importRun.findUniqueOrThrow({ where: { id: clean.id } }),
    ]);
    expect(resumed.status).toBe(reference.status);
    expect(resumed.counts).toEqual(reference.counts);
    expect(await registry(interrupted)).toEqual(await registry(uninterrupted));
  }, 300_000);
});
