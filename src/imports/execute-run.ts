// Executing one queued run: the per-run lock, and what happens when execution itself fails.
import type { Database } from '../db/database.js';
import { executeImportRun, type ImportDeps } from '../ingest/run-import.js';
import { markRunFailed, readRun, unfinishedRunIds } from '../ingest/run-rows.js';

export const MAX_ATTEMPTS = 5;

export interface ExecuteOptions {
  /** Throw on failure so the queue retries (graphile-worker); else mark the run FAILED at once. */
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
    try {
      await executeImportRun(deps, runId);
    } catch (error) {
      const run = await readRun(db.sql, runId);
      const finalAttempt = !options.retry || (run?.attempts ?? 0) >= MAX_ATTEMPTS;
      deps.log?.('error', 'import run failed', { runId, error: (error as Error).message, finalAttempt });
      if (finalAttempt) {
        await markRunFailed(db.sql, runId, 'The import stopped on an internal error; see the server log for this run id.');
      } else {
        throw error;
      }
    }
  });
  if (!held.locked) deps.log?.('info', 'import run is already being executed by another worker', { runId });
}

/** Runs that a crash or restart left behind. */
export async function pendingRunIds(db: Database): Promise<string[]> {
  return unfinishedRunIds(db.sql);
}
