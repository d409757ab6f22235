// A failure that a retry cannot fix fails the run once, with its reason on the run and on the
// source it stopped in; it used to be retried 5 times and say "see the server log".
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportRun } from '../../src/imports/import-request.js';
import { executeRun } from '../../src/imports/execute-run.js';
import { backoffDelayMs } from '../../src/ingest/failures/transient.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { importDeps, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describe('a run that fails for a reason a retry would repeat', () => {
  it('is attempted once and stores the reason on the run and its source', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-det-'));
    const run = await createImportRun(db, { importDir: dataDir, dataDir, maxUploadBytes: 1e9 }, {
      sources: [sampleSources().find((s) => s.fileName === 'kps_stations.json')!],
      triggeredBy: 'test',
      triggeredByRole: 'DATA_ENGINEER',
    });
    const [source] = await db.prisma.importSource.findMany({ where: { importRunId: run.id } });
    // The stored copy of the upload is gone (shared storage lost it): every attempt would fail alike.
    rmSync(source.storedPath);

    await executeRun(importDeps(db), run.id, { retry: true });

    const after = await db.prisma.importRun.findUniqueOrThrow({ where: { id: run.id }, include: { sources: true } });
    expect(after.status).toBe('FAILED');
    expect(after.attempts).toBe(1);
    expect(after.error).toContain('ENOENT');
    expect(after.sources[0]).toMatchObject({ status: 'FAILED' });
    expect(after.sources[0].error).toContain('ENOENT');
  });
});

describe('the wait before retrying a transient failure', () => {
  it('grows exponentially, is capped, and is jittered', () => {
    expect(backoffDelayMs(0, 200, 10_000, () => 0.999)).toBeLessThan(200);
    expect(backoffDelayMs(3, 200, 10_000, () => 0.999)).toBeGreaterThan(1500);
    expect(backoffDelayMs(30, 200, 10_000, () => 0.999)).toBeLessThan(10_000);
    const waits = new Set(Array.from({ length: 20 }, () => backoffDelayMs(4)));
    expect(waits.size).toBeGreaterThan(1);
  });
});
