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
  // jsonb and enum arrays travel as text[] and are cast per element: drivers cannot bind them directly.
  const params = columns.map((c, i) => rows.map((r) => (c.type === 'jsonb' && r[i] != null ? JSON.stringify(r[i]) : r[i])));
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type === 'jsonb' || !isBuiltin(c.type) ? 'text' : c.type}[]`).join(', ');
  const select = columns
    .map((c, i) => (c.type === 'jsonb' || !isBuiltin(c.type) ? `c${i}::${quoteType(c.type)}` : `c${i}`))
    .join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const r = await sql.query(
    `INSERT INTO "${table}" (${names}) SELECT ${select} FROM unnest(${unnest}) AS t(${aliases}) ${onConflict}`,
    params,
  );
  return r.rowCount;
}

const BUILTIN = new Set(['text', 'uuid', 'int', 'integer', 'bigint', 'float8', 'double precision', 'boolean', 'timestamptz', 'timestamp(3)']);

function isBuiltin(type: string): boolean {
  return BUILTIN.has(type);
}

function quoteType(type: string): string {
  return BUILTIN.has(type) || type === 'jsonb' ? type : `"${type}"`;
}
