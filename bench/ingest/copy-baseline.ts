// The baseline: how fast PostgreSQL takes the same final rows when nothing but loading is done.
// The rows the import produced (facilities, contacts, services, lineage) are read back with
// COPY … TO STDOUT into files (not timed), then written with COPY … FROM STDIN into scratch
// tables of the same shape — `LIKE … INCLUDING DEFAULTS INCLUDING INDEXES`, so primary keys,
// unique and trigram indexes are maintained as in the registry; foreign keys are not (LIKE does
// not copy them), which favours the baseline slightly. One connection, one transaction.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { FINAL_TABLES, type FinalTable } from './measure.js';

export interface CopyTableFigures { rows: number; bytes: number; ms: number; rowsPerSec: number }

export interface CopyFigures {
  tables: Record<FinalTable, CopyTableFigures>;
  rows: number;
  bytes: number;
  /** The timed part: every COPY FROM STDIN and the commit. */
  ms: number;
  rowsPerSec: number;
}

const SCHEMA = 'bench_copy';

export async function copyBaseline(connectionString: string): Promise<CopyFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gvrc-bench-copy-'));
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${SCHEMA}`);
    const files = {} as Record<FinalTable, { file: string; bytes: number }>;
    for (const table of FINAL_TABLES) {
      await client.query(`CREATE TABLE ${SCHEMA}."${table}" (LIKE public."${table}" INCLUDING DEFAULTS INCLUDING INDEXES)`);
      const file = path.join(dir, `${table}.copy`);
      await pipeline(client.query(copyTo(`COPY public."${table}" TO STDOUT`)), createWriteStream(file));
      files[table] = { file, bytes: (await stat(file)).size };
    }
    // Start the timed part from a clean slate: the import's dirty pages are written out now,
    // not during the baseline. Needs superuser; without it the baseline just runs noisier.
    await client.query('CHECKPOINT').catch(() => {});

    const tables = {} as Record<FinalTable, CopyTableFigures>;
    const started = performance.now();
    await client.query('BEGIN');
    for (const table of FINAL_TABLES) {
      const tableStarted = performance.now();
      const copy = client.query(copyFrom(`COPY ${SCHEMA}."${table}" FROM STDIN`));
      await pipeline(createReadStream(files[table].file, { highWaterMark: 1 << 20 }), copy);
      const ms = performance.now() - tableStarted;
      tables[table] = { rows: copy.rowCount, bytes: files[table].bytes, ms, rowsPerSec: copy.rowCount / (ms / 1000) };
    }
    await client.query('COMMIT');
    const ms = performance.now() - started;

    for (const table of FINAL_TABLES) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}."${table}"`);
      if (Number(r.rows[0].n) !== tables[table].rows) throw new Error(`COPY baseline: ${table} holds ${r.rows[0].n} rows, ${tables[table].rows} were copied`);
    }
    const rows = FINAL_TABLES.reduce((s, t) => s + tables[t].rows, 0);
    return { tables, rows, bytes: FINAL_TABLES.reduce((s, t) => s + tables[t].bytes, 0), ms, rowsPerSec: rows / (ms / 1000) };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => {});
    await client.end();
    await rm(dir, { recursive: true, force: true });
  }
}
