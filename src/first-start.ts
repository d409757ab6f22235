// On the first start of the embedded database, the sample delivery is imported so that a
// newcomer's first query returns real-looking facilities. Never against a real server.
import { openAsBlob, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { executeRun } from './imports/execute-run.js';
import { createImportRun } from './imports/import-request.js';
import type { Runtime } from './runtime.js';

export const SAMPLES_DIR = path.resolve(import.meta.dirname, '../data/samples');

export async function importSamplesOnFirstStart(runtime: Runtime): Promise<void> {
  const { config, db, logger } = runtime;
  if (config.DATABASE_URL || !config.IMPORT_ON_FIRST_START) return;
  if ((await db.prisma.importRun.count()) > 0) return;
  const files = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
  const sources = await Promise.all(
    files.map(async (name) => {
      const file = path.join(SAMPLES_DIR, name);
      const blob = await openAsBlob(file);
      return { file: { name, size: statSync(file).size, stream: () => blob.stream() as ReadableStream<Uint8Array> } };
    }),
  );
  const run = await createImportRun(
    db,
    { importDir: config.importDir, dataDir: config.dataDir, maxUploadBytes: config.MAX_UPLOAD_BYTES, files: runtime.files },
    { sources, triggeredBy: 'system:first-start', triggeredByRole: 'ADMIN' },
  );
  await executeRun(runtime.imports.deps, run.id, { retry: false });
  const done = await db.prisma.importRun.findUniqueOrThrow({ where: { id: run.id } });
  logger.info({ runId: run.id, status: done.status, counts: done.counts }, 'imported the sample delivery (first start)');
}
