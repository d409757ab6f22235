// The database tells a listening process that facilities changed: once per committed writing
// transaction, never for one rolled back, and the feed says so when it cannot vouch for that.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_KEY_CHANGED, FACILITY_CHANGED, openChangeFeed, type ChangeFeed, type ChangeWatch } from '../../src/db/change-feed.js';
import { insertFacility } from '../support/facilities.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';

let db: TestDatabase;
let feed: ChangeFeed;
let facilities: ChangeWatch;
let markers: ChangeWatch;

beforeAll(async () => {
  db = await createTestDatabase();
  feed = await openChangeFeed(db, { channels: [FACILITY_CHANGED, API_KEY_CHANGED], retryMs: { min: 50, max: 200 } });
  facilities = feed.watch(FACILITY_CHANGED);
  markers = feed.watch(API_KEY_CHANGED);
});

afterAll(async () => {
  await feed.close();
  await db.close();
});

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Notifications arrive in commit order: once a marker committed afterwards (on the API key
 * channel) has arrived, any notification of what came before it has too. A fixed wait instead
 * would pass whenever a stray notification is merely late.
 */
async function settle(): Promise<void> {
  const before = markers.generation;
  await db.sql.query(`UPDATE "ApiKey" SET name = name WHERE false`);
  await until(() => markers.generation > before, 'the marker');
}

describe('the facility change feed', () => {
  test('is live once opened', () => {
    expect(feed.live).toBe(true);
  });

  test('moves its generation once for a committed transaction, however many statements wrote facilities', async () => {
    const before = facilities.generation;
    await db.sql.transaction(async (tx) => {
      await tx.query(`UPDATE "Facility" SET "updatedBy" = 'feed-test' WHERE false`);
      await tx.query(`UPDATE "Facility" SET "updatedBy" = 'feed-test' WHERE false`);
      await tx.query(`DELETE FROM "Facility" WHERE false`);
    });
    await until(() => facilities.generation > before, 'the notification');
    await settle();
    expect(facilities.generation).toBe(before + 1);
  });

  test('hears nothing before the writing transaction commits', async () => {
    const before = facilities.generation;
    let seenInside = -1;
    await db.sql.transaction(async (tx) => {
      await tx.query(`UPDATE "Facility" SET "updatedBy" = 'feed-test' WHERE false`);
      // On PostgreSQL a marker committed by another connection meanwhile arrives, and this
      // transaction's notification must not have come before it. The embedded database has one
      // connection, held by this transaction, so nothing else can commit: there, a turn of the
      // event loop is all that can pass (PGlite runs in this process and queues no notification
      // before commit).
      if (testServerUrl()) await settle();
      else await new Promise((resolve) => setImmediate(resolve));
      seenInside = facilities.generation;
    });
    expect(seenInside).toBe(before);
    await until(() => facilities.generation > before, 'the notification after commit');
  });

  test('hears nothing from a rolled-back transaction', async () => {
    const before = facilities.generation;
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query(`UPDATE "Facility" SET "updatedBy" = 'feed-test' WHERE false`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // A committed write after it: its notification is the only one that may arrive.
    await insertFacility(db, { name: 'Feed Test Clinic' });
    await until(() => facilities.generation > before, 'the committed notification');
    await settle();
    expect(facilities.generation).toBe(before + 1);
  });

  test('stays quiet for writes to other tables', async () => {
    const before = facilities.generation;
    await db.sql.query(`UPDATE "ServiceCategory" SET description = description WHERE false`);
    await settle();
    expect(facilities.generation).toBe(before);
  });

  test('keeps channels apart: an API key change moves the API key channel only', async () => {
    const keys = feed.watch(API_KEY_CHANGED);
    const [keysBefore, facilitiesBefore] = [keys.generation, facilities.generation];
    await db.sql.query(`UPDATE "ApiKey" SET name = name WHERE false`);
    await until(() => keys.generation > keysBefore, 'the API key notification');
    await settle();
    // One notification for the change, one for settle's marker.
    expect(keys.generation).toBe(keysBefore + 2);
    expect(facilities.generation).toBe(facilitiesBefore);
  });

  test('refuses to watch a channel it was not opened with', () => {
    expect(() => feed.watch('gvrc_something_else')).toThrow(/does not listen on gvrc_something_else/);
  });

  test.skipIf(!testServerUrl())(
    'on PostgreSQL, says it is not live when its connection is lost, and comes back with a new generation',
    async () => {
      const before = facilities.generation;
      const killed = await db.sql.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
        [`LISTEN "${API_KEY_CHANGED}"`],
      );
      expect(killed.rows).toEqual([{ ok: true }]);
      await until(() => !feed.live, 'the feed to notice');
      expect(facilities.generation).toBeGreaterThan(before);
      const down = facilities.generation;
      await until(() => feed.live, 'the feed to reconnect');
      expect(facilities.generation).toBeGreaterThan(down);
      // …and listens again.
      const back = facilities.generation;
      await insertFacility(db, { name: 'Feed Test Clinic After Reconnect' });
      await until(() => facilities.generation > back, 'a notification after reconnecting');
    },
  );

  test('is not live after it is closed, and its generation has moved', async () => {
    const other = await openChangeFeed(db, { channels: [FACILITY_CHANGED] });
    const watch = other.watch(FACILITY_CHANGED);
    const before = watch.generation;
    await other.close();
    expect(watch.live).toBe(false);
    expect(watch.generation).toBeGreaterThan(before);
  });
});
