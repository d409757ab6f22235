// Executing one queued run: the per-run lock, and what happens when execution itself fails.
import type { Database } from '../db/database.js';
import { executeImportRun, type ImportDeps } from '../ingest/run-import.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs, isTransientFailure } from '../ingest/failures/transient.js';
import { markInterruptedSourcesFailed, markRunFailed, readRun, unfinishedRunIds } from '../ingest/run-rows.js';

export const MAX_ATTEMPTS = 5;

export interface ExecuteOptions {
  /** Kept for the queues' call sites: retries now happen here, for transient failures only. */
  retry: boolean;
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
