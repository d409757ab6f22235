// The one place that knows whether we run on PostgreSQL or on the embedded PGlite. Everything
// above it gets a Prisma client and a small SQL interface (for bulk statements Prisma does not
// express) that behave the same on both.
import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';

export interface SqlResult<Row> { rows: Row[]; rowCount: number }

/** Plain SQL with positional parameters, on the same connections Prisma uses. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<Row>>;
  /**
   * Runs `work` in one transaction on one connection; rolls back if it throws. Called inside a
   * transaction it opens a savepoint, so a nested failure undoes only its own part.
   */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  sql: Sql;
  /** For the schema engine (migrations, drift checks). */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** The PostgreSQL connection string, when there is one (job queue workers connect with it). */
  connectionString?: string;
  /** The embedded database itself (dumps, tests); absent on PostgreSQL. */
  pglite?: PGlite;
  /**
   * Runs `work` holding a session advisory lock named by `key`, or returns `{ locked: false }`
   * at once when another session holds it. The lock dies with its connection, so a crashed
   * holder never blocks the next one.
   */
  withExclusiveLock<T>(key: string, work: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }>;
  /** Pool statistics for /metrics. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; without it, the embedded database is used. */
  url?: string;
  /** Where the embedded database keeps its files; `memory://` for a throwaway one. */
  dataDir?: string;
  poolSize?: number;
  /** How long a pooled PostgreSQL connection may sit unused before it is closed (ms). */
  poolIdleTimeoutMs?: number;
  /** Preloaded embedded data directory (a dump), used by tests to skip migrating. */
  loadDataDir?: Blob;
  /** Receives every SQL statement Prisma issues (tests count them). */
  onQuery?: (sql: string) => void;
  /**
   * PostgreSQL only: the longest a statement on these connections may run (ms; 0 or unset: no
   * limit). Work that is long by nature opts out inside its transaction (`unboundedStatements`).
   */
  statementTimeoutMs?: number;
  /** Told about a connection that failed while it was held or idle (it is dropped either way). */
  onConnectionError?: (error: Error) => void;
}

/**
 * Lifts DB_STATEMENT_TIMEOUT_MS for the rest of the current transaction: an import source or a
 * migration is long by nature and already bounded by its input; the limit is for API queries.
 */
export const UNBOUNDED_STATEMENTS = 'SET LOCAL statement_timeout = 0';

/**
 * pg's own default closes a connection after 10 s unused. A service polled with pauses then
 * opens fresh connections at the start of every burst, and each new backend plans its statements
 * and fills its catalogue caches again: in the API benchmark that cost the first second of a load
 * phase 200–500 ms per request (bench/RESULTS.md). Five minutes keeps the pool warm across the
 * pauses of steady polling; DB_POOL_SIZE bounds what it holds.
 */
export const DEFAULT_POOL_IDLE_TIMEOUT_MS = 300_000;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

function prismaClient(adapter: SqlMigrationAwareDriverAdapterFactory, onQuery?: (sql: string) => void) {
  const prisma = new PrismaClient({
    adapter,
    log: onQuery ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (onQuery) prisma.$on('query' as never, (e: { query: string }) => onQuery(e.query));
  return prisma;
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  // Prisma writes DateTime columns (timestamp without time zone) as UTC wall time; `now()` and
  // the columns' defaults must write the same, whatever time zone the server is configured in.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: options.poolIdleTimeoutMs ?? DEFAULT_POOL_IDLE_TIMEOUT_MS,
    options: `-c TimeZone=UTC${options.statementTimeoutMs ? ` -c statement_timeout=${Math.floor(options.statementTimeoutMs)}` : ''}`,
  });
  // A connection lost while the database restarts must not take the process down. pg emits
  // 'error' on the pool for an idle client, and on the client itself for one that is checked
  // out (the connection withExclusiveLock holds for a whole import, a transaction's): an
  // EventEmitter with no listener throws it as an uncaught exception. The query in flight fails
  // with its own error either way, and pg discards a broken client when it is released.
  const connectionError = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', connectionError);
  pool.on('connect', (client) => client.on('error', connectionError));
  const adapter = new PrismaPg(pool);
  const prisma = prismaClient(adapter, options.onQuery);
  const sql = pgSql(pool);
  return {
    kind: 'postgres',
    prisma,
    sql,
    adapter,
    connectionString: url,
    async withExclusiveLock(key, work) {
      const conn = await pool.connect();
      try {
        const got = await conn.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
        if (!got.rows[0]?.ok) return { locked: false as const };
        try {
          return { locked: true as const, value: await work() };
        } finally {
          await conn.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
        }
      } finally {
        conn.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

function pgSql(pool: pg.Pool): Sql {
  const on = (client: pg.Pool | pg.PoolClient): Sql => {
    const send = client instanceof pg.Pool ? (text: string, params?: unknown[]) => client.query(text, params) : inOrder(client);
    return {
      async query<Row>(text: string, params?: unknown[]) {
        const r = await send(text, params);
        return { rows: r.rows as Row[], rowCount: r.rowCount ?? 0 };
      },
      async transaction(work) {
        if (client !== pool) return withSavepoint(this, work);
        const conn = await pool.connect();
        const tx = on(conn);
        try {
          await tx.query('BEGIN');
          const result = await work(tx);
          await tx.query('COMMIT');
          return result;
        } catch (error) {
          await tx.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          conn.release();
        }
      },
    };
  };
  return on(pool);
}

/**
 * A transaction's statements may be sent before the previous one has finished (the import
 * pipelines its writes): they run in the order sent, and the driver is handed one at a time,
 * since queueing on a busy client is deprecated in pg 8 and removed in pg 9.
 */
function inOrder(conn: pg.PoolClient): (text: string, params?: unknown[]) => Promise<pg.QueryResult> {
  let tail: Promise<unknown> = Promise.resolve();
  return (text, params) => {
    const run = () => conn.query(text, params);
    const result = tail.then(run, run);
    tail = result.catch(() => {});
    return result;
  };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  // Loaded on demand: the embedded engine costs ~55 MB of memory a PostgreSQL process never needs.
  const [{ PGlite }, { pg_trgm }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('pglite-prisma-adapter'),
  ]);
  const pgliteExtensions = { pg_trgm };
  const dataDir = options.dataDir ?? 'memory://';
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) await mkdir(dataDir, { recursive: true });
  // Before the directory is read: a second process must not open it at all (embedded-lock.ts).
  const lock = onDisk ? lockEmbeddedDatabase(dataDir) : undefined;
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir,
      extensions: pgliteExtensions,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const adapter = new PrismaPGlite(client);
  // The shadow database used by drift checks needs the same extensions as the real one.
  adapter.connectToShadowDb = async () =>
    new PrismaPGlite(await PGlite.create({ dataDir: 'memory://', extensions: pgliteExtensions })).connect();
  const prisma = prismaClient(adapter, options.onQuery);
  return {
    kind: 'pglite',
    pglite: client,
    prisma,
    sql: pgliteSql(client),
    adapter,
    // One process owns the embedded database (the lock above), and its queue runs imports one at a time.
    withExclusiveLock: async (_key, work) => ({ locked: true as const, value: await work() }),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      try {
        await prisma.$disconnect();
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** `sql` telling `observe` each statement it sends, the statements of its transactions included (tests and benchmarks count them). */
export function observedSql(sql: Sql, observe: (text: string) => void): Sql {
  return {
    query(text, params) {
      observe(text);
      return sql.query(text, params);
    },
    transaction(work) {
      return sql.transaction((inner) => work(observedSql(inner, observe)));
    },
  };
}

let savepoints = 0;

async function withSavepoint<T>(sql: Sql, work: (sql: Sql) => Promise<T>): Promise<T> {
  const name = `sp_${++savepoints}`;
  await sql.query(`SAVEPOINT ${name}`);
  try {
    const result = await work(sql);
    await sql.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await sql.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
    throw error;
  }
}

type PGliteQueryable = Pick<PGlite, 'query'>;

function pgliteSql(client: PGlite): Sql {
  const on = (q: PGliteQueryable, inTransaction: boolean): Sql => ({
    async query<Row>(text: string, params?: unknown[]) {
      const r = await q.query<Row>(text, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async transaction(work) {
      if (inTransaction) return withSavepoint(this, work);
      return client.transaction((tx) => work(on(tx, true)));
    },
  });
  return on(client, false);
}
