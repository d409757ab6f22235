// /ready and /metrics, served by Yoga itself so that tests reach them with yoga.fetch. /health
// is Yoga's own liveness endpoint: it answers while the process can serve HTTP at all.
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/database.js';
import { pendingMigrations } from '../db/migrations-status.js';
import type { Metrics } from './metrics.js';

export function useOperationalEndpoints(deps: { db: Database; metrics: Metrics }): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/ready') {
        const problem = await readinessProblem(deps.db);
        endResponse(
          new fetchAPI.Response(JSON.stringify(problem ? { ready: false, reason: problem } : { ready: true }), {
            status: problem ? 503 : 200,
            headers: { 'content-type': 'application/json' },
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

async function readinessProblem(db: Database): Promise<string | undefined> {
  try {
    await db.sql.query('SELECT 1');
  } catch {
    return 'database unreachable';
  }
  const pending = await pendingMigrations(db).catch(() => ['unknown']);
  return pending.length ? 'migrations pending' : undefined;
}
