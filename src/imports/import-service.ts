// What the API and the CLI call to import: record the run durably, then queue it.
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ImportDeps } from '../ingest/run-import.js';
import type { ImportQueue } from '../jobs/import-queue.js';
import { createImportRun, type ImportRequest } from './import-request.js';

export interface ImportService {
  request(request: ImportRequest): Promise<{ id: string }>;
  deps: ImportDeps;
  queue: ImportQueue;
}

export function createImportService(config: Config, db: Database, deps: ImportDeps, queue: ImportQueue): ImportService {
  return {
    deps,
    queue,
    async request(request) {
      const run = await createImportRun(
        db,
        { importDir: config.importDir, dataDir: config.dataDir, maxUploadBytes: config.MAX_UPLOAD_BYTES },
        request,
      );
      await queue.enqueue(run.id);
      return run;
    },
  };
}
