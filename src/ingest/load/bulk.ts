// Multi-row statements built on unnest(): one bind parameter per column, whatever the number of
// rows, so a batch never meets PostgreSQL's 65,535-parameter limit and the plan is the same for
// 10 rows or 10,000.
import type { Sql } from '../../db/database.js';

export interface Column { name: string; type: string }

export async function insertRows(
  sql: Sql,
  table: string,
  columns: Column[],
  rows: unknown[][],
  onConflict = '',
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const params = columns.map((c, i) => columnParameter(c, rows, i));
  // ROWS FROM zips the columns' set-returning functions row by row.
  const sources = columns.map((c, i) => (c.type === 'jsonb' ? `jsonb_array_elements($${i + 1}::jsonb)` : `unnest($${i + 1}::${isBuiltin(c.type) ? c.type : 'text'}[])`)).join(', ');
  const select = columns
    .map((c, i) => (c.type === 'jsonb' ? `NULLIF(c${i}, 'null'::jsonb)` : isBuiltin(c.type) ? `c${i}` : `c${i}::${quoteType(c.type)}`))
    .join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const r = await sql.query(
    `INSERT INTO "${table}" (${names}) SELECT ${select} FROM ROWS FROM (${sources}) AS t(${aliases}) ${onConflict}`,
    params,
  );
  return r.rowCount;
}

/**
 * One column of the batch as a single bind parameter. jsonb travels as one JSON array (a JSON
 * null element stands for SQL NULL): quoting each document into a text[] literal cost more than
 * serialising it. Enums travel as text[] and are cast per element, because drivers cannot bind
 * arrays of them; plain values as a ready-made array literal, which skips the driver's
 * per-element escaping.
 */
function columnParameter(column: Column, rows: unknown[][], i: number): unknown {
  if (column.type === 'jsonb') return JSON.stringify(rows.map((r) => r[i] ?? null));
  return arrayLiteral(rows, i) ?? rows.map((r) => r[i]);
}

/** `{"a","b",NULL,1.5}`, or undefined when a value is not a string, number, boolean or null. */
function arrayLiteral(rows: unknown[][], i: number): string | undefined {
  const parts: string[] = new Array(rows.length);
  for (let n = 0; n < rows.length; n++) {
    const v = rows[n][i];
    if (v == null) parts[n] = 'NULL';
    else if (typeof v === 'string') parts[n] = v.includes('"') || v.includes('\\') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'number' || typeof v === 'boolean') parts[n] = String(v);
    else return undefined;
  }
  return `{${parts.join(',')}}`;
}

const BUILTIN = new Set(['text', 'uuid', 'int', 'integer', 'bigint', 'float8', 'double precision', 'boolean', 'timestamptz', 'timestamp(3)']);

function isBuiltin(type: string): boolean {
  return BUILTIN.has(type);
}

function quoteType(type: string): string {
  return BUILTIN.has(type) || type === 'jsonb' ? type : `"${type}"`;
}
