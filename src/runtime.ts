// Everything a process of ours needs before it serves or works: configuration, the database
// (migrated and seeded), the personal-data key, and the import pipeline's dependencies. Shared by
// the API server, the worker and the CLI so that they cannot drift apart.
import { mkdir, rm } from 'node:fs/promises';
import { scheduleBackups, type BackupSchedule } from './backup/schedule.js';
import { hostname } from 'node:os';
import path from 'node:path';
import { createImportMetrics, type ImportMetrics } from './ops/import-metrics.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { embeddedDataDir } from './db/embedded.js';
import { pendingMigrations } from './db/migrations-status.js';
import { applyMigrations } from './db/schema-engine.js';
import { seedReferenceData } from './db/seed.js';
import { kenyaGazetteer } from './geography/kenya.js';
import { executeRun, pendingRunIds } from './imports/execute-run.js';
import { pruneImportFiles } from './imports/file-retention.js';
import { createImportService, type ImportService } from './imports/import-service.js';
import { createGeographyResolver } from './ingest/geography/resolve.js';
import { DEFAULT_THRESHOLDS } from './ingest/match/decide.js';
import { createMatcher } from './ingest/match/default-matcher.js';
import type { ImportDeps } from './ingest/run-import.js';
import { createGraphileQueue } from './jobs/graphile-queue.js';
import { createInProcessQueue } from './jobs/in-process-queue.js';
import type { ImportQueue } from './jobs/import-queue.js';
import type { Logger } from './logger.js';
import { keyedDigestWith } from './ingest/normalise/identity.js';
import { rekeySourceKeys } from './ingest/load/rekey-source-keys.js';
import {
  createPersonalDataCipher,
  loadPersonalDataKey,
  loadPreviousPersonalDataKeys,
  PERSONAL_DATA_KEY_FILE,
  personalDataKeyId,
  type PersonalDataCipher,
} from './security/personal-data-cipher.js';
import { assertKeyOpensStoredData } from './security/personal-data-key-check.js';
import { createStoredFileCipher, type StoredFileCipher } from './security/stored-file-cipher.js';

export interface Runtime {
  config: Config;
  db: Database;
  logger: Logger;
  cipher: PersonalDataCipher;
  imports: ImportService;
  /** Opens and writes stored copies of imported files (encrypted at rest). */
  files: StoredFileCipher;
  /** Counters of the imports this process executed, and the registry's quality gauges. */
  importMetrics: ImportMetrics;
  /** Scheduled backups, when BACKUP_EVERY is set and this process executes imports. */
  backups: BackupSchedule | null;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** An already open database (tests); otherwise opened from the configuration. */
  db?: Database;
  /** Whether this process executes queued imports. */
  work: boolean;
  /** Named in the database connections' application_name, where /ready?full finds the workers. */
  role?: 'api' | 'worker' | 'cli';
}

/**
 * Processes that execute imports connect as `gvrc-importer/<role>/<host>/<pid>`, others as
 * `gvrc-<role>/…`: pg_stat_activity then says who is there to run the queue.
 */
export function applicationName(role: RuntimeOptions['role'], work: boolean): string {
  return `${work ? `gvrc-importer/${role ?? 'api'}` : `gvrc-${role ?? 'api'}`}/${hostname()}/${process.pid}`.slice(0, 63);
}

function withApplicationName(url: string | undefined, name: string): string | undefined {
  if (!url) return url;
  const u = new URL(url);
  if (!u.searchParams.has('application_name')) u.searchParams.set('application_name', name);
  return u.toString();
}

/** The import pipeline's dependencies, its queue and the service in front of them. */
export function createImportServices(
  config: Config,
  db: Database,
  logger: Logger,
  cipher: PersonalDataCipher,
  /** PostgreSQL uses graphile-worker unless told otherwise (tests want the in-process queue's determinism). */
  queueKind: 'graphile' | 'in-process' = db.connectionString ? 'graphile' : 'in-process',
  /** Told when this process has finished executing a run (import metrics). */
  onRunExecuted: (runId: string, seconds: number) => Promise<void> = async () => {},
  /** Encrypts stored copies of imported files; without it (tests) they are kept plain. */
  files?: StoredFileCipher,
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
    ...(files ? { files } : {}),
  };
  const timed = async (runId: string, execute: () => Promise<void>) => {
    const started = performance.now();
    try {
      await execute();
    } finally {
      await onRunExecuted(runId, (performance.now() - started) / 1000).catch((error: unknown) =>
        logger.warn({ err: error, runId }, 'could not count the run in the import metrics'),
      );
    }
  };
  const queue: ImportQueue =
    queueKind === 'graphile' && db.connectionString
    ? createGraphileQueue({
        connectionString: db.connectionString,
        execute: (runId) => timed(runId, () => executeRun(deps, runId, { retry: true })),
        pendingRuns: () => pendingRunIds(db),
      })
    : createInProcessQueue({
        execute: (runId) => timed(runId, () => executeRun(deps, runId, { retry: false })),
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
      url: withApplicationName(config.DATABASE_URL, applicationName(options.role, options.work)),
      dataDir: embeddedDataDir(config),
      poolSize: config.DB_POOL_SIZE,
      poolIdleTimeoutMs: config.DB_POOL_IDLE_TIMEOUT_S * 1000,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      onConnectionError: (error) => logger.warn({ err: error }, 'lost a database connection; the next query opens another'),
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
  const previousKeys = loadPreviousPersonalDataKeys(config.PERSONAL_DATA_KEY_PREVIOUS);
  const cipher = createPersonalDataCipher(key.key, previousKeys);
  try {
    await assertKeyOpensStoredData(db.sql, cipher, personalDataKeyId(key.key));
  } catch (error) {
    // A key made just now cannot be the one the data needs: leave no file that looks like it is.
    if (key.source === 'created') await rm(path.join(config.dataDir, PERSONAL_DATA_KEY_FILE), { force: true });
    if (!options.db) await db.close();
    throw error;
  }
  if (key.source === 'created') logger.warn({ dataDir: config.dataDir }, 'created a local personal-data key (development only)');
  const rekeyed = await rekeySourceKeys(db.sql, keyedDigestWith(cipher));
  if (rekeyed.keys + rekeyed.messages > 0) logger.info(rekeyed, 'replaced unkeyed record keys by keyed ones');

  const importMetrics = createImportMetrics(db);
  const files = createStoredFileCipher(key.key, previousKeys);
  const { imports, queue } = createImportServices(config, db, logger, cipher, undefined, importMetrics.recordRun, files);
  if (options.work) await queue.startWorking();
  // Processes that execute imports also keep the backups (BACKUP_EVERY): on the embedded
  // database that is the API process, the only one that may open it.
  const backups = options.work ? scheduleBackups({ config, db, logger, personalDataKeyId: personalDataKeyId(key.key) }) : null;
  // …and delete stored import files past IMPORT_FILE_RETENTION_DAYS, hourly.
  const retention = options.work && config.IMPORT_FILE_RETENTION_DAYS > 0 ? setInterval(() => void sweepImportFiles(), 3_600_000).unref() : null;
  async function sweepImportFiles() {
    const pruned = await pruneImportFiles(db, config.dataDir, config.IMPORT_FILE_RETENTION_DAYS).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not delete expired import files');
      return [];
    });
    if (pruned.length) logger.info({ runs: pruned }, 'deleted stored import files past IMPORT_FILE_RETENTION_DAYS');
  }
  if (retention) void sweepImportFiles();

  return {
    config,
    db,
    logger,
    cipher,
    imports,
    backups,
    importMetrics,
    files,
    async close() {
      backups?.stop();
      if (retention) clearInterval(retention);
      await imports.queue.stop();
      if (!options.db) await db.close();
    },
  };
}
