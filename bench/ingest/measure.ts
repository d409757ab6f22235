// One measured import: the delivery recorded as an ImportRun exactly as the API records it
// (files copied under the data directory), then executed by the real orchestrator with stage
// timings, the same dependencies the service uses, and the database's own connection pool.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/db/database.js';
import type { RecordOutcome } from '../../src/ingest/record.js';
import { executeImportRun } from '../../src/ingest/run-import.js';
import { StageTimings, type Stage } from '../../src/ingest/stage-timings.js';
import type { BenchDelivery } from './delivery.js';
import { CpuMeter, type CpuFigures } from './cpu.js';
import { SqlProfile, type StatementFigures } from './sql-profile.js';
import { benchImportDeps, recordDelivery } from '../support/import.js';

/** The tables whose final rows the COPY baseline writes again. */
export const FINAL_TABLES = ['Facility', 'Contact', 'FacilityService', 'SourceRecord'] as const;
export type FinalTable = (typeof FINAL_TABLES)[number];

/** Written by the import too, counted for the report but not part of the baseline. */
const OTHER_TABLES = ['ContactPerson', 'FacilityBlockKey', 'AuditEvent', 'RecordIssue', 'DuplicateCandidate'] as const;

export interface IngestFigures {
  runId: string;
  status: string;
  /** Records the pipeline read from the files. */
  extracted: number;
  outcomes: Record<RecordOutcome, number>;
  /** executeImportRun, start to finish: what records/s is computed from. */
  pipelineMs: number;
  /** Copying the files under the data directory when the run is recorded (not in pipelineMs). */
  stagingMs: number;
  recordsPerSec: number;
  /**
   * Wall time per stage as StageTimings saw it. Stages overlap: the next batch is read and
   * processed while the previous one is matched and loaded, so they can add up to more than
   * pipelineMs. `other` is what no stage covers (run bookkeeping, issue rows, commits), when
   * the sum falls short of pipelineMs; `overlap` is by how much the sum exceeds it.
   */
  stagesMs: Record<Stage | 'other', number>;
  overlapMs: number;
  /** Within `match`: wall time reading candidates from the registry, and how many were read. */
  candidates: { ms: number; read: number };
  /** CPU time during the import: this process, and the database's backends when visible. */
  cpu: CpuFigures;
  /** Rows of the final tables after the run, and their total: the baseline's row count. */
  finalRows: Record<FinalTable, number>;
  finalRowTotal: number;
  /** Our rows/s over the same rows as the baseline: finalRowTotal / pipeline time. */
  rowsPerSec: number;
  otherRows: Record<string, number>;
  /** Peak resident set of the process up to the end of the import (process.resourceUsage().maxRSS). */
  peakRssMB: number;
  /** The highest RSS sampled every 50 ms during the import alone. */
  sampledPeakRssMB: number;
  /** RSS when the import started: the process, its modules and clients, before any record. */
  startRssMB: number;
  /** Highest V8 heap in use, V8 heap reserved, and memory outside the heap (buffers), sampled every 50 ms. */
  peakHeapUsedMB: number;
  peakHeapTotalMB: number;
  peakExternalMB: number;
  batchSize: number;
  /** With `sqlProfile`: the statements that took longest, summed by kind. */
  statements?: StatementFigures[];
}

export interface MeasureOptions {
  batchSize?: number;
  /** IMPORT_FEATURE_CACHE_SIZE for the run; off (the service's default) when absent. */
  featureCacheSize?: number;
  /** Where the run's copies of the files go; a temporary directory (removed after) when absent. */
  dataDir?: string;
  /** Time every SQL statement the pipeline issues through its Sql interface (a little overhead). */
  sqlProfile?: boolean;
  onProgress?: (processed: number) => void;
  /**
   * The delivery already recorded as an ImportRun, by another process: the API records runs and
   * workers execute them, so the CLI records in its own process and the measured child only
   * executes, as a worker does (recording goes through Prisma; the import does not).
   */
  recorded?: { runId: string; stagingMs: number };
}

const DEFAULT_BATCH_SIZE = 1000;

export async function measureIngest(db: Database, delivery: Pick<BenchDelivery, 'dir' | 'files'>, options: MeasureOptions = {}): Promise<IngestFigures> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'gvrc-bench-data-')));
  try {
    const { runId, stagingMs } = options.recorded ?? (await recordBenchDelivery(db, delivery, dataDir));

    const timings = new StageTimings();
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const profile = options.sqlProfile ? new SqlProfile() : undefined;
    const deps = benchImportDeps(profile ? profile.wrap(db) : db, {
      batchSize,
      featureCacheSize: options.featureCacheSize,
      timings,
      onProgress: options.onProgress ? (p) => options.onProgress?.(p.processed) : undefined,
    });

    const startRss = process.memoryUsage.rss();
    let sampledPeak = startRss;
    const heapPeaks = { used: 0, total: 0, external: 0 };
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      sampledPeak = Math.max(sampledPeak, m.rss);
      heapPeaks.used = Math.max(heapPeaks.used, m.heapUsed);
      heapPeaks.total = Math.max(heapPeaks.total, m.heapTotal);
      heapPeaks.external = Math.max(heapPeaks.external, m.external);
    }, 50);
    sampler.unref();
    const cpuMeter = new CpuMeter(db.connectionString ? new URL(db.connectionString).pathname.slice(1) : undefined);
    const started = performance.now();
    let status: string;
    let cpu: CpuFigures;
    try {
      status = await executeImportRun(deps, runId);
    } finally {
      clearInterval(sampler);
      cpu = cpuMeter.stop();
    }
    const pipelineMs = performance.now() - started;
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
    const peakRssMB = process.resourceUsage().maxRSS / 1024;

    const finished = (await db.sql.query<{ counts: Partial<Record<RecordOutcome, number>>; total: number | null }>(`SELECT counts, total FROM "ImportRun" WHERE id = $1::uuid`, [runId])).rows[0];
    const outcomes = { INSERTED: 0, UPDATED: 0, UNCHANGED: 0, MERGED: 0, FLAGGED: 0, REJECTED: 0, ...finished?.counts };
    const extracted = finished?.total ?? 0;
    const finalRows = Object.fromEntries(await Promise.all(FINAL_TABLES.map(async (t) => [t, await countRows(db, t)] as const))) as Record<FinalTable, number>;
    const otherRows = Object.fromEntries(await Promise.all(OTHER_TABLES.map(async (t) => [t, await countRows(db, t)] as const)));
    const finalRowTotal = FINAL_TABLES.reduce((s, t) => s + finalRows[t], 0);
    const staged = Object.values(timings.ms).reduce((s, v) => s + v, 0);

    return {
      runId,
      status,
      extracted,
      outcomes,
      pipelineMs,
      stagingMs,
      recordsPerSec: extracted / (pipelineMs / 1000),
      stagesMs: { ...timings.ms, other: Math.max(0, pipelineMs - staged) },
      overlapMs: Math.max(0, staged - pipelineMs),
      candidates: { ...timings.candidates },
      cpu,
      finalRows,
      finalRowTotal,
      rowsPerSec: finalRowTotal / (pipelineMs / 1000),
      otherRows,
      peakRssMB,
      sampledPeakRssMB: sampledPeak / 2 ** 20,
      startRssMB: startRss / 2 ** 20,
      peakHeapUsedMB: heapPeaks.used / 2 ** 20,
      peakHeapTotalMB: heapPeaks.total / 2 ** 20,
      peakExternalMB: heapPeaks.external / 2 ** 20,
      batchSize,
      ...(profile ? { statements: profile.top() } : {}),
    };
  } finally {
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** Records the delivery as the API would; returns the run and how long copying its files took. */
export async function recordBenchDelivery(db: Database, delivery: Pick<BenchDelivery, 'dir' | 'files'>, dataDir: string): Promise<{ runId: string; stagingMs: number }> {
  const started = performance.now();
  const runId = await recordDelivery(db, delivery, dataDir, 'bench:ingest');
  return { runId, stagingMs: performance.now() - started };
}

async function countRows(db: Database, table: string): Promise<number> {
  const r = await db.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "${table}"`);
  return Number(r.rows[0]?.n ?? 0);
}
