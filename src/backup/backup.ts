// `npm run backup` and the worker's scheduled backups: the whole registry in one file. On
// PostgreSQL the database part is pg_dump's custom format (a consistent snapshot); on the
// embedded database it is PGlite's own dump of its data directory. The stored import files go in
// beside it, and the manifest says what the backup holds and which key opens it.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../db/database.js';
import { writeArchive, type BackupManifest, type EntrySource } from './archive.js';
import { checkToolFor, PostgresToolError, runTool } from './postgres-tools.js';
import { appliedMigrations, registryTables, rowCounts } from './registry-tables.js';

export const BACKUP_SUFFIX = '.gvrc-backup';
export const DATABASE_ENTRY = { postgres: 'database.pgdump', pglite: 'database.pglite.tar.gz' } as const;

export interface BackupOptions {
  db: Database;
  dataDir: string;
  backupDir: string;
  /** Names the personal-data key the backup's encrypted fields need (never the key). */
  personalDataKeyId: string | null;
  now?: Date;
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
}

export function backupFileName(at: Date): string {
  return `gvrc-${at.toISOString().replace(/[-:]/g, '')}${BACKUP_SUFFIX}`;
}

export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { db } = options;
  const at = options.now ?? new Date();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'gvrc-backup-'));
  try {
    const version = await db.sql.query<{ v: string; n: string }>("SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n");
    const serverVersion = version.rows[0]!.v;
    // Counted before the dump: rows are only added while the registry runs, so the dump holds at
    // least these; a restore checks the counts only for an idle source (see restore.ts).
    const tables = await registryTables(db.sql);
    const migrations = await appliedMigrations(db.sql);
    const counts = await rowCounts(db.sql, tables);

    const dumpFile = path.join(scratch, DATABASE_ENTRY[db.kind]);
    if (db.kind === 'postgres') await dumpPostgres(db.connectionString!, Number(version.rows[0]!.n), dumpFile);
    else await dumpPglite(db, dumpFile);

    const sources: EntrySource[] = [{ name: DATABASE_ENTRY[db.kind], file: dumpFile }];
    // Stored import files are written before the run that names them, and never changed: taken
    // after the dump, every file a backed-up run refers to is present.
    for (const file of await listFiles(path.join(options.dataDir, 'imports', 'runs'))) {
      sources.push({ name: `files/imports/runs/${path.relative(path.join(options.dataDir, 'imports', 'runs'), file).split(path.sep).join('/')}`, file });
    }
    const target = path.join(options.backupDir, backupFileName(at));
    const manifest = await writeArchive(
      target,
      {
        format: 1,
        createdAt: at.toISOString(),
        database: { kind: db.kind, entry: DATABASE_ENTRY[db.kind], serverVersion },
        migrations,
        rowCounts: counts,
        personalDataKeyFingerprint: options.personalDataKeyId,
      },
      sources,
    );
    // The manifest beside the backup, readable without opening it (what is kept, which key).
    await writeFile(`${target}.manifest.json`, `${JSON.stringify({ ...manifest, file: path.basename(target), bytes: (await stat(target)).size }, null, 2)}\n`, { mode: 0o600 });
    return { file: target, manifest };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function dumpPostgres(url: string, serverVersionNum: number, file: string): Promise<void> {
  await checkToolFor('pg_dump', serverVersionNum);
  // graphile-worker's schema is the queue's, versioned by the library: queued runs are found
  // again from ImportRun at start-up, so the queue itself is not restored.
  const run = await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--exclude-schema=graphile_worker', `--file=${file}`, `--dbname=${url}`]);
  if (run.code !== 0) throw new PostgresToolError(`pg_dump failed: ${run.stderr.trim()}`);
}

async function dumpPglite(db: Database, file: string): Promise<void> {
  if (!db.pglite) throw new Error('the embedded database does not expose its engine');
  // dumpDataDir takes a consistent copy: PGlite runs one statement at a time.
  const dump = await db.pglite.dumpDataDir('gzip');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
}

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw error;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(full)));
    else if (entry.isFile()) found.push(full);
  }
  return found;
}

export interface RetentionPolicy {
  retentionDays: number;
  keepLast: number;
  now?: Date;
}

/**
 * Deletes backups older than the retention period, but never the newest `keepLast`: a registry
 * whose backups stopped a month ago must not lose the last ones it has. Returns what it deleted.
 */
export async function pruneBackups(backupDir: string, policy: RetentionPolicy): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(backupDir)).filter((n) => n.endsWith(BACKUP_SUFFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // The names sort by time: gvrc-YYYYMMDDTHHMMSS.mmmZ.
  names.sort().reverse();
  const cutoff = (policy.now ?? new Date()).getTime() - policy.retentionDays * 86_400_000;
  const deleted: string[] = [];
  for (const [index, name] of names.entries()) {
    if (index < policy.keepLast) continue;
    const taken = backupTimeOf(name);
    if (taken === null || taken >= cutoff) continue;
    await rm(path.join(backupDir, name), { force: true });
    await rm(path.join(backupDir, `${name}.manifest.json`), { force: true });
    deleted.push(name);
  }
  return deleted;
}

/** When a backup was taken, read from its name; null for a name not ours. */
export function backupTimeOf(name: string): number | null {
  const m = /^gvrc-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z/.exec(name);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
}
