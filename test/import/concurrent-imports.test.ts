// Two operators importing overlapping deliveries at the same moment, each with `npm run import`:
// both runs succeed, and the registry is the one the same two imports give one after the other.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDelivery } from '../../bench/generator/generate.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createImportRun } from '../../src/imports/import-request.js';
import { executeRun } from '../../src/imports/execute-run.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { importDeps } from '../support/imports.js';

const run = promisify(execFile);

// Two processes must share one database, which only a PostgreSQL server allows.
describe.skipIf(!testServerUrl())('two imports at once', () => {
  let concurrent: TestDatabase;
  let sequential: TestDatabase;
  let files: string[];

  beforeAll(async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-concurrent-'));
    const delivery = await generateDelivery({ seed: 5, records: 1500, format: 'ndjson', outDir, inMemory: false });
    files = delivery.files.map((f) => f.path);
    [concurrent, sequential] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  }, 120_000);
  afterAll(async () => {
    await concurrent?.close();
    await sequential?.close();
  });

  async function urlOf(db: TestDatabase) {
    const name = (await db.sql.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
    const url = new URL(testServerUrl()!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async function cli(db: TestDatabase, args: string[]) {
    // One deployment, one personal-data key (the one the in-process imports below use): a process
    // with another key would refuse to start on the first one's named persons.
    const env = {
      ...process.env,
      DATABASE_URL: await urlOf(db),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gvrc-concurrent-data-')),
      LOG_LEVEL: 'silent',
      PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('hex'),
    };
    return run(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], { env, timeout: 300_000 }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  }

  /** The registry without what differs between any two databases (generated ids, codes and times). */
  async function registry(db: TestDatabase) {
    const facilities = await db.prisma.facility.findMany({
      include: { sourceRecords: { select: { fileName: true, pointer: true, outcome: true } }, services: true, contacts: true },
    });
    return facilities
      .map((f) => ({
        name: f.name,
        active: f.isActive,
        place: [f.countyCode, f.constituencyCode, f.wardCode, f.latitude, f.longitude],
        type: f.type,
        ids: [f.mflCode, f.stationCode, f.branchCode, f.registrationNumber],
        // Which records describe it: the first run's outcomes, the second's are all UNCHANGED.
        records: f.sourceRecords.filter((s) => s.outcome !== 'UNCHANGED').map((s) => `${s.fileName}#${s.pointer}`).sort(),
        services: f.services.map((s) => s.serviceKey).sort(),
        contacts: f.contacts.map((c) => `${c.type}:${c.value}`).sort(),
      }))
      .sort((a, b) => a.records.join().localeCompare(b.records.join()));
  }

  it('both succeed, and the registry is that of the same imports one after the other', async () => {
    // Overlapping: the same delivery, the second operator giving the files in the other order.
    const deliveries = [files, [...files].reverse()];
    const results = await Promise.all(deliveries.map((d) => cli(concurrent, d)));
    for (const r of results) {
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toMatch(/: SUCCEEDED/);
    }

    // Replay them one after the other, in the order in which they reached the registry.
    const runs = await concurrent.prisma.importRun.findMany({ include: { sources: { orderBy: { position: 'asc' } } }, orderBy: { finishedAt: 'asc' } });
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      const order = r.sources.map((s) => s.fileName);
      const delivery = deliveries.find((d) => d.map((f) => path.basename(f)).join() === order.join())!;
      const replay = await cli(sequential, delivery);
      expect(replay.code, replay.stderr).toBe(0);
    }
    expect(await registry(concurrent)).toEqual(await registry(sequential));
  }, 600_000);

  it('through two workers: both runs succeed, as if executed one after the other', async () => {
    const [workersDb, oneByOne] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    // Each worker process has a pool of its own.
    const workers: Database[] = await Promise.all([1, 2].map(async () => openDatabase({ url: await urlOf(workersDb), poolSize: 4 })));
    try {
      const contents = files.map((f) => ({ fileName: path.basename(f), content: readFileSync(f, 'utf8') }));
      const deliveries = [contents, [...contents].reverse()];
      const record = (db: Database, sources: typeof contents) => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-concurrent-run-'));
        return createImportRun(db, { importDir: dir, dataDir: dir, maxUploadBytes: 1e9 }, { sources, triggeredBy: 'test' });
      };
      const runs = [];
      for (const d of deliveries) runs.push(await record(workersDb, d));
      await Promise.all(runs.map((r, i) => executeRun({ ...importDeps(workers[i]), batchSize: 200 }, r.id, { retry: false })));

      const done = await workersDb.prisma.importRun.findMany({ include: { sources: { orderBy: { position: 'asc' } } }, orderBy: { finishedAt: 'asc' } });
      expect(done.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      for (const r of done) {
        const delivery = deliveries.find((d) => d.map((f) => f.fileName).join() === r.sources.map((s) => s.fileName).join())!;
        await executeRun({ ...importDeps(oneByOne), batchSize: 200 }, (await record(oneByOne, delivery)).id, { retry: false });
      }
      expect(await registry(workersDb)).toEqual(await registry(oneByOne));
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([workersDb.close(), oneByOne.close()]);
    }
  }, 600_000);
});
