// Prometheus metrics of the import pipeline and of the registry's data quality. The counters
// count what this process executed (scrape every worker and the API, and sum); the gauges read
// the database, at most once per `cacheMs`, whichever process is scraped.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';

export interface ImportMetrics {
  registry: Registry;
  /** Counts a finished run's records and issues, and its duration (called by the process that executed it). */
  recordRun(runId: string, seconds: number): Promise<void>;
}

export function createImportMetrics(db: Pick<Database, 'sql'>, options: { cacheMs?: number } = {}): ImportMetrics {
  const registry = new Registry();
  const cacheMs = options.cacheMs ?? 30_000;
  const records = new Counter({
    name: 'gvrc_import_records_total',
    help: 'Records processed by imports this process executed, by source kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const issues = new Counter({
    name: 'gvrc_import_issues_total',
    help: 'Record issues raised by imports this process executed, by code and severity.',
    labelNames: ['code', 'severity'] as const,
    registers: [registry],
  });
  const runs = new Counter({
    name: 'gvrc_import_runs_total',
    help: 'Import runs this process executed, by final status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gvrc_import_run_duration_seconds',
    help: 'How long executing an import run took, by final status.',
    labelNames: ['status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });

  const read = cached(cacheMs, async () => {
    const [queue, quality, lastByKind, unverified] = await Promise.all([
      db.sql.query<{ status: string; n: string }>(`SELECT status::text, count(*)::text AS n FROM "ImportRun" WHERE status IN ('QUEUED', 'RUNNING') GROUP BY status`),
      db.sql.query<{ score: number | null }>(`SELECT avg("qualityScore")::float8 AS score FROM "Facility" WHERE "isActive"`),
      db.sql.query<{ kind: string; at: number }>(
        `SELECT kind::text, EXTRACT(EPOCH FROM max("finishedAt"))::float8 AS at FROM "ImportSource"
          WHERE status = 'SUCCEEDED' AND kind IS NOT NULL AND "finishedAt" IS NOT NULL GROUP BY kind`,
      ),
      // A facility counts as verified within a year when some delivery stated it in that year.
      db.sql.query<{ county: string; share: number }>(
        `SELECT f."countyCode" AS county,
                avg(CASE WHEN seen.at IS NULL OR seen.at < (now() AT TIME ZONE 'UTC') - interval '365 days' THEN 1 ELSE 0 END)::float8 AS share
           FROM "Facility" f
           LEFT JOIN LATERAL (SELECT max(sr."createdAt") AS at FROM "SourceRecord" sr WHERE sr."facilityId" = f.id) seen ON true
          WHERE f."isActive" GROUP BY f."countyCode"`,
      ),
    ]);
    return { queue: queue.rows, quality: quality.rows[0]?.score ?? null, lastByKind: lastByKind.rows, unverified: unverified.rows };
  });

  new Gauge({
    name: 'gvrc_import_queue_depth',
    help: 'Import runs waiting (QUEUED) or executing (RUNNING) now.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const { queue } = await read();
      this.reset();
      for (const status of ['QUEUED', 'RUNNING']) this.set({ status }, Number(queue.find((q) => q.status === status)?.n ?? 0));
    },
  });
  new Gauge({
    name: 'gvrc_import_last_success_timestamp_seconds',
    help: 'When a source of each kind last loaded successfully (Unix time).',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const { lastByKind } = await read();
      this.reset();
      for (const row of lastByKind) this.set({ kind: row.kind }, row.at);
    },
  });
  new Gauge({
    name: 'gvrc_registry_quality_score',
    help: "Mean quality score (0-1) of the registry's active facilities.",
    registers: [registry],
    async collect() {
      const { quality } = await read();
      this.set(quality ?? 0);
    },
  });
  new Gauge({
    name: 'gvrc_registry_unverified_share',
    help: 'Share of active facilities per county that no delivery has stated within a year (timeliness).',
    labelNames: ['county'] as const,
    registers: [registry],
    async collect() {
      const { unverified } = await read();
      this.reset();
      for (const row of unverified) this.set({ county: row.county }, row.share);
    },
  });

  return {
    registry,
    async recordRun(runId, seconds) {
      const [run, outcomes, raised] = await Promise.all([
        db.sql.query<{ status: string }>(`SELECT status::text FROM "ImportRun" WHERE id = $1::uuid`, [runId]),
        db.sql.query<{ kind: string; outcome: string; n: string }>(
          `SELECT kind::text, outcome::text, count(*)::text AS n FROM "SourceRecord" WHERE "importRunId" = $1::uuid GROUP BY kind, outcome`,
          [runId],
        ),
        db.sql.query<{ code: string; severity: string; n: string }>(
          `SELECT code, severity::text, count(*)::text AS n FROM "RecordIssue" WHERE "importRunId" = $1::uuid GROUP BY code, severity`,
          [runId],
        ),
      ]);
      const status = run.rows[0]?.status ?? 'UNKNOWN';
      // A run handed back to the queue for another attempt is counted when it ends.
      if (status === 'QUEUED' || status === 'RUNNING') return;
      runs.inc({ status });
      duration.observe({ status }, seconds);
      for (const r of outcomes.rows) records.inc({ kind: r.kind, outcome: r.outcome }, Number(r.n));
      for (const r of raised.rows) issues.inc({ code: r.code, severity: r.severity }, Number(r.n));
    },
  };
}

function cached<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let value: { at: number; promise: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!value || now - value.at > ms) {
      const promise = load();
      value = { at: now, promise };
      promise.catch(() => {
        if (value?.promise === promise) value = undefined;
      });
    }
    return value.promise;
  };
}
