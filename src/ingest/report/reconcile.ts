// Reconciliation of a delivery against the previous delivery of the same source: what was
// added, what changed, what went missing. Missing records are reported, never deleted: a
// partner dropping a row is not proof that the facility closed.
import type { Sql } from '../../db/database.js';
import type { RecordIssue, SourceKind } from '../record.js';

export interface Reconciliation {
  previousSourceId: string | null;
  previousRecords: number;
  records: number;
  added: number;
  changed: number;
  unchanged: number;
  missing: number;
  /** True when the delivery has less than half the records of the previous one. */
  shrank: boolean;
}

/** At most this many missing records are listed one by one; the count is always complete. */
const MAX_MISSING_LISTED = 1000;

export async function reconcile(
  sql: Sql,
  source: { id: string; kind: SourceKind; fileName: string },
): Promise<{ reconciliation: Reconciliation; issues: RecordIssue[] }> {
  const prev = await sql.query<{ id: string }>(
    `SELECT s.id FROM "ImportSource" s JOIN "ImportRun" r ON r.id = s."importRunId"
      WHERE s.kind = $1::"SourceKind" AND s.status = 'SUCCEEDED' AND NOT r."dryRun" AND s.id <> $2::uuid
      ORDER BY s."finishedAt" DESC NULLS LAST LIMIT 1`,
    [source.kind, source.id],
  );
  const counts = await sql.query<{ outcome: string; n: number }>(
    `SELECT outcome::text AS outcome, count(*)::int AS n FROM "SourceRecord" WHERE "importSourceId" = $1::uuid AND outcome <> 'REJECTED' GROUP BY outcome`,
    [source.id],
  );
  const by = Object.fromEntries(counts.rows.map((r) => [r.outcome, Number(r.n)]));
  const records = Object.values(by).reduce((s, n) => s + n, 0);
  const previousSourceId = prev.rows[0]?.id ?? null;
  const issues: RecordIssue[] = [];
  if (!previousSourceId) {
    return {
      reconciliation: { previousSourceId, previousRecords: 0, records, added: records, changed: 0, unchanged: 0, missing: 0, shrank: false },
      issues,
    };
  }
  // Counted as `records` is for this delivery (every record not rejected), so the two compare:
  // counting distinct keys here made a delivery identical to the last one look one record larger
  // whenever a partner listed the same record twice.
  const previousRecords = Number((await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "SourceRecord" WHERE "importSourceId" = $1::uuid AND outcome <> 'REJECTED'`,
    [previousSourceId],
  )).rows[0]?.n ?? 0);
  const missing = await sql.query<{ sourceKey: string; pointer: string; total: number }>(
    `SELECT p."sourceKey", min(p.pointer) AS pointer, count(*) OVER ()::int AS total
       FROM "SourceRecord" p
      WHERE p."importSourceId" = $1::uuid AND p.outcome <> 'REJECTED'
        AND NOT EXISTS (SELECT 1 FROM "SourceRecord" c WHERE c."importSourceId" = $2::uuid AND c.kind = p.kind AND c."sourceKey" = p."sourceKey")
      GROUP BY p."sourceKey" ORDER BY min(p.pointer) LIMIT ${MAX_MISSING_LISTED}`,
    [previousSourceId, source.id],
  );
  const missingCount = Number(missing.rows[0]?.total ?? 0);
  for (const m of missing.rows) {
    issues.push({
      code: 'MISSING_FROM_DELIVERY',
      severity: 'WARNING',
      message: `Record ${m.sourceKey} (at ${m.pointer} in the previous delivery) is not in this delivery. The facility is kept; confirm with the partner whether it closed.`,
      fileName: source.fileName,
      pointer: m.pointer,
    });
  }
  const shrank = records < previousRecords / 2;
  if (shrank) {
    issues.push({
      code: 'DELIVERY_SHRANK',
      severity: 'WARNING',
      message: `This delivery has ${records} records against ${previousRecords} in the previous one of ${source.kind}. Check that the file is complete before trusting it.`,
      fileName: source.fileName,
    });
  }
  return {
    reconciliation: {
      previousSourceId,
      previousRecords,
      records,
      added: records - (by.UPDATED ?? 0) - (by.UNCHANGED ?? 0),
      changed: by.UPDATED ?? 0,
      unchanged: by.UNCHANGED ?? 0,
      missing: missingCount,
      shrank,
    },
    issues,
  };
}
