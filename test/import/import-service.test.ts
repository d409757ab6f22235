// Requesting an import records the run, lets the caller read it as queued, and only then hands
// it to the queue: a worker that picks it up at once cannot change what the caller is told.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createImportService } from '../../src/imports/import-service.js';
import type { ImportQueue } from '../../src/jobs/import-queue.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { importDeps } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

/** A queue that executes nothing and says when it was handed each run. */
function recordingQueue(events: string[]): ImportQueue {
  return { enqueue: async (runId) => void events.push(`queued ${runId}`), startWorking: async () => {}, stop: async () => {} };
}

const request = { sources: [{ content: '{"network":"Equity Afya","facility_name":"Equity Afya Kibra","branch_code":"EA-901","location":{"county":"Nairobi","constituency":"Kibra"}}', fileName: 'equity_afya.ndjson' }], triggeredBy: 'test' };

describe('requesting an import', () => {
  const service = (events: string[]) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-import-service-'));
    return createImportService(loadConfig({ DATA_DIR: dir, IMPORT_DIR: dir }), db, importDeps(db), recordingQueue(events));
  };

  it('reads the run for the caller before it is queued', async () => {
    const events: string[] = [];
    const run = await service(events).request(request, async (runId) => {
      events.push(`read ${runId}`);
      return (await db.prisma.importRun.findUniqueOrThrow({ where: { id: runId } })).status;
    });

    expect(run.beforeQueue).toBe('QUEUED');
    expect(events).toEqual([`read ${run.id}`, `queued ${run.id}`]);
  });

  it('queues the run even when reading it fails, and passes the error on', async () => {
    const events: string[] = [];
    const failing = service(events).request(request, async () => {
      throw new Error('read failed');
    });

    await expect(failing).rejects.toThrow('read failed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatch(/^queued /);
  });
});
