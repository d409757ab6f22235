// Everything a process of ours needs before it serves or works: configuration, the database
// (migrated and seeded), the personal-data key, and the import pipeline's dependencies. Shared by
// the API server, the worker and the CLI so that they cannot drift apart.
import { mkdir } from 'node:fs/promises';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { embeddedDataDir } from './db/embedded.js';
import { pendingMigrations } from './db/migrations-status.js';
import { applyMigrations } from './db/schema-engine.js';
import { seedReferenceData } from './db/seed.js';
import { kenyaGazetteer } from './geography/kenya.js';
import { executeRun, pendingRunIds } from './imports/execute-run.js';
import { createImportService, type ImportService } from './imports/import-service.js';
import { createGeographyResolver } from './ingest/geography/resolve.js';
import { DEFAULT_THRESHOLDS } from './ingest/match/decide.js';
import { createMatcher } from './ingest/match/default-matcher.js';
import type { ImportDeps } from './ingest/run-import.js';
import { createGraphileQueue } from './jobs/graphile-queue.js';
import { createInProcessQueue } from './jobs/in-process-queue.js';
import type { ImportQueue } from './jobs/import-queue.js';
import type { Logger } from './logger.js';
import { createPersonalDataCipher, loadPersonalDataKey, type PersonalDataCipher } from './security/personal-data-cipher.js';

export interface Runtime {
  config: Config;
  db: Database;
  logger: Logger;
  cipher: PersonalDataCipher;
  imports: ImportService;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** An already open database (tests); otherwise opened from the configuration. */
  db?: Database;
  /** Whether this process executes queued imports. */
  work: boolean;
}

/** The import pipeline's dependencies, its queue and the service in front of them. */
export function createImportServices(
  config: Config,
  db: Database,
  logger: Logger,
  cipher: PersonalDataCipher,
  /** PostgreSQL uses graphile-worker unless told otherwise (tests want the in-process queue's determinism). */
  queueKind: 'graphile' | 'in-process' = db.connectionString ? 'graphile' : 'in-process',
): { imports: ImportService; queue: ImportQueue } {
  const deps: ImportDeps = {
    db,
    cipher,
    matcher: createMatcher({
      autoMerge: config.DEDUP_AUTO_MERGE_THRESHOLD ?? DEFAULT_THRESHOLDS.autoMerge,
      review: config.DEDUP_REVIEW_THRESHOLD ?? DEFAULT_THRESHOLDS.review,
    }),
    geography: createGeographyResolver(kenyaGazetteer()),
    featureCacheSize: config.IMPORT_FEATURE_CACHE_SIZE,
    log: (level, message, fields) => logger[level](fields ?? {}, message),
  };
  const queue: ImportQueue =
    queueKind === 'graphile' && db.connectionString
    ? createGraphileQueue({
        connectionString: db.connectionString,
        execute: (runId) => executeRun(deps, runId, { retry: true }),
        pendingRuns: () => pendingRunIds(db),
      })
    : createInProcessQueue({
        execute: (runId) => executeRun(deps, runId, { retry: false }),
        pendingRuns: () => pendingRunIds(db),
        onError: (runId, error) => logger.error({ runId, err: error }, 'import run failed'),
      });
  return { imports: createImportService(config, db, deps, queue), queue };
}

export async function startRuntime(config: Config, logger: Logger, options: RuntimeOptions): Promise<Runtime> {
  await mkdir(config.dataDir, { recursive: true });
  const db =
    options.db ??
    (await openDatabase({
      url: config.DATABASE_URL,
      dataDir: embeddedDataDir(config),
      poolSize: config.DB_POOL_SIZE,
      poolIdleTimeoutMs: config.DB_POOL_IDLE_TIMEOUT_S * 1000,
    }));
  // Only when something is pending does the schema engine's WASM load: it keeps ~30-45 MB of
  // resident memory for the life of the process, and the database usually is up to date.
  const applied = (await pendingMigrations(db)).length ? await applyMigrations(db.adapter) : [];
  if (applied.length) logger.info({ applied }, 'applied migrations');
  // PGlite reads the database's array types once, when it opens; on a first start that is before
  // the migrations created the enums, and an enum array parameter was then sent as a bare string
  // ("malformed array literal: \"SHELTER\"") until the next restart.
  if (applied.length) await db.pglite?.refreshArrayTypes();
  await seedReferenceData(db.sql);

  const key = await loadPersonalDataKey({ envValue: config.PERSONAL_DATA_KEY, dataDir: config.dataDir, production: config.production });
  if (key.source === 'created') logger.warn({ dataDir: config.dataDir }, 'created a local personal-data key (development only)');
  const cipher = createPersonalDataCipher(key.key);

  const { imports, queue } = createImportServices(config, db, logger, cipher);
  if (options.work) await queue.startWorking();

  return {
    config,
    db,
    logger,
    cipher,
    imports,
    async close() {
      await imports.queue.stop();
      if (!options.db) await db.close();
    },
  };
}
