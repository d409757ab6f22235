// Where the database part of an import goes, statement by statement: wraps the Sql interface
// the pipeline writes through and adds up wall time per kind of statement (INSERT INTO
// "SourceRecord", SELECT … FROM "FacilityBlockKey", …). The time includes the driver turning
// the parameters into text on the way out, which is part of what a bulk write costs.
import type { Database, Sql } from '../../src/db/database.js';

export interface StatementFigures { statement: string; calls: number; ms: number; rows: number; paramBytes: number }

export class SqlProfile {
  private readonly by = new Map<string, StatementFigures>();

  wrap(db: Database): Database {
    return { ...db, sql: this.wrapSql(db.sql) };
  }

  top(n = 15): StatementFigures[] {
    return [...this.by.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
  }

  private wrapSql(sql: Sql): Sql {
    return {
      query: async <Row>(text: string, params?: unknown[]) => {
        const started = performance.now();
        const r = await sql.query<Row>(text, params);
        const entry = this.entry(label(text));
        entry.calls += 1;
        entry.ms += performance.now() - started;
        entry.rows += r.rowCount;
        entry.paramBytes += paramBytes(params);
        return r;
      },
      transaction: (work) => sql.transaction((tx) => work(this.wrapSql(tx))),
    };
  }

  private entry(statement: string): StatementFigures {
    let e = this.by.get(statement);
    if (!e) this.by.set(statement, (e = { statement, calls: 0, ms: 0, rows: 0, paramBytes: 0 }));
    return e;
  }
}

/** A statement's kind: its verb and the first table it names ("INSERT \"SourceRecord\""). */
function label(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const verb = t.split(' ', 1)[0].toUpperCase();
  const table = /"([A-Z][A-Za-z]+)"/.exec(t)?.[1];
  if (verb === 'INSERT' || verb === 'UPDATE' || verb === 'DELETE') return `${verb} ${table ?? '?'}${/ON CONFLICT/i.test(t) ? ' (on conflict)' : ''}`;
  if (verb === 'SELECT' || verb === 'WITH') {
    const from = /\bFROM "([A-Za-z]+)"/.exec(t)?.[1] ?? table ?? '?';
    return `SELECT ${from}${/unnest\(/.test(t) ? ' (unnest)' : ''}`;
  }
  return verb;
}

function paramBytes(params: unknown[] | undefined): number {
  if (!params) return 0;
  let n = 0;
  for (const p of params) {
    if (Array.isArray(p)) for (const v of p) n += typeof v === 'string' ? v.length : v == null ? 0 : 8;
    else n += typeof p === 'string' ? p.length : 8;
  }
  return n;
}
