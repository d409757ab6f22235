// The orchestrator: runs an import that was recorded as an ImportRun with its ImportSources.
// Each source is read, validated, normalised, placed, matched and loaded inside ONE database
// transaction, together with the source's own status. So a broken file loads nothing, and a
// worker killed mid-import leaves every source either wholly loaded or not at all; running the
// job again skips finished sources and redoes the interrupted one from scratch.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { UNBOUNDED_STATEMENTS, type Database, type Sql } from '../db/database.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import type { StoredFileCipher } from '../security/stored-file-cipher.js';
import { extractRecords } from './extract/extract-records.js';
import { SourceParseError } from './extract/source-parse-error.js';
import { contentKinds } from './extract/content-kind.js';
import { SOURCE_ADAPTERS } from './extract/adapters.js';
import type { GeographyResolver } from './geography/types.js';
import { newRunState, type BatchItem, type RunState } from './load/load-batch.js';
import { loadIsolated } from './load/isolated-load.js';
import { recordFailure, type FaultInjector } from './failures/record-failure.js';
import { insertRows } from './load/bulk.js';
import type { Matcher } from './match/matcher.js';
import { keyedDigestWith } from './normalise/identity.js';
import { processRecord, type ProcessDependencies } from './process-record.js';
import { whileHoldingRegistry } from './registry-lock.js';
import type { RawRecord, RecordIssue, RecordOutcome, RecordResult, SourceKind } from './record.js';
import { reconcile, type Reconciliation } from './report/reconcile.js';
import { RunQuality, emptyCounts, mergeReports, type OutcomeCounts, type RunQualityReport } from './report/run-quality.js';
import { failedRecordCount, finishedSources, finishRun, markRunning, readRun, recordProgress, type FinalRunStatus, type SourceRow } from './run-rows.js';
import { describeSource, type SourceDescriptor } from './source-kind.js';
import type { StageTimings } from './stage-timings.js';
import type { ServiceVocabulary } from './services/vocabulary.js';
import { readTaught, withTaught } from './steward/taught.js';

export interface ImportDeps {
  db: Database;
  cipher: PersonalDataCipher;
  matcher: Matcher;
  geography: GeographyResolver;
  /** Service names known beyond the shipped vocabulary; set per run from what stewards taught. */
  vocabulary?: ServiceVocabulary;
  /** Records per load batch. */
  batchSize?: number;
  /** Registry facilities whose match features a run keeps across batches (memory for database work). */
  featureCacheSize?: number;
  /** Accumulates time per stage when given. */
  timings?: StageTimings;
  /** Called as records are processed; never awaited inside a transaction. */
  onProgress?: (progress: { runId: string; processed: number; total?: number }) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** Opens stored copies of imported files (encrypted at rest); plain files are read as they are. */
  files?: StoredFileCipher;
  /** Tests only (the fault-injection test): makes chosen records throw at chosen stages. */
  injectFault?: FaultInjector;
}

export type { FinalRunStatus } from './run-rows.js';

/** Thrown inside a dry run's transaction to roll it back once everything has been computed. */
class DryRunRollback extends Error {}

export async function executeImportRun(deps: ImportDeps, runId: string): Promise<FinalRunStatus> {
  // Runs change the registry one after the other (registry-lock.ts).
  return whileHoldingRegistry(deps.db, () => executeImportRunAlone(deps, runId), () =>
    deps.log?.('info', 'import waits for another import to finish', { runId }));
}

async function executeImportRunAlone(shipped: ImportDeps, runId: string): Promise<FinalRunStatus> {
  const { sql } = shipped.db;
  const run = await readRun(sql, runId);
  if (!run) throw new Error(`No import run ${runId}`);
  if (run.status === 'SUCCEEDED' || run.status === 'FAILED' || run.status === 'PARTIALLY_SUCCEEDED') return run.status;
  await markRunning(sql, runId);
  // Place aliases and service synonyms taught by stewards count from the next run on.
  const deps: ImportDeps = { ...shipped, ...withTaught(shipped, await readTaught(sql)) };
  const state = newRunState({ featureCacheSize: deps.featureCacheSize });
  let processed = 0;
  const progress = (n: number) => {
    processed += n;
    deps.onProgress?.({ runId, processed });
  };

  const info: RunInfo = { runId, dryRun: run.dryRun, actor: run.triggeredBy ?? 'system', actorRole: run.triggeredByRole, requestId: run.requestId };
  const pending: SourceRow[] = [];
  for (const source of run.sources) {
    // A source finished by an earlier attempt stays as it is: later sources find its records.
    if (source.status === 'PENDING') pending.push(source);
    else processed += source.extracted;
  }

  if (run.dryRun) {
    // One transaction around every source, rolled back at the end: later sources match against
    // what earlier ones would have loaded, exactly as in a real run, and nothing stays.
    const results: SourceResult[] = [];
    await sql
      .transaction(async (outer) => {
        for (const source of pending) results.push(await importSource(deps, info, source, state, progress, outer));
        throw new DryRunRollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRunRollback)) throw error;
      });
    for (const [i, result] of results.entries()) await recordResult(sql, runId, pending[i], result);
  } else {
    for (const source of pending) {
      const result = await importSource(deps, info, source, state, progress, sql);
      if (result.status === 'FAILED') await recordResult(sql, runId, source, result);
      // Progress written between sources, outside any transaction, for other processes to read.
      await recordProgress(sql, runId, processed);
    }
  }

  const sources = await finishedSources(sql, runId);
  const counts = sources.reduce((acc, s) => {
    const c = s.counts as Partial<OutcomeCounts>;
    for (const k of Object.keys(acc) as RecordOutcome[]) acc[k] += c[k] ?? 0;
    return acc;
  }, emptyCounts());
  const failed = sources.filter((s) => s.status === 'FAILED').length;
  // A record left out on an unexpected error (RECORD_FAILED) makes the run partial, not failed:
  // everything else of it loaded, and the operator should look at what did not.
  const leftOut = failed < sources.length && (await failedRecordCount(sql, runId)) > 0;
  const status: FinalRunStatus = failed > 0 && failed === sources.length ? 'FAILED' : failed > 0 || leftOut ? 'PARTIALLY_SUCCEEDED' : 'SUCCEEDED';
  const reports = sources.flatMap((s) => (s.qualityReport ? [s.qualityReport as unknown as RunQualityReport] : []));
  await finishRun(sql, runId, {
    status,
    counts,
    processed,
    total: sources.reduce((s, x) => s + x.extracted, 0),
    qualityReport: reports.length ? mergeReports(reports) : undefined,
  });
  deps.log?.('info', 'import finished', { runId, status, counts });
  return status;
}

interface RunInfo { runId: string; dryRun: boolean; actor: string; actorRole: string | null; requestId: string | null }

interface Finish { counts: OutcomeCounts; extracted: number; kind: SourceKind; fileHash: string; reconciliation: Reconciliation; quality: RunQualityReport }

type SourceResult =
  /** `issues` are those a dry run kept in memory; a real run has written them already. */
  | { status: 'SUCCEEDED'; finish: Finish; issues: RecordIssue[] }
  | { status: 'FAILED'; error: string; issues: RecordIssue[]; kind?: SourceKind };

/**
 * Imports one source inside a transaction of its own (a savepoint, in a dry run). A real run
 * marks the source SUCCEEDED in that same transaction; failures are returned for the caller to
 * record outside it, since the transaction is gone.
 */
async function importSource(
  deps: ImportDeps,
  run: RunInfo,
  source: SourceRow,
  state: RunState,
  progress: (n: number) => void,
  sql: Sql,
): Promise<SourceResult> {
  const described = describeSource(source.fileName, source.kind ? { kind: source.kind } : {});
  if (!described.ok) return { status: 'FAILED', error: 'unknown source kind', issues: [described.issue] };
  const descriptor = described.source;
  const looksLike = await contentKinds(() => (deps.files ? deps.files.reader(source.storedPath) : createReadStream(source.storedPath)), descriptor.format);
  const wrongKind = kindMismatch(looksLike, descriptor);
  if (wrongKind) return { status: 'FAILED', error: wrongKind.message, issues: [wrongKind], kind: descriptor.kind };
  const fileHash = createHash('sha256');
  const quality = new RunQuality();
  const counts = emptyCounts();
  const keptIssues: RecordIssue[] = [];
  let extracted = 0;

  const work = async (tx: Sql): Promise<Finish> => {
    // A source's statements are as long as its file makes them, not bounded like an API query's.
    await tx.query(UNBOUNDED_STATEMENTS);
    const writeIssues = async (issues: RecordIssue[]) => {
      if (run.dryRun) keptIssues.push(...issues);
      else await insertIssues(tx, run.runId, source.id, issues);
    };
    const load = async (batch: BatchItem[]) => {
      const outcomes = await loadIsolated(
        { sql: tx, runId: run.runId, sourceId: source.id, actor: run.actor, actorRole: run.actorRole, requestId: run.requestId, cipher: deps.cipher, matcher: deps.matcher, state, timings: deps.timings, injectFault: deps.injectFault },
        batch,
      );
      const issues: RecordIssue[] = [];
      batch.forEach((item, i) => {
        counts[outcomes[i]] += 1;
        quality.addResult(item.result, outcomes[i]);
        issues.push(...(item.result.ok ? item.result.record.issues : item.result.issues));
      });
      quality.addIssues(issues);
      await writeIssues(issues);
      progress(batch.length);
    };
    const batches = processedBatches(hashedStream(deps.files ? deps.files.reader(source.storedPath) : createReadStream(source.storedPath), fileHash), descriptor, deps, () => (extracted += 1));
    // One batch is read and processed ahead while the previous one is being written: the CPU
    // work of parsing and normalising overlaps the database's work instead of waiting for it.
    let next = batches.next();
    for (;;) {
      const current = await next;
      if (current.done) break;
      next = batches.next();
      // A failed read-ahead is reported by the `await next` above on the following turn.
      next.catch(() => {});
      await load(current.value);
    }
    // A file in which nothing could be read is never a success: it would reset the
    // reconciliation baseline to zero records. An empty list where the kind keeps its records
    // (`{"data": []}`) is a delivery of nothing, and stays one.
    if (extracted === 0 && !looksLike) throw new SourceParseError(descriptor.fileName, {}, `no ${SOURCE_ADAPTERS[descriptor.kind].recordNoun} records could be read from this ${descriptor.kind} file`, 'NO_RECORDS');
    const started = performance.now();
    const { reconciliation, issues } = await reconcile(tx, { id: source.id, kind: descriptor.kind, fileName: descriptor.fileName });
    deps.timings?.add('report', started);
    quality.addIssues(issues);
    await writeIssues(issues);
    const finish = { counts, extracted, kind: descriptor.kind, fileHash: fileHash.digest('hex'), reconciliation, quality: quality.report() };
    if (!run.dryRun) await markSucceeded(tx, source.id, finish);
    return finish;
  };

  try {
    return { status: 'SUCCEEDED', finish: await sql.transaction(work), issues: keptIssues };
  } catch (error) {
    if (!(error instanceof SourceParseError)) throw error;
    // Features read or changed by the rolled-back part may describe facilities that do not exist.
    state.features.clear();
    deps.log?.('warn', 'source failed to parse', { runId: run.runId, fileName: source.fileName, error: error.message });
    return { status: 'FAILED', error: error.message, issues: [error.toIssue()], kind: descriptor.kind };
  }
}

/** A WRONG_KIND issue when the content's structure is that of another kind than the one declared. */
function kindMismatch(looksLike: SourceKind[] | undefined, descriptor: SourceDescriptor): RecordIssue | undefined {
  if (!looksLike || looksLike.includes(descriptor.kind)) return undefined;
  return {
    code: 'WRONG_KIND',
    severity: 'ERROR',
    message: `${descriptor.fileName} was declared as ${descriptor.kind} (by its name or the stated kind), but its content looks like ${looksLike.join(' or ')}. Nothing of it was loaded; rename the file or state the right kind.`,
    fileName: descriptor.fileName,
  };
}

/** Records processed between two looks at the event loop (~0.3 ms each on a slow core). */
const YIELD_EVERY = 16;

/** The delivery's records, validated, normalised and placed, in batches. */
async function* processedBatches(
  input: Readable,
  descriptor: SourceDescriptor,
  deps: ImportDeps,
  counted: () => void,
): AsyncGenerator<BatchItem[]> {
  const { timings } = deps;
  const size = deps.batchSize ?? 1000;
  let batch: BatchItem[] = [];
  let mark = performance.now();
  const processing = { geography: deps.geography, keyed: keyedDigestWith(deps.cipher), vocabulary: deps.vocabulary };
  for await (const raw of extractRecords(input, descriptor)) {
    if (timings) mark = timings.add('extract', mark);
    counted();
    batch.push({ raw, result: processedOrFailed(raw, processing, deps) });
    if (timings) mark = timings.add('process', mark);
    // This runs ahead, between the steps of the batch being loaded: a database reply that
    // arrives meanwhile is handled after a few records, not after a whole chunk of the file,
    // so the server is not left idle while Node processes.
    if (batch.length % YIELD_EVERY === 0) {
      await setImmediate();
      mark = performance.now();
    }
    if (batch.length >= size) {
      yield batch;
      batch = [];
      mark = performance.now();
    }
  }
  if (batch.length) yield batch;
}

/** A record whose processing throws is marked and left out; the file goes on. */
function processedOrFailed(raw: RawRecord, processing: ProcessDependencies, deps: ImportDeps): RecordResult {
  try {
    deps.injectFault?.('process', raw);
    return processRecord(raw, processing);
  } catch (error) {
    deps.log?.('warn', 'record failed to process', { fileName: raw.fileName, pointer: raw.pointer, error: (error as Error).message?.slice(0, 300) });
    return recordFailure(raw, 'process', error);
  }
}

async function recordResult(sql: Sql, runId: string, source: SourceRow, result: SourceResult): Promise<void> {
  if (result.status === 'FAILED') {
    await finishFailed(sql, runId, source, result.issues, result.error, result.kind);
    return;
  }
  await sql.transaction(async (tx) => {
    await insertIssues(tx, runId, source.id, result.issues);
    await markSucceeded(tx, source.id, result.finish);
  });
}

async function markSucceeded(sql: Sql, sourceId: string, f: Finish): Promise<void> {
  await sql.query(
    `UPDATE "ImportSource" SET status = 'SUCCEEDED', counts = $2::jsonb, extracted = $3, kind = $4::"SourceKind",
            "fileHash" = $5, reconciliation = $6::jsonb, "qualityReport" = $7::jsonb, "finishedAt" = now() WHERE id = $1::uuid`,
    [sourceId, JSON.stringify(f.counts), f.extracted, f.kind, f.fileHash, JSON.stringify(f.reconciliation), JSON.stringify(f.quality)],
  );
}

async function finishFailed(sql: Sql, runId: string, source: SourceRow, issues: RecordIssue[], error: string, kind?: SourceKind): Promise<void> {
  await sql.transaction(async (tx) => {
    await insertIssues(tx, runId, source.id, issues);
    await tx.query(
      `UPDATE "ImportSource" SET status = 'FAILED', error = $2, kind = COALESCE($3::"SourceKind", kind), "finishedAt" = now() WHERE id = $1::uuid`,
      [source.id, error, kind ?? null],
    );
  });
}

export async function insertIssues(sql: Sql, runId: string, sourceId: string, issues: RecordIssue[]): Promise<void> {
  await insertRows(
    sql,
    'RecordIssue',
    [
      { name: 'id', type: 'uuid' }, { name: 'importRunId', type: 'uuid' }, { name: 'importSourceId', type: 'uuid' },
      { name: 'code', type: 'text' }, { name: 'severity', type: 'IssueSeverity' }, { name: 'message', type: 'text' },
      { name: 'field', type: 'text' }, { name: 'fileName', type: 'text' }, { name: 'pointer', type: 'text' },
    ],
    issues.map((i) => [randomUUID(), runId, sourceId, i.code, i.severity, i.message, i.field ?? null, i.fileName, i.pointer ?? null]),
  );
}

/** The file's bytes as the extractor reads them, hashed on the way through: one read, not two. */
function hashedStream(file: Readable, hash: Hash): Readable {
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  pipeline(file, tap).catch((error: Error) => tap.destroy(error));
  return tap;
}
