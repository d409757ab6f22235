// What a backup counts and a restore copies: the registry's own tables in the public schema,
// in an order where every table comes after the tables it references.
import type { Sql } from '../db/database.js';

/** graphile-worker's queue is not registry data: pending runs are queued again at start-up. */
const NOT_COPIED = new Set(['_prisma_migrations']);

export async function registryTables(sql: Sql): Promise<string[]> {
  const tables = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  const references = await sql.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`,
  );
  const names = tables.rows.map((r) => r.name);
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const { child, parent } of references.rows) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p) || !parents.has(p)));
    // A cycle between tables would need deferred constraints; the schema has none, and if one
    // appears the remaining tables are taken in name order and the restore's transaction says so.
    const next = ready.length ? ready : names.filter((n) => !placed.has(n));
    for (const n of next) {
      placed.add(n);
      ordered.push(n);
    }
  }
  return ordered;
}

export function copiedTables(tables: string[]): string[] {
  return tables.filter((t) => !NOT_COPIED.has(t));
}

export async function rowCounts(sql: Sql, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const r = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${table}"`);
    counts[table] = Number(r.rows[0]!.n);
  }
  return counts;
}

export async function appliedMigrations(sql: Sql): Promise<string[]> {
  const r = await sql
    .query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    )
    .catch(() => ({ rows: [] as { migration_name: string }[] }));
  return r.rows.map((row) => row.migration_name);
}

/**
 * Whether the database holds registry data of its own. Reference data (geography, services) and
 * migrations alone do not count: a service that started once on a new database has them.
 */
export async function holdsRegistryData(sql: Sql): Promise<{ holds: boolean; counts: Record<string, number> }> {
  const present = new Set((await registryTables(sql)).map((t) => t));
  const counts: Record<string, number> = {};
  for (const table of ['Facility', 'ImportRun', 'ApiKey', 'AuditEvent']) {
    if (!present.has(table)) continue;
    const r = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${table}"`);
    counts[table] = Number(r.rows[0]!.n);
  }
  return { holds: Object.values(counts).some((n) => n > 0), counts };
}
