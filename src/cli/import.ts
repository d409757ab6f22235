// npm run import -- <files…> [--dry-run] [--kind KIND]
// Records an import run like the API does, then executes it here with a progress bar, so an
// operator sees the outcome at once. A run interrupted here is resumed by any worker later.
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { executeRun } from '../imports/execute-run.js';
import { createImportRun } from '../imports/import-request.js';
import { isSourceKind } from '../ingest/source-kind.js';
import { createLogger } from '../logger.js';
import { startRuntime } from '../runtime.js';
import { exitWhenDatabaseInUse } from './database-in-use.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, kind: { type: 'string' }, help: { type: 'boolean', default: false } },
});
if (values.help || positionals.length === 0) {
  console.log('usage: npm run import -- <file.json|file.ndjson>… [--dry-run] [--kind KIND]');
  process.exit(positionals.length === 0 && !values.help ? 2 : 0);
}
if (values.kind && !isSourceKind(values.kind)) {
  console.error(`--kind must be one of the source kinds, got "${values.kind}"`);
  process.exit(2);
}

const config = loadConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
const runtime = await startRuntime(config, logger, { work: false, role: 'cli' }).catch(exitWhenDatabaseInUse);
let exitCode = 0;
try {
  const sources = [];
  for (const file of positionals) {
    const size = (await stat(file)).size;
    const blob = await openAsBlob(file);
    sources.push({
      kind: values.kind as never,
      file: { name: path.basename(file), size, stream: () => blob.stream() as ReadableStream<Uint8Array> },
    });
  }
  const run = await createImportRun(
    runtime.db,
    { importDir: config.importDir, dataDir: config.dataDir, maxUploadBytes: Number.MAX_SAFE_INTEGER, files: runtime.files },
    { sources, dryRun: values['dry-run'], triggeredBy: `cli:${process.env.USER ?? 'operator'}`, triggeredByRole: 'ADMIN' },
  );
  const tty = process.stderr.isTTY;
  const started = Date.now();
  await executeRun(
    {
      ...runtime.imports.deps,
      onProgress: ({ processed }) => {
        if (tty) process.stderr.write(`\r${bar(processed)} ${processed} records, ${Math.round(processed / ((Date.now() - started) / 1000 || 1))}/s`);
      },
    },
    run.id,
    { retry: false },
  );
  if (tty) process.stderr.write('\n');
  const done = await runtime.db.prisma.importRun.findUniqueOrThrow({ where: { id: run.id }, include: { sources: { orderBy: { position: 'asc' } } } });
  console.log(`Import run ${done.id}: ${done.status}${done.dryRun ? ' (dry run: nothing was loaded)' : ''}`);
  console.table(
    done.sources.map((s) => ({ file: s.fileName, kind: s.kind, status: s.status, extracted: s.extracted, ...(s.counts as object), error: s.error ?? '' })),
  );
  if (done.sources.some((s) => s.status === 'FAILED') || done.status === 'FAILED') exitCode = 1;
} catch (error) {
  console.error((error as Error).message);
  exitCode = 1;
} finally {
  await runtime.close();
}
process.exit(exitCode);

function bar(processed: number): string {
  const width = 20;
  const pos = Math.floor(processed / 500) % width;
  return `[${' '.repeat(pos)}=${' '.repeat(width - pos - 1)}]`;
}
