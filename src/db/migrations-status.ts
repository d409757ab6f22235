import { readdir } from 'node:fs/promises';
import type { Database } from './database.js';
import { migrationsDir } from './schema-engine.js';

/** Migrations in prisma/migrations that the database has not finished applying. */
export async function pendingMigrations(db: Pick<Database, 'sql'>): Promise<string[]> {
  const onDisk = (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const applied = await db.sql
    .query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
    .then((r) => new Set(r.rows.map((row) => row.migration_name)))
    .catch(() => new Set<string>());
  return onDisk.filter((name) => !applied.has(name));
}
