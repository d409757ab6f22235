// Prometheus metrics: requests and latencies per GraphQL operation, the database pool, and how
// the caches kept under the change feed answered. Each app has its own registry, so tests can
// build many apps in one process.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import type { LookupCounts } from '../lookup-counts.js';
import type { SharedReads } from '../shared-reads.js';

export interface Metrics {
  registry: Registry;
  observeOperation(operation: string, outcome: 'ok' | 'error', seconds: number): void;
}

export function createMetrics(db: Pick<Database, 'poolStats' | 'kind'>, shared: SharedReads = {}, also: Registry[] = []): Metrics {
  const own = new Registry();
  const requests = new Counter({
    name: 'gvrc_graphql_requests_total',
    help: 'GraphQL operations executed, by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [own],
  });
  const latency = new Histogram({
    name: 'gvrc_graphql_request_duration_seconds',
    help: 'GraphQL operation latency, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [own],
  });
  for (const [name, pick, help] of [
    ['gvrc_db_pool_connections', (s: ReturnType<Database['poolStats']>) => s.total, 'Open database connections.'],
    ['gvrc_db_pool_idle', (s: ReturnType<Database['poolStats']>) => s.idle, 'Idle database connections.'],
    ['gvrc_db_pool_waiting', (s: ReturnType<Database['poolStats']>) => s.waiting, 'Queries waiting for a connection.'],
  ] as const) {
    new Gauge({ name, help, registers: [own], labelNames: ['database'] as const, collect() {
      this.set({ database: db.kind }, pick(db.poolStats()));
    } });
  }
  const caches: [string, LookupCounts | undefined][] = [
    ['area_counts', shared.areaCounts?.lookups],
    ['county_tree_answers', shared.answers?.lookups],
    ['api_keys', shared.apiKeys?.lookups],
  ];
  new Counter({
    name: 'gvrc_cache_lookups_total',
    help: 'Lookups in the caches kept until the database notifies a change, by cache and outcome: hit, miss (read, then kept), uncached (the change feed was down).',
    labelNames: ['cache', 'outcome'] as const,
    registers: [own],
    collect() {
      this.reset();
      for (const [cache, counts] of caches) {
        if (!counts) continue;
        for (const outcome of ['hit', 'miss', 'uncached'] as const) this.inc({ cache, outcome }, counts[outcome]);
      }
    },
  });
  return {
    // Merged last: merge copies the metrics a registry holds at that moment.
    registry: also.length ? Registry.merge([own, ...also]) : own,
    observeOperation(operation, outcome, seconds) {
      requests.inc({ operation, outcome });
      latency.observe({ operation }, seconds);
    },
  };
}
