// The migrations folder is the only way the schema changes, and it must say exactly what
// prisma/schema.prisma says.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { pendingMigrations } from '../../src/db/migrations-status.js';
import { applyMigrations, diffSql, migrationsTarget, schemaTarget } from '../../src/db/schema-engine.js';
import { createTestDatabase } from '../support/database.js';

const isEmptyDiff = (sql: string) => sql === '' || /^-- This is an empty migration\.?$/.test(sql);

describe('migrations', () => {
  // Checked on the embedded engine whichever database the suite runs on: the diff needs a shadow
  // database, and the WASM engine cannot introspect one through the pg adapter (it fails on
  // PostgreSQL's internal "char" type). The migrations are the same SQL for both.
  it('produce exactly the schema that prisma/schema.prisma describes (no drift)', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      const drift = await diffSql(db.adapter, await migrationsTarget(), schemaTarget());
      expect(isEmptyDiff(drift), drift).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('are all recorded as applied in _prisma_migrations, as prisma migrate deploy records them', async () => {
    const db = await createTestDatabase();
    try {
      expect(await pendingMigrations(db)).toEqual([]);
      const rows = await db.sql.query<{ checksum: string; finished_at: Date | null }>('SELECT checksum, finished_at FROM _prisma_migrations');
      expect(rows.rows.length).toBeGreaterThan(0);
      for (const row of rows.rows) {
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).not.toBeNull();
      }
    } finally {
      await db.close();
    }
  });

  it('apply to an empty embedded database, and a second run applies nothing', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      expect(await pendingMigrations(db)).not.toEqual([]);
      expect((await applyMigrations(db.adapter)).length).toBeGreaterThan(0);
      expect(await applyMigrations(db.adapter)).toEqual([]);
      expect(await pendingMigrations(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
