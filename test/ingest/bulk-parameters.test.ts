// PostgreSQL's wire protocol numbers bind parameters with 16 bits: a statement with more than
// 65,535 of them fails. insertRows binds one array per column, so a batch of any size stays far
// below; this proves it with 100,000 rows x 5 columns (500,000 values) on the test database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/database.js';
import { insertRows, type Column } from '../../src/ingest/load/bulk.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const ROWS = 100_000;
const COLUMNS: Column[] = [
  { name: 'id', type: 'uuid' },
  { name: 'n', type: 'integer' },
  { name: 'label', type: 'text' },
  { name: 'kind', type: 'SourceKind' },
  { name: 'doc', type: 'jsonb' },
];
const KINDS = ['regional', 'kps_stations', 'equity_afya'] as const;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql.query(`CREATE TABLE bulk_scratch (id uuid PRIMARY KEY, n integer NOT NULL UNIQUE, label text, kind "SourceKind" NOT NULL, doc jsonb)`);
});

afterAll(async () => {
  await db?.close();
});

/** The Sql, recording how many bind parameters each statement carried. */
function counting(sql: Sql, counts: number[]): Sql {
  return {
    query: (text, params) => {
      counts.push(params?.length ?? 0);
      return sql.query(text, params);
    },
    transaction: (work) => sql.transaction((tx) => work(counting(tx, counts))),
  };
}

const rows = Array.from({ length: ROWS }, (_, i) => [
  randomUUID(),
  i,
  i % 10 === 0 ? null : `row ${i} — naïve “quoted” text, with a comma`,
  KINDS[i % KINDS.length],
  i % 7 === 0 ? null : { i, tags: ['a', i % 2 ? 'odd' : 'even'], nested: { ok: true } },
]);

describe('insertRows with more values than the 65,535 bind-parameter limit', () => {
  it('inserts 100,000 rows x 5 columns in one statement with one parameter per column', async () => {
    expect(ROWS * COLUMNS.length).toBeGreaterThan(65_535);
    const counts: number[] = [];
    const inserted = await insertRows(counting(db.sql, counts), 'bulk_scratch', COLUMNS, rows);
    expect(inserted).toBe(ROWS);
    expect(counts).toEqual([COLUMNS.length]);

    const r = await db.sql.query<{ n: string; labels: string; nulls: string; docs: string; regional: string }>(
      `SELECT count(*) AS n, count(label) AS labels, count(*) FILTER (WHERE doc IS NULL) AS nulls,
              count(*) FILTER (WHERE doc->'nested'->>'ok' = 'true') AS docs, count(*) FILTER (WHERE kind = 'regional') AS regional
         FROM bulk_scratch`,
    );
    const stats = r.rows[0];
    expect(Number(stats.n)).toBe(ROWS);
    expect(Number(stats.labels)).toBe(ROWS - ROWS / 10);
    expect(Number(stats.nulls)).toBe(Math.ceil(ROWS / 7));
    expect(Number(stats.docs)).toBe(ROWS - Math.ceil(ROWS / 7));
    expect(Number(stats.regional)).toBe(Math.ceil(ROWS / 3));

    // Values survive the trip exactly, at both ends of the batch.
    for (const i of [0, 1, 99_998, ROWS - 1]) {
      const got = await db.sql.query<{ id: string; label: string | null; kind: string; doc: unknown }>(
        `SELECT id::text AS id, label, kind::text AS kind, doc FROM bulk_scratch WHERE n = $1`,
        [i],
      );
      const doc = got.rows[0].doc;
      expect(got.rows[0]).toMatchObject({ id: rows[i][0], label: rows[i][2], kind: rows[i][3] });
      expect(typeof doc === 'string' ? JSON.parse(doc) : doc).toEqual(rows[i][4]);
    }
  });

  it('applies ON CONFLICT to the whole oversized batch', async () => {
    // Half the rows again (same n, new ids), half new: only the new half goes in.
    const again = rows.map((r, i) => [randomUUID(), i % 2 === 0 ? r[1] : ROWS + i, r[2], r[3], r[4]]);
    const counts: number[] = [];
    const inserted = await insertRows(counting(db.sql, counts), 'bulk_scratch', COLUMNS, again, 'ON CONFLICT (n) DO NOTHING');
    expect(counts).toEqual([COLUMNS.length]);
    expect(inserted).toBe(ROWS / 2);
    const r = await db.sql.query<{ n: string }>('SELECT count(*) AS n FROM bulk_scratch');
    expect(Number(r.rows[0].n)).toBe(ROWS + ROWS / 2);
  });
});

describe('insertRows keeps every value exactly as given', () => {
  const labels = ['', 'NULL', 'null', '"', '\\', 'a\\"b', '{x,y}', ' padded ', 'tab\there', 'line\nbreak', 'Ñairobi “ward” 🏥', "it's"];
  const docs: unknown[] = ['a "quoted" string', ['list', 1, null], { s: 'back\\slash "q"', nested: { n: 1.5 } }, 0, false, 'null', null];

  it('round-trips text that looks like array syntax, escapes, unicode and JSON that is not an object', async () => {
    await db.sql.query('CREATE TABLE bulk_tricky (id uuid PRIMARY KEY, n integer, label text, kind "SourceKind", doc jsonb)');
    const tricky = labels.map((label, i) => [randomUUID(), i, label, KINDS[i % KINDS.length], docs[i % docs.length]]);
    expect(await insertRows(db.sql, 'bulk_tricky', COLUMNS, tricky)).toBe(labels.length);

    // The documents come back as text so that both drivers return them alike.
    const r = await db.sql.query<{ n: number; label: string; kind: string; doc: string | null; isNull: boolean }>(
      'SELECT n, label, kind::text AS kind, doc::text AS doc, doc IS NULL AS "isNull" FROM bulk_tricky ORDER BY n',
    );
    expect(r.rows.map((row) => row.label)).toEqual(labels);
    expect(r.rows.map((row) => row.kind)).toEqual(tricky.map((row) => row[3]));
    // A JSON null is stored as SQL NULL; the JSON string "null" is a document of its own.
    expect(r.rows.map((row) => row.isNull)).toEqual(tricky.map((row) => row[4] === null));
    const parsed = r.rows.map((row) => (row.doc === null ? null : JSON.parse(row.doc)));
    expect(parsed).toEqual(tricky.map((row) => row[4]));
  });
});
