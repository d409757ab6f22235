// The API process: the shared runtime, plus the GraphQL/HTTP layer on top of it.
import { createAuthenticator } from './auth/authenticate.js';
import { createLocalAdminKeyOnFirstStart } from './auth/local-admin-key.js';
import type { Config } from './config.js';
import { servicesFor } from './context.js';
import { FACILITY_CHANGED, openChangeFeed, type ChangeFeed } from './db/change-feed.js';
import type { Database } from './db/database.js';
import { areaCountCache } from './facilities/area-counts.js';
import { importSamplesOnFirstStart } from './first-start.js';
import { hardeningPlugins } from './http/hardening.js';
import { createMetrics } from './http/metrics.js';
import { useOperationalEndpoints } from './http/operational-endpoints.js';
import type { Logger } from './logger.js';
import { startRuntime, type Runtime } from './runtime.js';
import { createYoga } from './yoga.js';

export interface App {
  runtime: Runtime;
  yoga: ReturnType<typeof createYoga>;
  close(): Promise<void>;
}

export async function createApp(config: Config, logger: Logger, options: { db?: Database } = {}): Promise<App> {
  const runtime = await startRuntime(config, logger, { db: options.db, work: config.importWorker === 'in-process' });
  await importSamplesOnFirstStart(runtime);
  await createLocalAdminKeyOnFirstStart(config, runtime.db);
  const metrics = createMetrics(runtime.db);
  const feed = config.AREA_COUNT_CACHE ? await facilityChanges(runtime) : undefined;
  const yoga = createYoga({
    db: runtime.db,
    services: servicesFor(runtime.imports, runtime.cipher),
    config,
    logger,
    shared: feed ? { areaCounts: areaCountCache(runtime.db.prisma, feed) } : {},
    principal: createAuthenticator({ config, db: runtime.db, logger }),
    plugins: [useOperationalEndpoints({ db: runtime.db, metrics }), ...hardeningPlugins(config, logger)],
  });
  return {
    runtime,
    yoga,
    async close() {
      await feed?.close();
      await runtime.close();
    },
  };
}

/** Facility changes as the database announces them; while the feed is down, nothing is cached. */
function facilityChanges(runtime: Runtime): Promise<ChangeFeed> {
  return openChangeFeed(runtime.db, {
    channel: FACILITY_CHANGED,
    onStateChange: (live, error) =>
      live
        ? runtime.logger.info('listening for facility changes again; area counts are cached')
        : runtime.logger.warn({ err: error }, 'lost the facility change feed; area counts are not cached until it is back'),
  });
}
