// Migrates and seeds one template database before any test file runs.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/schema-engine.js';
import { seedReferenceData } from '../../src/db/seed.js';
import { testServerUrl } from './database.js';
import { templateDatabaseName, templateDumpPath } from './template.js';

export default async function setup(): Promise<void> {
  const server = testServerUrl();
  if (server) await preparePostgresTemplate(server);
  else await preparePgliteTemplate();
}

async function preparePostgresTemplate(server: string): Promise<void> {
  const name = templateDatabaseName();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return;
    // Drop leftovers of earlier runs (older templates, test databases of killed runs).
    const stale = await admin.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'gvrc_template_%' OR datname LIKE 'gvrc_t_%'",
    );
    for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    const building = `${name}_building`;
    await admin.query(`CREATE DATABASE "${building}"`);
    const u = new URL(server);
    u.pathname = `/${building}`;
    const db = await openDatabase({ url: u.toString() });
    try {
      await applyMigrations(db.adapter);
      await seedReferenceData(db.sql);
    } finally {
      await db.close();
    }
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
  } finally {
    await admin.end();
  }
}

async function preparePgliteTemplate(): Promise<void> {
  const file = templateDumpPath();
  if (existsSync(file)) return;
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await applyMigrations(db.adapter);
    await seedReferenceData(db.sql);
    if (!db.pglite) throw new Error('embedded database does not expose its PGlite instance');
    const dump = await db.pglite.dumpDataDir('gzip');
    await writeFile(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
    const { rename } = await import('node:fs/promises');
    await rename(`${file}.tmp`, file);
  } finally {
    await db.close();
  }
}
