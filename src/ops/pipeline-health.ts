// The import pipeline as an operator watches it: is anything waiting too long, stuck, or not
// delivered for a long time, and is anyone there to execute imports at all.
import type { Database } from '../db/database.js';

export interface PipelineHealth {
  queued: number;
  oldestQueued: { runId: string; ageSeconds: number } | null;
  stuckRuns: { runId: string; runningSeconds: number; attempts: number }[];
  /** The last source of each kind that loaded, and how long ago. */
  lastSuccessByKind: { kind: string; finishedAt: string; ageSeconds: number }[];
  /**
   * Processes connected now that execute imports, by the application name they connect with
   * (`gvrc-importer/worker/<host>/<pid>`, or `gvrc-importer/api/…` for an API process that
   * executes its own; src/runtime.ts). On the embedded database the API process is the only one.
   */
  workers: string[];
}

const UTC_NOW = `(now() AT TIME ZONE 'UTC')`;

export async function pipelineHealth(db: Database, options: { stuckAfterMinutes: number }): Promise<PipelineHealth> {
  const [queued, stuck, last, workers] = await Promise.all([
    db.sql.query<{ n: string; id: string | null; age: number | null }>(
      `SELECT (SELECT count(*) FROM "ImportRun" WHERE status = 'QUEUED')::text AS n, o.id, o.age
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT id::text, EXTRACT(EPOCH FROM ${UTC_NOW} - "createdAt")::float8 AS age
                              FROM "ImportRun" WHERE status = 'QUEUED' ORDER BY "createdAt" LIMIT 1) o ON true`,
    ),
    db.sql.query<{ id: string; running: number; attempts: number }>(
      `SELECT id::text, EXTRACT(EPOCH FROM ${UTC_NOW} - "startedAt")::float8 AS running, attempts
         FROM "ImportRun" WHERE status = 'RUNNING' AND "startedAt" < ${UTC_NOW} - make_interval(mins => $1)
        ORDER BY "startedAt"`,
      [options.stuckAfterMinutes],
    ),
    db.sql.query<{ kind: string; finished: string; age: number }>(
      `SELECT kind::text, to_char(max("finishedAt"), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished, EXTRACT(EPOCH FROM ${UTC_NOW} - max("finishedAt"))::float8 AS age
         FROM "ImportSource" WHERE status = 'SUCCEEDED' AND kind IS NOT NULL AND "finishedAt" IS NOT NULL
        GROUP BY kind ORDER BY kind`,
    ),
    db.kind === 'postgres'
      ? db.sql
          .query<{ name: string }>(
            `SELECT DISTINCT application_name AS name FROM pg_stat_activity
              WHERE datname = current_database() AND application_name LIKE 'gvrc-importer/%'
              ORDER BY 1`,
          )
          .then((r) => r.rows.map((row) => row.name))
      : Promise.resolve([`gvrc-importer/api/embedded/${process.pid}`]),
  ]);
  const q = queued.rows[0]!;
  return {
    queued: Number(q.n),
    oldestQueued: q.id ? { runId: q.id, ageSeconds: Math.round(q.age ?? 0) } : null,
    stuckRuns: stuck.rows.map((r) => ({ runId: r.id, runningSeconds: Math.round(r.running), attempts: r.attempts })),
    lastSuccessByKind: last.rows.map((r) => ({ kind: r.kind, finishedAt: r.finished, ageSeconds: Math.round(r.age) })),
    workers,
  };
}
