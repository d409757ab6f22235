// Every test file gets a database of its own, copied from a template that global setup migrated
// and seeded once: on PostgreSQL (TEST_DATABASE_URL) a `CREATE DATABASE … TEMPLATE`, on the
// embedded default a PGlite loaded from a dump. Files therefore run in parallel without sharing rows.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { observedSql, openDatabase, type Database, type DatabaseOptions } from '../../src/db/database.js';
import { templateDatabaseName, templateDumpPath } from './template.js';

export interface TestDatabase extends Database {
  /** `postgres` when TEST_DATABASE_URL is set, else `pglite`. */
  kind: Database['kind'];
  /** Statements Prisma issued since the last reset (only when `captureQueries` was asked for). */
  queries: string[];
  /** Every statement sent since the last reset, Prisma's and `sql`'s (only with `captureQueries`). */
  statements: string[];
}

export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(
  options: { captureQueries?: boolean } & Pick<DatabaseOptions, 'poolSize' | 'statementTimeoutMs' | 'onConnectionError'> = {},
): Promise<TestDatabase> {
  const queries: string[] = [];
  const statements: string[] = [];
  const onQuery = options.captureQueries
    ? (q: string) => {
        queries.push(q);
        statements.push(q);
      }
    : undefined;
  const observed = <D extends Database>(db: D): D =>
    options.captureQueries ? Object.assign(db, { sql: observedSql(db.sql, (text) => statements.push(text)) }) : db;
  const server = testServerUrl();
  if (!server) {
    const dump = new Blob([await readFile(templateDumpPath())]);
    const db = observed(await openDatabase({ loadDataDir: dump, onQuery }));
    return Object.assign(db, { queries, statements });
  }
  const name = `gvrc_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabaseName()}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server, name);
  const db = observed(
    await openDatabase({ url, onQuery, poolSize: options.poolSize ?? 5, statementTimeoutMs: options.statementTimeoutMs, onConnectionError: options.onConnectionError }),
  );
  const close = db.close.bind(db);
  return Object.assign(db, {
    queries,
    statements,
    async close() {
      await close();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => c.end());
    },
  });
}
