// The API process: the shared runtime, plus the GraphQL/HTTP layer on top of it.
import { createAuthenticator } from './auth/authenticate.js';
import { describeFirstSteps, firstSteps } from './auth/first-steps.js';
import { createLocalAdminKeyOnFirstStart } from './auth/local-admin-key.js';
import type { Config } from './config.js';
import { servicesFor } from './context.js';
import type { Database } from './db/database.js';
import { importSamplesOnFirstStart } from './first-start.js';
import { createDatabaseBreaker, useDatabaseBreaker } from './http/database-breaker.js';
import { hardeningPlugins } from './http/hardening.js';
import { createMetrics } from './http/metrics.js';
import { useOperationalEndpoints } from './http/operational-endpoints.js';
import { readinessOptions } from './ops/readiness.js';
import type { Logger } from './logger.js';
import { startRuntime, type Runtime } from './runtime.js';
import { openSharedReads, type SharedReads } from './shared-reads.js';
import { createYoga } from './yoga.js';

export interface App {
  runtime: Runtime;
  yoga: ReturnType<typeof createYoga>;
  close(): Promise<void>;
}

export async function createApp(config: Config, logger: Logger, options: { db?: Database } = {}): Promise<App> {
  const runtime = await startRuntime(config, logger, { db: options.db, work: config.importWorker === 'in-process', role: 'api' });
  await importSamplesOnFirstStart(runtime);
  await createLocalAdminKeyOnFirstStart(config, runtime.db);
  const advice = describeFirstSteps(await firstSteps(config, runtime.db));
  if (advice) console.log(advice);
  const { feed, shared } = config.CHANGE_FEED_CACHE ? await sharedReads(runtime) : { feed: undefined, shared: {} as SharedReads };
  const metrics = createMetrics(runtime.db, shared, [runtime.importMetrics.registry]);
  // After repeated requests that met an unreachable database, answer 503 at once until a probe
  // finds it again (http/database-breaker.ts).
  const breaker = createDatabaseBreaker({
    probe: () => runtime.db.sql.query('SELECT 1'),
    onStateChange: (open) =>
      open ? logger.warn('database unreachable: answering 503 until a probe reaches it') : logger.info('database reachable again'),
  });
  const yoga = createYoga({
    db: runtime.db,
    services: servicesFor(runtime.imports, runtime.cipher),
    config,
    logger,
    shared,
    principal: createAuthenticator({ config, db: runtime.db, logger, apiKeys: shared.apiKeys }),
    plugins: [
      useOperationalEndpoints({ db: runtime.db, metrics, ready: readinessOptions(config) }),
      ...hardeningPlugins(config, logger),
      useDatabaseBreaker(breaker),
    ],
    bodiesLimited: true,
  });
  return {
    runtime,
    yoga,
    async close() {
      breaker.stop();
      await feed?.close();
      await runtime.close();
    },
  };
}

/** Area counts and API keys kept until the database announces a change; while the feed is down, nothing is. */
function sharedReads(runtime: Runtime) {
  return openSharedReads(runtime.db, {
    onStateChange: (live, error) =>
      live
        ? runtime.logger.info('listening for database changes; area counts and API keys are cached')
        : runtime.logger.warn({ err: error }, 'lost the database change feed; nothing is cached until it is back'),
  });
}
