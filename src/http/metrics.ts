// Prometheus metrics: requests and latencies per GraphQL operation, and the database pool.
// Each app has its own registry, so tests can build many apps in one process.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';

export interface Metrics {
  registry: Registry;
  observeOperation(operation: string, outcome: 'ok' | 'error', seconds: number): void;
}

export function createMetrics(db: Pick<Database, 'poolStats' | 'kind'>): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'gvrc_graphql_requests_total',
    help: 'GraphQL operations executed, by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gvrc_graphql_request_duration_seconds',
    help: 'GraphQL operation latency, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  for (const [name, pick, help] of [
    ['gvrc_db_pool_connections', (s: ReturnType<Database['poolStats']>) => s.total, 'Open database connections.'],
    ['gvrc_db_pool_idle', (s: ReturnType<Database['poolStats']>) => s.idle, 'Idle database connections.'],
    ['gvrc_db_pool_waiting', (s: ReturnType<Database['poolStats']>) => s.waiting, 'Queries waiting for a connection.'],
  ] as const) {
    new Gauge({ name, help, registers: [registry], labelNames: ['database'] as const, collect() {
      this.set({ database: db.kind }, pick(db.poolStats()));
    } });
  }
  return {
    registry,
    observeOperation(operation, outcome, seconds) {
      requests.inc({ operation, outcome });
      latency.observe({ operation }, seconds);
    },
  };
}
