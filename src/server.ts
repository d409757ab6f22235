// npm start: listens. Everything else is built in src/app.ts.
import { createServer } from 'node:http';
import { exitWhenDatabaseInUse } from './cli/database-in-use.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const logger = createLogger(config.LOG_LEVEL);
const { createApp } = await import('./app.js');
const app = await createApp(config, logger).catch(exitWhenDatabaseInUse);
const server = createServer(app.yoga);

server.listen(config.PORT, config.HOST, () => {
  const url = `http://localhost:${config.PORT}${app.yoga.graphqlEndpoint}`;
  logger.info({ url, database: app.runtime.db.kind }, 'GVRC Registry is listening');
  console.log(`\nGVRC Registry is ready. GraphQL${config.graphiql ? ' (GraphiQL in a browser)' : ''}: ${url}\n`);
});

// Graceful shutdown: stop accepting, finish what is in flight, release the database.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    server.close(async () => {
      await app.close();
      clearTimeout(force);
      process.exit(0);
    });
    server.closeIdleConnections();
  });
}
