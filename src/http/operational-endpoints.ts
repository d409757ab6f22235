// /ready and /metrics, served by Yoga itself so that tests reach them with yoga.fetch. /health
// is Yoga's own liveness endpoint: it answers while the process can serve HTTP at all.
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import { readiness, type ReadinessOptions } from '../ops/readiness.js';
import type { Metrics } from './metrics.js';

export interface OperationalDeps {
  db: Database;
  metrics: Metrics;
  /** What /ready checks beyond the database (defaults: the working directory's disk, no minimum). */
  ready?: Omit<ReadinessOptions, 'db'>;
}

export function useOperationalEndpoints(deps: OperationalDeps): Plugin {
  const ready: ReadinessOptions = { db: deps.db, dataDir: process.cwd(), minFreeDiskMb: 0, stuckAfterMinutes: 120, ...deps.ready };
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/ready') {
        // ?full (any value) adds the import pipeline: queue, stuck runs, last deliveries, workers.
        const answer = await readiness(ready, url.searchParams.has('full'));
        endResponse(
          new fetchAPI.Response(JSON.stringify(answer), {
            status: answer.ready ? 200 : 503,
            headers: { 'content-type': 'application/json', ...(answer.ready ? {} : { 'retry-after': '5' }) },
          }),
        );
      } else if (url.pathname === '/metrics') {
        endResponse(
          new fetchAPI.Response(await deps.metrics.registry.metrics(), {
            headers: { 'content-type': deps.metrics.registry.contentType },
          }),
        );
      }
    },
    onExecute({ args }) {
      const started = process.hrtime.bigint();
      const operation = args.operationName ?? 'anonymous';
      return {
        onExecuteDone({ result }) {
          const failed = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
          deps.metrics.observeOperation(operation, failed ? 'error' : 'ok', Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
