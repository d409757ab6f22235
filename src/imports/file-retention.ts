// IMPORT_FILE_RETENTION_DAYS: stored copies of imported files are kept for retries and
// reprocessing, then deleted. Lineage (records, pointers, payloads) stays in the database; only
// the files go, and with them the personal data they hold.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.js';

/** Deletes the files of runs that finished more than `days` ago; returns the run ids. */
export async function pruneImportFiles(db: Pick<Database, 'sql'>, dataDir: string, days: number): Promise<string[]> {
  if (days <= 0) return [];
  const root = path.join(dataDir, 'imports', 'runs');
  const dirs = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
  const ids = dirs.filter((d) => /^[0-9a-f-]{36}$/.test(d));
  if (!ids.length) return [];
  const expired = await db.sql.query<{ id: string }>(
    `SELECT id::text FROM "ImportRun"
      WHERE id = ANY($1::uuid[]) AND status IN ('SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED')
        AND "finishedAt" < (now() AT TIME ZONE 'UTC') - make_interval(days => $2)`,
    [ids, days],
  );
  for (const { id } of expired.rows) await rm(path.join(root, id), { recursive: true, force: true });
  return expired.rows.map((r) => r.id);
}
