// Imports as durable jobs on PostgreSQL: graphile-worker executes queued runs, and runs left
// behind by a stopped process are picked up when a worker starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createImportRun } from '../../src/imports/import-request.js';
import { createLogger } from '../../src/logger.js';
import { createImportServices } from '../../src/runtime.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { sampleSources } from '../support/imports.js';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

// graphile-worker needs a PostgreSQL server; the embedded database runs imports in-process,
// which test/api/imports.test.ts covers.
describe.skipIf(!testServerUrl())('the import queue on PostgreSQL', () => {
  let db: TestDatabase;
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/gvrc-queue-test' });
  const logger = createLogger('silent');
  const cipher = createPersonalDataCipher(Buffer.alloc(32, 7));
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  const finished = (id: string) =>
    until(async () => {
      const run = await db.prisma.importRun.findUniqueOrThrow({ where: { id } });
      return ['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED'].includes(run.status) ? run : undefined;
    });

  it('a worker executes a queued run', async () => {
    const { imports, queue } = createImportServices(config, db, logger, cipher, 'graphile');
    await queue.startWorking();
    try {
      const run = await imports.request({ sources: [sampleSources()[0]].map((s) => ({ content: s.content, fileName: s.fileName })), triggeredBy: 'test' });
      expect((await finished(run.id)).status).toBe('SUCCEEDED');
    } finally {
      await queue.stop();
    }
  }, 90_000);

  it('a run recorded while no worker was running is executed when one starts', async () => {
    const run = await createImportRun(db, { importDir: config.importDir, dataDir: config.dataDir, maxUploadBytes: 1e9 }, {
      sources: [{ content: sampleSources()[2].content, fileName: sampleSources()[2].fileName }],
      triggeredBy: 'test',
    });
    const { queue } = createImportServices(config, db, logger, cipher, 'graphile');
    await queue.startWorking();
    try {
      expect((await finished(run.id)).status).toBe('SUCCEEDED');
    } finally {
      await queue.stop();
    }
  }, 90_000);
});
