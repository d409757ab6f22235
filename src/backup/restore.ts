// `npm run restore -- <file>`: a backup into an empty database. The whole file is checked before
// the target is touched (checksums, a schema this version knows), the database part is written
// in one transaction, and a target that already holds registry data is refused unless the
// operator says --force. A backup of the embedded database also restores into PostgreSQL: the
// documented way for a pilot to move to a server.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { openDatabase, type Database, type Sql } from '../db/database.js';
import { applyMigrations, migrationsDir } from '../db/schema-engine.js';
import { extractArchive, readManifest, type BackupManifest } from './archive.js';
import { checkToolFor, PostgresToolError, runTool } from './postgres-tools.js';
import { appliedMigrations, copiedTables, holdsRegistryData, registryTables, rowCounts } from './registry-tables.js';

export class RestoreRefused extends Error {
  override readonly name = 'RestoreRefused';
}

export interface RestoreOptions {
  file: string;
  /** PostgreSQL target; without it, the embedded database under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Replace a target that already holds registry data. */
  force?: boolean;
  /** The id of the personal-data key configured here, if any, to compare with the backup's. */
  personalDataKeyId?: string | null;
  log?: (message: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  target: 'postgres' | 'pglite';
  rowCounts: Record<string, number>;
  /** Set when the backup needs another personal-data key than the one configured here. */
  keyMismatch?: { needed: string; configured: string };
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const manifest = await readManifest(options.file);
  const known = new Set((await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name));
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new RestoreRefused(
      `the backup comes from a newer schema (migration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} unknown to this version); restore it with the version that made it or a later one`,
    );
  }
  const target = options.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database.kind === 'postgres' && target === 'pglite') {
    throw new RestoreRefused('a PostgreSQL backup restores into PostgreSQL only: set DATABASE_URL to the target database');
  }

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'gvrc-restore-'));
  try {
    log(`checking ${path.basename(options.file)}`);
    await extractArchive(options.file, scratch);
    const dump = path.join(scratch, manifest.database.entry);

    if (target === 'postgres') await restoreIntoPostgres(options, manifest, dump, log);
    else await restoreIntoPglite(options, dump, log);

    await restoreFiles(path.join(scratch, 'files', 'imports', 'runs'), path.join(options.dataDir, 'imports', 'runs'));

    const db = await openTarget(options);
    let counts: Record<string, number>;
    try {
      counts = await rowCounts(db.sql, copiedTables(await registryTables(db.sql)));
      // Counts taken from a backup of an idle registry match exactly; a later schema may have
      // moved rows, so they are compared only when the schema is the same.
      const sameSchema = (await appliedMigrations(db.sql)).join() === manifest.migrations.join();
      if (sameSchema) {
        const differing = Object.entries(manifest.rowCounts).filter(([table, n]) => table !== '_prisma_migrations' && counts[table] !== undefined && counts[table]! < n);
        if (differing.length) {
          throw new RestoreRefused(`the restored database holds fewer rows than the backup lists: ${differing.map(([t, n]) => `${t} ${counts[t]} < ${n}`).join(', ')}`);
        }
      }
    } finally {
      await db.close();
    }
    const needed = manifest.personalDataKeyFingerprint;
    const configured = options.personalDataKeyId ?? null;
    return {
      manifest,
      target,
      rowCounts: counts,
      ...(needed && configured && needed !== configured ? { keyMismatch: { needed, configured } } : {}),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function openTarget(options: RestoreOptions): Promise<Database> {
  return openDatabase(options.databaseUrl ? { url: options.databaseUrl, poolSize: 2 } : { dataDir: path.join(options.dataDir, 'pglite') });
}

async function refuseIfHoldsData(db: Database, force: boolean | undefined, where: string): Promise<void> {
  const { holds, counts } = await holdsRegistryData(db.sql);
  if (holds && !force) {
    const what = Object.entries(counts).filter(([, n]) => n > 0).map(([t, n]) => `${n} ${t}`).join(', ');
    throw new RestoreRefused(`${where} already holds registry data (${what}); restore into an empty database, or pass --force to replace it`);
  }
}

async function clearPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS graphile_worker CASCADE');
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

async function restoreIntoPostgres(options: RestoreOptions, manifest: BackupManifest, dump: string, log: (m: string) => void): Promise<void> {
  const url = options.databaseUrl!;
  const db = await openDatabase({ url, poolSize: 2 });
  let serverVersionNum: number;
  try {
    await refuseIfHoldsData(db, options.force, 'the target database');
    serverVersionNum = Number((await db.sql.query<{ n: string }>("SELECT current_setting('server_version_num') AS n")).rows[0]!.n);
  } finally {
    await db.close();
  }

  if (manifest.database.kind === 'postgres') {
    await checkToolFor('pg_restore', serverVersionNum);
    await clearPostgres(url);
    log('restoring the database with pg_restore');
    const run = await runTool('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${url}`, dump]);
    if (run.code !== 0) throw new PostgresToolError(`pg_restore failed, nothing was restored: ${run.stderr.trim()}`);
  } else {
    await copyPgliteIntoPostgres(dump, url, log);
  }
  // A backup from an older version is brought up to this one's schema.
  const migrated = await openDatabase({ url, poolSize: 2 });
  try {
    await applyMigrations(migrated.adapter);
  } finally {
    await migrated.close();
  }
}

/**
 * The embedded database's dump is PGlite's data directory, not something pg_restore reads. It is
 * opened in memory, brought to this version's schema, and its rows are copied table by table into
 * a freshly migrated PostgreSQL database inside one transaction.
 */
async function copyPgliteIntoPostgres(dump: string, url: string, log: (m: string) => void): Promise<void> {
  log('opening the embedded backup');
  const source = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([await readFile(dump)]) });
  try {
    await applyMigrations(source.adapter);
    await clearPostgres(url);
    const target = await openDatabase({ url, poolSize: 2 });
    try {
      await applyMigrations(target.adapter);
    } finally {
      await target.close();
    }
    const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
    await client.connect();
    try {
      await client.query('BEGIN');
      const tables = copiedTables(await registryTables(clientSql(client)));
      // The migrations seeded nothing, but a table a migration filled must not hold rows twice.
      if (tables.length) await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} CASCADE`);
      for (const table of tables) {
        const columns = await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
          [table],
        );
        const list = columns.rows.map((c) => `"${c.column_name}"`).join(', ');
        const out = await source.pglite!.query(`COPY (SELECT ${list} FROM "${table}") TO '/dev/blob' WITH (FORMAT csv)`);
        const blob = out.blob;
        if (!blob || blob.size === 0) continue;
        log(`copying ${table}`);
        const stream = client.query(copyStreams.from(`COPY "${table}" (${list}) FROM STDIN WITH (FORMAT csv)`));
        await pipeline(Readable.from([Buffer.from(await blob.arrayBuffer())]), stream);
      }
      // Sequences behind autoincrement ids continue after the copied rows.
      const sequences = await client.query<{ table_name: string; column_name: string; seq: string }>(
        `SELECT table_name, column_name, pg_get_serial_sequence(format('%I', table_name), column_name) AS seq
           FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval%'`,
      );
      for (const s of sequences.rows) {
        if (!s.seq) continue;
        await client.query(`SELECT setval($1, COALESCE((SELECT max("${s.column_name}") FROM "${s.table_name}"), 0) + 1, false)`, [s.seq]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await client.end();
    }
  } finally {
    await source.close();
  }
}

/** One client's statements, for the helpers that read the catalogue (no transactions of their own). */
function clientSql(client: pg.Client): Sql {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      const r = await client.query(text, params);
      return { rows: r.rows as Row[], rowCount: r.rowCount ?? 0 };
    },
    transaction: () => Promise.reject(new Error('the restore runs its own transaction')),
  };
}

async function restoreIntoPglite(options: RestoreOptions, dump: string, log: (m: string) => void): Promise<void> {
  const dir = path.join(options.dataDir, 'pglite');
  if (await exists(dir)) {
    const current = await openDatabase({ dataDir: dir });
    try {
      await refuseIfHoldsData(current, options.force, `the embedded database in ${dir}`);
    } finally {
      await current.close();
    }
  }
  // Written beside the target and moved into place whole: a failure leaves the old one as it was.
  const building = `${dir}.restoring`;
  await rm(building, { recursive: true, force: true });
  log('writing the embedded database');
  const restored = await openDatabase({ dataDir: building, loadDataDir: new Blob([await readFile(dump)]) });
  try {
    await applyMigrations(restored.adapter);
  } finally {
    await restored.close();
  }
  if (await exists(dir)) {
    // Kept, not deleted: --force replaces the registry, and the operator may want it back.
    const aside = `${dir}.replaced-${new Date().toISOString().replace(/[-:]/g, '')}`;
    await rename(dir, aside);
    log(`the previous embedded database was moved to ${aside}`);
  }
  await rename(building, dir);
}

async function restoreFiles(from: string, to: string): Promise<void> {
  if (!(await exists(from))) return;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await restoreFiles(source, target);
    else {
      await mkdir(to, { recursive: true });
      await copyFile(source, target);
    }
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
