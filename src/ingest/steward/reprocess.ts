// Reprocessing: the stored records a steward's teaching may change are read again and put
// through validate → normalise → place with everything the registry knows now, then matched and
// loaded as a run of their own. Only records whose result changed are loaded (a rejected record
// that now places; a record whose facts, such as its services, now read differently), so a
// second reprocessing with nothing newly taught finds nothing to do and changes nothing (its
// request is audited, like every mutation's).
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/database.js';
import { loadBatch, newRunState, type BatchItem } from '../load/load-batch.js';
import { insertAuditEvents, type AuditRow } from '../load/registry.js';
import { keyedDigestWith } from '../normalise/identity.js';
import { processRecord } from '../process-record.js';
import type { RecordIssue } from '../record.js';
import { addCounts, emptyCounts, type OutcomeCounts } from '../report/run-quality.js';
import { finishRun } from '../run-rows.js';
import { insertIssues, type ImportDeps } from '../run-import.js';
import { readAgain, recordsToReprocess, type StoredRecord } from './stored-records.js';
import { readTaught, withTaught } from './taught.js';

export interface ReprocessRequest {
  /** Only the records first delivered by this run; every run's when null. */
  runId: string | null;
  actor: string;
  actorRole?: string | null;
  requestId?: string | null;
}

export interface ReprocessSummary {
  /** The run that loaded the changed records; null when nothing changed. */
  runId: string | null;
  /** Stored records looked at again. */
  examined: number;
  /** Rejected records now loaded. */
  recovered: number;
  /** Loaded records whose facts changed (services now known, …). */
  revised: number;
  /** Rejected records still not placeable: what is still unknown lists them. */
  stillRejected: number;
  counts: OutcomeCounts;
}

const BATCH = 1000;

export async function reprocessStoredRecords(deps: ImportDeps, request: ReprocessRequest): Promise<ReprocessSummary> {
  const { sql } = deps.db;
  const knowing = { ...withTaught(deps, await readTaught(sql)), keyed: keyedDigestWith(deps.cipher) };
  const stored = await recordsToReprocess(sql, request.runId);
  const raws = await readAgain(stored, deps.cipher);

  const changed: { stored: StoredRecord; item: BatchItem }[] = [];
  let stillRejected = 0;
  for (const record of stored) {
    const raw = raws.get(record.id)!;
    const result = processRecord(raw, knowing);
    if (!result.ok) {
      if (record.reason === 'REJECTED') stillRejected += 1;
      continue;
    }
    // A loaded record is revised only in place: a new key would be another facility's business.
    const revision = record.reason === 'UNKNOWN_SERVICE';
    if (revision && (result.record.sourceKey !== record.sourceKey || result.record.contentHash === record.contentHash)) continue;
    changed.push({ stored: record, item: { raw, result, reprocessedFromId: record.originId } });
  }
  const recovered = changed.filter((c) => c.stored.reason === 'REJECTED').length;
  const summary = { examined: stored.length, recovered, revised: changed.length - recovered, stillRejected };
  if (changed.length === 0) {
    // Nothing is loaded; the request itself is still in the audit trail, as every mutation is.
    await insertAuditEvents(sql, [reprocessedEvent(request, null, summary, emptyCounts())]);
    return { runId: null, ...summary, counts: emptyCounts() };
  }

  const runId = randomUUID();
  const counts = await sql.transaction(async (tx) => {
    const loaded = await loadAsRun(tx, deps, request, runId, changed);
    await insertAuditEvents(tx, [reprocessedEvent(request, runId, summary, loaded)]);
    return loaded;
  });
  return { runId, ...summary, counts };
}

function reprocessedEvent(request: ReprocessRequest, runId: string | null, summary: Omit<ReprocessSummary, 'runId' | 'counts'>, counts: OutcomeCounts): AuditRow {
  return {
    actor: request.actor,
    actorRole: request.actorRole,
    requestId: request.requestId,
    action: 'RECORDS_REPROCESSED',
    entityType: 'ImportRun',
    // The run that loaded the records, or, when none was needed, the run (or all runs) asked about.
    entityId: runId ?? request.runId ?? 'all runs',
    importRunId: runId,
    after: { fromRun: request.runId, ...summary, counts },
  };
}

/** The changed records loaded as one run, a source per delivered file, all in one transaction. */
async function loadAsRun(
  sql: Sql,
  deps: ImportDeps,
  request: ReprocessRequest,
  runId: string,
  changed: { stored: StoredRecord; item: BatchItem }[],
): Promise<OutcomeCounts> {
  await sql.query(
    `INSERT INTO "ImportRun" (id, status, "dryRun", "triggeredBy", "triggeredByRole", "requestId", attempts, "startedAt")
     VALUES ($1::uuid, 'RUNNING', false, $2, $3, $4, 1, now())`,
    [runId, request.actor, request.actorRole ?? null, request.requestId ?? null],
  );
  const files = new Map<string, { stored: StoredRecord; items: BatchItem[] }>();
  for (const { stored, item } of changed) {
    const file = `${stored.kind}\u0000${stored.storedPath}\u0000${stored.fileName}`;
    const entry = files.get(file) ?? { stored, items: [] };
    entry.items.push(item);
    files.set(file, entry);
  }
  const state = newRunState({ featureCacheSize: deps.featureCacheSize });
  let total = emptyCounts();
  let position = 0;
  for (const { stored, items } of files.values()) {
    const sourceId = randomUUID();
    // The source names the delivered file and where it is kept: the reprocessed records' lineage.
    await sql.query(
      `INSERT INTO "ImportSource" (id, "importRunId", position, kind, "fileName", "storedPath", status, extracted)
       VALUES ($1::uuid, $2::uuid, $3, $4::"SourceKind", $5, $6, 'PENDING', $7)`,
      [sourceId, runId, position++, stored.kind, stored.fileName, stored.storedPath, items.length],
    );
    const counts = emptyCounts();
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      const outcomes = await loadBatch(
        { sql, runId, sourceId, actor: request.actor, actorRole: request.actorRole, requestId: request.requestId, cipher: deps.cipher, matcher: deps.matcher, state },
        batch,
      );
      outcomes.forEach((outcome) => (counts[outcome] += 1));
      const issues: RecordIssue[] = batch.flatMap((item) => (item.result.ok ? item.result.record.issues : item.result.issues));
      await insertIssues(sql, runId, sourceId, issues);
    }
    await sql.query(
      `UPDATE "ImportSource" SET status = 'SUCCEEDED', counts = $2::jsonb, "finishedAt" = now() WHERE id = $1::uuid`,
      [sourceId, JSON.stringify(counts)],
    );
    total = addCounts(total, counts);
  }
  await finishRun(sql, runId, { status: 'SUCCEEDED', counts: total, processed: changed.length, total: changed.length });
  return total;
}
