// Executing one queued run: the per-run lock, and what happens when execution itself fails.
import type { Database } from '../db/database.js';
import { databaseFailure } from '../db/failures.js';
import { executeImportRun, type ImportDeps } from '../ingest/run-import.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs, isTransientFailure } from '../ingest/failures/transient.js';
import { markInterruptedSourcesFailed, markRunFailed, readRun, unfinishedRunIds } from '../ingest/run-rows.js';

export const MAX_ATTEMPTS = 5;

export interface ExecuteOptions {
  /** graphile-worker: an attempt that lost the database is handed back to the queue to retry; otherwise transient failures are retried here. */
  retry: boolean;
  /** How long to wait for an unavailable database before giving the attempt up anyway (tests shorten it). */
  reconnect?: ReconnectPolicy;
}

export interface ReconnectPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  giveUpAfterMs: number;
}

/** About what a PostgreSQL restart or failover takes, and then some. */
const RECONNECT: ReconnectPolicy = { firstDelayMs: 250, maxDelayMs: 5_000, giveUpAfterMs: 10 * 60_000 };

/**
 * Resolves once a statement succeeds again, polling with a doubling delay; after `giveUpAfterMs`
 * it resolves anyway and the queue's own backoff takes over.
 */
async function untilReachable(db: Database, policy: ReconnectPolicy = RECONNECT): Promise<void> {
  const deadline = Date.now() + policy.giveUpAfterMs;
  let delay = policy.firstDelayMs;
  while (Date.now() < deadline) {
    try {
      await db.sql.query('SELECT 1');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}

export async function executeRun(deps: ImportDeps, runId: string, options: ExecuteOptions): Promise<void> {
  const { db } = deps;
  const held = await db.withExclusiveLock(`import-run:${runId}`, async () => {
    // Still RUNNING after its last attempt: the process executing it died every time (killed,
    // out of memory) without a chance to record why. Starting it again would only repeat that.
    const before = await readRun(db.sql, runId);
    if (before?.status === 'RUNNING' && before.attempts >= MAX_ATTEMPTS) {
      deps.log?.('error', 'import run abandoned: its worker stopped during every attempt', { runId, attempts: before.attempts });
      await markRunFailed(db.sql, runId, `The import was attempted ${before.attempts} times and the process executing it stopped each time; see the worker's log for this run id.`);
      return;
    }
    // Only failures a retry can fix (a lost connection, a serialization failure, a deadlock)
    // are retried, here, with exponential backoff and jitter. A deterministic failure would
    // fail the same way again: it fails once, with its reason on the run and its source.
    for (let attempt = 0; ; attempt++) {
      try {
        await executeImportRun(deps, runId);
        return;
      } catch (error) {
        if (databaseFailure(error) === 'unavailable') {
          // The database went away (a restart, a failover): the source in progress was rolled
          // back with its transaction, and the sources finished before it stay finished. Nothing
          // can be recorded until the database is back, so wait for it here; then graphile's
          // queue retries the job, and the in-process queue retries below.
          deps.log?.('warn', 'import run interrupted: the database is unavailable; it will be retried once the database is back', { runId });
          await untilReachable(db, options.reconnect);
          if (options.retry) throw error;
        }
        const reason = (error as Error).message ?? String(error);
        const run = await readRun(db.sql, runId).catch(() => undefined);
        const transient = isTransientFailure(error);
        const finalAttempt = !transient || (run?.attempts ?? attempt + 1) >= MAX_ATTEMPTS;
        deps.log?.('error', 'import run failed', { runId, error: reason, transient, finalAttempt });
        if (!finalAttempt) {
          await sleep(backoffDelayMs(attempt));
          continue;
        }
        const why = transient ? `The database stayed unavailable through ${MAX_ATTEMPTS} attempts: ${reason}` : `The import stopped on an error that a retry would repeat: ${reason}`;
        await markRunFailed(db.sql, runId, why);
        await markInterruptedSourcesFailed(db.sql, runId, why);
        return;
      }
    }
  });
  if (!held.locked) deps.log?.('info', 'import run is already being executed by another worker', { runId });
}

/** Runs that a crash or restart left behind. */
export async function pendingRunIds(db: Database): Promise<string[]> {
  return unfinishedRunIds(db.sql);
}
