// The ImportRun and ImportSource rows as the orchestrator reads and writes them, in plain SQL.
// An import process that never sends a query through Prisma never instantiates Prisma's query
// compiler, which costs ~90 MB of resident memory before the first record (bench/RESULTS.md).
import type { Sql } from '../db/database.js';
import type { ImportRun, ImportSource } from '../generated/prisma/client.js';
import type { OutcomeCounts, RunQualityReport } from './report/run-quality.js';

export type RunRow = Pick<ImportRun, 'id' | 'status' | 'dryRun' | 'triggeredBy' | 'triggeredByRole' | 'requestId' | 'attempts'>;
export type SourceRow = Pick<ImportSource, 'id' | 'kind' | 'fileName' | 'storedPath' | 'status' | 'extracted'>;
type FinishedSourceRow = Pick<ImportSource, 'status' | 'extracted' | 'counts' | 'qualityReport'>;

/** The run and its sources in delivery order, or undefined when there is no such run. */
export async function readRun(sql: Sql, runId: string): Promise<(RunRow & { sources: SourceRow[] }) | undefined> {
  const runs = await sql.query<RunRow>(
    `SELECT id, status::text AS status, "dryRun", "triggeredBy", "triggeredByRole", "requestId", attempts FROM "ImportRun" WHERE id = $1::uuid`,
    [runId],
  );
  const run = runs.rows[0];
  if (!run) return undefined;
  const sources = await sql.query<SourceRow>(
    `SELECT id, kind::text AS kind, "fileName", "storedPath", status::text AS status, extracted
       FROM "ImportSource" WHERE "importRunId" = $1::uuid ORDER BY position`,
    [runId],
  );
  return { ...run, sources: sources.rows };
}

/** A new attempt begins: counted, and progress starts again from the sources already finished. */
export async function markRunning(sql: Sql, runId: string): Promise<void> {
  await sql.query(
    `UPDATE "ImportRun" SET status = 'RUNNING', "startedAt" = COALESCE("startedAt", now()), attempts = attempts + 1, processed = 0 WHERE id = $1::uuid`,
    [runId],
  );
}

export async function recordProgress(sql: Sql, runId: string, processed: number): Promise<void> {
  await sql.query(`UPDATE "ImportRun" SET processed = $2 WHERE id = $1::uuid`, [runId, processed]);
}

export async function finishedSources(sql: Sql, runId: string): Promise<FinishedSourceRow[]> {
  const r = await sql.query<FinishedSourceRow>(
    `SELECT status::text AS status, extracted, counts, "qualityReport" FROM "ImportSource" WHERE "importRunId" = $1::uuid ORDER BY position`,
    [runId],
  );
  return r.rows;
}

/** Records left out of the run on an unexpected error (each has its RECORD_FAILED issue). */
export async function failedRecordCount(sql: Sql, runId: string): Promise<number> {
  const r = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RecordIssue" WHERE "importRunId" = $1::uuid AND code = 'RECORD_FAILED'`, [runId]);
  return r.rows[0]?.n ?? 0;
}

export type FinalRunStatus = Extract<ImportRun['status'], 'SUCCEEDED' | 'FAILED' | 'PARTIALLY_SUCCEEDED'>;

export interface RunFinish {
  status: FinalRunStatus;
  counts: OutcomeCounts;
  processed: number;
  total: number;
  qualityReport?: RunQualityReport;
}

export async function finishRun(sql: Sql, runId: string, f: RunFinish): Promise<void> {
  await sql.query(
    `UPDATE "ImportRun" SET status = $2::"ImportRunStatus", counts = $3::jsonb, processed = $4, total = $5,
            "qualityReport" = COALESCE($6::jsonb, "qualityReport"), "finishedAt" = now() WHERE id = $1::uuid`,
    [runId, f.status, JSON.stringify(f.counts), f.processed, f.total, f.qualityReport ? JSON.stringify(f.qualityReport) : null],
  );
}

/** Execution itself failed for good (not a source: those fail on their own). */
export async function markRunFailed(sql: Sql, runId: string, error: string): Promise<void> {
  await sql.query(`UPDATE "ImportRun" SET status = 'FAILED', error = $2, "finishedAt" = now() WHERE id = $1::uuid`, [runId, error]);
}

/** The source a failed run was working on (the first still PENDING) carries the run's reason too. */
export async function markInterruptedSourcesFailed(sql: Sql, runId: string, error: string): Promise<void> {
  await sql.query(
    `UPDATE "ImportSource" SET status = 'FAILED', error = $2, "finishedAt" = now()
      WHERE id = (SELECT id FROM "ImportSource" WHERE "importRunId" = $1::uuid AND status = 'PENDING' ORDER BY position LIMIT 1)`,
    [runId, error],
  );
}

/**
 * Puts a FAILED or interrupted (QUEUED, RUNNING) run back in the queue's hands: its failed sources
 * become PENDING again without their issues, finished ones stay. False when the run is neither.
 */
export async function reopenRun(sql: Sql, runId: string): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const r = await tx.query(
      `UPDATE "ImportRun" SET status = 'QUEUED', error = NULL, "finishedAt" = NULL, attempts = 0
        WHERE id = $1::uuid AND status IN ('FAILED', 'QUEUED', 'RUNNING')`,
      [runId],
    );
    if (r.rowCount === 0) return false;
    await tx.query(
      `DELETE FROM "RecordIssue" WHERE "importSourceId" IN (SELECT id FROM "ImportSource" WHERE "importRunId" = $1::uuid AND status = 'FAILED')`,
      [runId],
    );
    await tx.query(`UPDATE "ImportSource" SET status = 'PENDING', error = NULL, "finishedAt" = NULL WHERE "importRunId" = $1::uuid AND status = 'FAILED'`, [runId]);
    return true;
  });
}

/** Runs that a crash or restart left behind, oldest first. */
export async function unfinishedRunIds(sql: Sql): Promise<string[]> {
  const r = await sql.query<{ id: string }>(`SELECT id FROM "ImportRun" WHERE status IN ('QUEUED', 'RUNNING') ORDER BY "createdAt"`);
  return r.rows.map((row) => row.id);
}
