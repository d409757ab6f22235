// The database failing under the API: unreachable (a restart, a failover), a connection
// terminated mid-query, a statement running past DB_STATEMENT_TIMEOUT_MS. None of them is a bug
// to mask as a 500, and none may take the process down: a caller is told to come back (503 with
// Retry-After) or to ask for less (QUERY_TIMEOUT), and the next request is served as usual.
//
// A restart is simulated the CI-safe way: pg_terminate_backend on the test database's own
// connections, which is what every backend receives when the server shuts down fast.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { RETRY_AFTER_SECONDS } from '../../src/schema/errors.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { onlyError, startHardenedApi, type HardenedApi } from './harness.js';

const PAGE = '{ facilities(first: 3) { totalCount edges { node { code name } } } }';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

async function api(options: Parameters<typeof startHardenedApi>[0]): Promise<HardenedApi> {
  const started = await startHardenedApi(options);
  opened.push(started);
  return started;
}

async function testDatabase(options: Parameters<typeof createTestDatabase>[0] = {}): Promise<TestDatabase> {
  const db = await createTestDatabase(options);
  opened.push(db);
  return db;
}

/** A connection of the test's own to the database `db` uses, outside its pool. */
async function sideConnection(db: TestDatabase): Promise<pg.Client> {
  const url = new URL(testServerUrl()!);
  url.pathname = `/${(await db.sql.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  opened.push({ close: () => client.end() });
  return client;
}

/** Every other backend connected to the side connection's database, as a server shutting down fast would. */
async function terminateOthers(side: pg.Client): Promise<number> {
  const { rows } = await side.query<{ n: number }>(
    'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return rows[0].n;
}

/**
 * Resolves once some backend of the database waits for a lock (the request under test has
 * reached it). `watcher` must not be inside a transaction: pg_stat_activity is read once per
 * transaction.
 */
async function someoneWaitsForALock(watcher: pg.Client): Promise<void> {
  // Generous: a Yoga instance's first request builds and compiles its query first.
  for (let i = 0; i < 3_000; i++) {
    const { rows } = await watcher.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no request ever waited for the lock');
}

describe('while the database cannot be reached', () => {
  it('a read answers 503 with Retry-After and SERVICE_UNAVAILABLE, not a masked 500', async () => {
    // Nothing listens on port 1: every connection attempt is refused, as during a restart.
    const unreachable = await openDatabase({ url: 'postgresql://postgres@127.0.0.1:1/gvrc', poolSize: 2 });
    const { response, body } = await (await api({ db: unreachable as TestDatabase })).post(PAGE);
    await unreachable.close();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(onlyError(body).extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe.skipIf(!testServerUrl())('on PostgreSQL', () => {
  it('a connection terminated under a request answers 503, and the next request is served', async () => {
    const db = await testDatabase();
    const served = await api({ db });
    const [locker, watcher] = [await sideConnection(db), await sideConnection(db)];
    // Hold the request at a lock, so that it is surely in flight when its backend is terminated.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "Facility" IN ACCESS EXCLUSIVE MODE');
    const pending = served.post(PAGE);
    await someoneWaitsForALock(watcher);
    await watcher.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
    );
    await locker.query('ROLLBACK');

    const { response, body } = await pending;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(onlyError(body).extensions?.code).toBe('SERVICE_UNAVAILABLE');

    const after = await served.post(PAGE);
    expect(after.response.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
  });

  it('a connection held by withExclusiveLock and terminated while idle fails no process: the work ends, the lost connection is reported', async () => {
    const lost: Error[] = [];
    const db = await testDatabase({ onConnectionError: (error) => lost.push(error) });
    const side = await sideConnection(db);
    const held = await db.withExclusiveLock('database-faults:test', async () => {
      // The lock's connection sits idle while the work runs elsewhere, as during an import.
      expect(await terminateOthers(side)).toBeGreaterThan(0);
      for (let i = 0; i < 200 && lost.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      return 'done';
    });
    expect(held).toEqual({ locked: true, value: 'done' });
    expect(lost.length).toBeGreaterThan(0);
    // The pool has dropped the broken connection and serves from a new one.
    expect((await db.sql.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('a statement running past DB_STATEMENT_TIMEOUT_MS is stopped and answered QUERY_TIMEOUT', async () => {
    const db = await testDatabase({ statementTimeoutMs: 300 });
    const served = await api({ db });
    const side = await sideConnection(db);
    // A statement waiting for a lock runs, for the timeout, as long as a slow one.
    await side.query('BEGIN');
    await side.query('LOCK TABLE "Facility" IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    const { response, body } = await served.post(PAGE);
    await side.query('ROLLBACK');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe(200);
    expect(onlyError(body).extensions?.code).toBe('QUERY_TIMEOUT');
    expect(onlyError(body).message).toMatch(/took longer than the server allows/);
  });
});
