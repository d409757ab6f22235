// Our server as the benchmark runs it: the real app (createApp: runtime, Yoga, plugins) behind
// node:http on 127.0.0.1, as src/server.ts serves it, with a bench API key and every SQL
// statement counted. Prisma's statements are counted by the caller (openDatabase's `onQuery`,
// or a test database's query log); the raw ones going through `db.sql` are counted here.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { observedSql, type Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { generateApiKey } from '../../src/security/api-key-secret.js';

export interface StatementCounts {
  /** Statements Prisma issued (its query events). */
  prisma: number;
  /** Statements through `db.sql` (raw SQL the services issue themselves). */
  sql: number;
  /** Every statement sent on a connection of the process, when the caller counts them (pg's Client.query). */
  wire?: number;
}

export interface OurServer {
  url: string;
  endpoint: string;
  /** Sent as `x-api-key` on every request. */
  apiKey: string;
  /** Cumulative since start; callers take differences. */
  statements(): StatementCounts;
  close(): Promise<void>;
}

export interface OurServerOptions {
  db: Database;
  /** How many statements Prisma has issued so far on `db`. */
  prismaStatements: () => number;
  wireStatements?: () => number;
  poolSize?: number;
}

export async function startOurServer(options: OurServerOptions): Promise<OurServer> {
  let sqlStatements = 0;
  const db: Database = { ...options.db, sql: observedSql(options.db.sql, () => (sqlStatements += 1)) };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gvrc-bench-api-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.connectionString,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    IMPORT_ON_FIRST_START: 'false',
    // This process only serves: no import worker polling the database during the measurements.
    IMPORT_WORKER: 'external',
    // The key bench/support/import.ts loads the dataset with: the service refuses to start on
    // named persons it cannot open.
    PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('hex'),
    RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
    DB_POOL_SIZE: String(options.poolSize ?? 10),
  });
  const app = await createApp(config, createLogger(config.LOG_LEVEL), { db });

  // A key of our own (the VIEWER role partners get), made the way the CLI makes them.
  const { key, prefix, hash } = generateApiKey();
  await db.prisma.apiKey.create({ data: { name: 'bench:api', role: 'VIEWER', keyHash: hash, prefix } });

  const server = createServer(app.yoga);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    endpoint: app.yoga.graphqlEndpoint,
    apiKey: key,
    statements: () => ({
      prisma: options.prismaStatements(),
      sql: sqlStatements,
      ...(options.wireStatements ? { wire: options.wireStatements() } : {}),
    }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
