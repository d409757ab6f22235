// The API process: the shared runtime, plus the GraphQL/HTTP layer on top of it.
import { createAuthenticator } from './auth/authenticate.js';
import { createLocalAdminKeyOnFirstStart } from './auth/local-admin-key.js';
import type { Config } from './config.js';
import { servicesFor } from './context.js';
import type { Database } from './db/database.js';
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
  const yoga = createYoga({
    db: runtime.db,
    services: servicesFor(runtime.imports, runtime.cipher),
    config,
    logger,
    principal: createAuthenticator({ config, db: runtime.db, logger }),
    plugins: [useOperationalEndpoints({ db: runtime.db, metrics }), ...hardeningPlugins(config, logger)],
  });
  return { runtime, yoga, close: () => runtime.close() };
}
