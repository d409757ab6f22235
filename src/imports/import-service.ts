// What the API and the CLI call to import: record the run durably, then queue it.
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ImportDeps } from '../ingest/run-import.js';
import type { ImportQueue } from '../jobs/import-queue.js';
import { createImportRun, type ImportRequest } from './import-request.js';

export interface ImportService {
  /**
   * `beforeQueue` runs once the run is recorded and before any worker can see it: what it reads
   * is the run as queued. The run is queued even when it throws (and the error is passed on).
   */
  request<T = void>(request: ImportRequest, beforeQueue?: (runId: string) => Promise<T>): Promise<{ id: string; beforeQueue?: T }>;
  deps: ImportDeps;
  queue: ImportQueue;
}

export function createImportService(config: Config, db: Database, deps: ImportDeps, queue: ImportQueue): ImportService {
  return {
    deps,
    queue,
    async request(request, beforeQueue) {
      const run = await createImportRun(
        db,
        { importDir: config.importDir, dataDir: config.dataDir, maxUploadBytes: config.MAX_UPLOAD_BYTES, files: deps.files },
        request,
      );
      try {
        return { ...run, beforeQueue: await beforeQueue?.(run.id) };
      } finally {
        await queue.enqueue(run.id);
      }
    },
  };
}
