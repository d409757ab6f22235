// PostgreSQL connections stay pooled through pauses in traffic: a burst after a quiet spell is
// served on warm connections instead of opening new ones (src/db/database.ts says what that cost).
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { testServerUrl } from '../support/database.js';

const url = testServerUrl();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` connections at once (each query holds one until it ends). */
async function burst(db: Awaited<ReturnType<typeof openDatabase>>, count: number) {
  await Promise.all(Array.from({ length: count }, () => db.sql.query('SELECT pg_sleep(0.05)')));
}

describe.skipIf(!url)('the PostgreSQL pool', () => {
  test('keeps idle connections open by default past pg’s own 10 s', { timeout: 30_000 }, async () => {
    const db = await openDatabase({ url, poolSize: 3 });
    try {
      await burst(db, 3);
      expect(db.poolStats().total).toBe(3);
      await pause(11_000);
      expect(db.poolStats()).toMatchObject({ total: 3, idle: 3 });
    } finally {
      await db.close();
    }
  });

  test('closes connections that sat unused longer than poolIdleTimeoutMs', async () => {
    const db = await openDatabase({ url, poolSize: 3, poolIdleTimeoutMs: 100 });
    try {
      await burst(db, 3);
      expect(db.poolStats().total).toBe(3);
      await pause(400);
      expect(db.poolStats().total).toBe(0);
    } finally {
      await db.close();
    }
  });
});
