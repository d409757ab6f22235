// What /ready answers: each check with its status and details, 503 when any fails. A load
// balancer reads the status; an operator reads the body (docs/ops/runbook.md says what to do
// for each failing check). `full` adds the import pipeline, which costs a few queries.
import { statfs } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { pendingMigrations } from '../db/migrations-status.js';
import { pipelineHealth, type PipelineHealth } from './pipeline-health.js';

export interface Check {
  name: 'database' | 'migrations' | 'disk' | 'memory' | 'pipeline';
  status: 'ok' | 'fail';
  details: Record<string, unknown>;
}

export interface Readiness {
  ready: boolean;
  /** The failing checks' names and reasons, in one line (what `/ready` said before it had a body). */
  reason?: string;
  checks: Check[];
  pipeline?: PipelineHealth;
}

export interface ReadinessOptions {
  db: Database;
  dataDir: string;
  /** Free space the data directory's disk must keep (MIN_FREE_DISK_MB). */
  minFreeDiskMb: number;
  /** Share of the memory limit above which the process reports itself not ready. */
  memoryLimitShare?: number;
  /** Runs RUNNING longer than this are reported stuck (IMPORT_STUCK_AFTER_MIN). */
  stuckAfterMinutes: number;
}

/** The checks' limits as the configuration sets them. */
export function readinessOptions(config: Pick<Config, 'dataDir' | 'MIN_FREE_DISK_MB' | 'IMPORT_STUCK_AFTER_MIN'>): Omit<ReadinessOptions, 'db'> {
  return { dataDir: config.dataDir, minFreeDiskMb: config.MIN_FREE_DISK_MB, stuckAfterMinutes: config.IMPORT_STUCK_AFTER_MIN };
}

export async function readiness(options: ReadinessOptions, full: boolean): Promise<Readiness> {
  const checks: Check[] = [];
  const database = await databaseCheck(options.db);
  checks.push(database);
  checks.push(database.status === 'ok' ? await migrationsCheck(options.db) : { name: 'migrations', status: 'fail', details: { reason: 'database unreachable' } });
  checks.push(await diskCheck(options.dataDir, options.minFreeDiskMb));
  checks.push(memoryCheck(options.memoryLimitShare ?? 0.9));
  let pipeline: PipelineHealth | undefined;
  if (full && database.status === 'ok') {
    pipeline = await pipelineHealth(options.db, { stuckAfterMinutes: options.stuckAfterMinutes });
    checks.push({
      name: 'pipeline',
      status: pipeline.stuckRuns.length ? 'fail' : 'ok',
      details: pipeline.stuckRuns.length ? { reason: `${pipeline.stuckRuns.length} import run(s) RUNNING for more than ${options.stuckAfterMinutes} minutes` } : {},
    });
  }
  const failing = checks.filter((c) => c.status === 'fail');
  return {
    ready: failing.length === 0,
    ...(failing.length ? { reason: failing.map((c) => `${c.name}: ${String(c.details.reason)}`).join('; ') } : {}),
    checks,
    ...(pipeline ? { pipeline } : {}),
  };
}

async function databaseCheck(db: Database): Promise<Check> {
  const started = performance.now();
  try {
    await db.sql.query('SELECT 1');
    return { name: 'database', status: 'ok', details: { kind: db.kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 } };
  } catch (error) {
    return { name: 'database', status: 'fail', details: { kind: db.kind, reason: 'database unreachable', error: (error as Error).message } };
  }
}

async function migrationsCheck(db: Database): Promise<Check> {
  const pending = await pendingMigrations(db).catch(() => null);
  if (pending === null) return { name: 'migrations', status: 'fail', details: { reason: 'cannot read the applied migrations' } };
  return pending.length
    ? { name: 'migrations', status: 'fail', details: { reason: 'migrations pending', pending } }
    : { name: 'migrations', status: 'ok', details: {} };
}

async function diskCheck(dataDir: string, minFreeMb: number): Promise<Check> {
  try {
    const s = await statfs(dataDir);
    const freeMb = Math.floor((Number(s.bavail) * Number(s.bsize)) / 1_048_576);
    return freeMb < minFreeMb
      ? { name: 'disk', status: 'fail', details: { reason: `${freeMb} MB free on the data directory's disk, below MIN_FREE_DISK_MB (${minFreeMb})`, freeMb, minFreeMb, path: dataDir } }
      : { name: 'disk', status: 'ok', details: { freeMb, minFreeMb } };
  } catch (error) {
    return { name: 'disk', status: 'fail', details: { reason: `cannot read the data directory's disk: ${(error as Error).message}` } };
  }
}

/** The tighter of the heap limit (node's old generation) and a container's memory limit. */
function memoryCheck(share: number): Check {
  const heap = getHeapStatistics();
  const rss = process.memoryUsage.rss();
  const heapShare = heap.used_heap_size / heap.heap_size_limit;
  const limit = containerMemoryLimit();
  const rssShare = limit ? rss / limit : 0;
  const details = {
    rssMb: Math.round(rss / 1_048_576),
    heapUsedMb: Math.round(heap.used_heap_size / 1_048_576),
    heapLimitMb: Math.round(heap.heap_size_limit / 1_048_576),
    ...(limit ? { containerLimitMb: Math.round(limit / 1_048_576) } : {}),
  };
  if (heapShare > share) return { name: 'memory', status: 'fail', details: { ...details, reason: `heap at ${Math.round(heapShare * 100)} % of its limit` } };
  if (rssShare > share) return { name: 'memory', status: 'fail', details: { ...details, reason: `resident memory at ${Math.round(rssShare * 100)} % of the container's limit` } };
  return { name: 'memory', status: 'ok', details };
}

let cgroupLimit: number | null | undefined;
function containerMemoryLimit(): number | null {
  if (cgroupLimit !== undefined) return cgroupLimit;
  cgroupLimit = null;
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      const value = Number(text);
      // "max", or cgroup v1's "no limit" (a number near 2^63), mean none.
      if (Number.isFinite(value) && value > 0 && value < 2 ** 60) cgroupLimit = value;
      break;
    } catch {
      // Not in a container, or not Linux.
    }
  }
  return cgroupLimit;
}
