// npm run worker: executes queued imports beside the API. Start as many as the database allows.
// With WORKER_METRICS_PORT it also serves /metrics, /health and /ready for Prometheus and probes.
import { createServer, type Server } from 'node:http';
import { loadConfig } from './config.js';
import { createMetrics } from './http/metrics.js';
import { createLogger } from './logger.js';
import { readiness, readinessOptions } from './ops/readiness.js';
import { startRuntime, type Runtime } from './runtime.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
if (!config.DATABASE_URL) {
  logger.fatal('npm run worker needs DATABASE_URL: with the embedded database, imports run inside the API process');
  process.exit(2);
}
const runtime = await startRuntime(config, logger, { work: true, role: 'worker' });
const server = config.WORKER_METRICS_PORT ? await serveOperationalEndpoints(runtime, config.WORKER_METRICS_PORT) : null;
logger.info({ metricsPort: config.WORKER_METRICS_PORT ?? null }, 'import worker started');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'stopping import worker');
    server?.close();
    await runtime.close();
    process.exit(0);
  });
}

async function serveOperationalEndpoints(rt: Runtime, port: number): Promise<Server> {
  const metrics = createMetrics(rt.db, {}, [rt.importMetrics.registry]);
  const ready = { db: rt.db, ...readinessOptions(rt.config) };
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://worker');
    const answer = async () => {
      if (url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
      } else if (url.pathname === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else if (url.pathname === '/ready') {
        const body = await readiness(ready, url.searchParams.has('full'));
        res.writeHead(body.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      } else {
        res.writeHead(404).end();
      }
    };
    answer().catch((error: unknown) => {
      logger.error({ err: error }, 'operational endpoint failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(port, config.HOST, resolve));
  return http;
}
