// npm run worker: executes queued imports beside the API. Start as many as the database allows.
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startRuntime } from './runtime.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
if (!config.DATABASE_URL) {
  logger.fatal('npm run worker needs DATABASE_URL: with the embedded database, imports run inside the API process');
  process.exit(2);
}
const runtime = await startRuntime(config, logger, { work: true });
logger.info('import worker started');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'stopping import worker');
    await runtime.close();
    process.exit(0);
  });
}
