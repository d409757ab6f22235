// The match + load step for one batch of processed records, inside the source's transaction.
// Decides each record's outcome, then writes the batch with a constant number of statements.
//
// Outcomes:
//   UNCHANGED  the source key was loaded before with the same content hash;
//   UPDATED    the source key was loaded before and its content changed;
//   MERGED     a new key that is the same facility as one already known (shared external
//              identifier, the same key twice in one delivery, or a confident fuzzy match);
//              a key repeated in one delivery also carries a DUPLICATE_SOURCE_KEY issue;
//   FLAGGED    loaded as a new facility, with a duplicate candidate opened for a person to judge
//              (an uncertain fuzzy match, or an identifier shared by records that contradict it);
//   INSERTED   a new facility;
//   REJECTED   the record failed validation or could not be placed in Kenya (its issues say why).
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/database.js';
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import type { MatchDecision, MatchFeatures, PairScore } from '../match/features.js';
import { ranksAbove } from '../match/decide.js';
import { shareNameProfile } from '../match/score.js';
import type { Matcher } from '../match/matcher.js';
import { matchFeatures, withId } from '../match/record-features.js';
import type { CanonicalRecord, RawRecord, RecordOutcome, RecordResult } from '../record.js';
import { readRebuild, writeRebuild } from '../merge/rebuild.js';
import { derivedAsRecord } from './derived-record.js';
import { childChanges, derivedChildren, shownChildren } from './facility-children.js';
import { unusedFacilityCodes } from './facility-code.js';
import type { StageTimings } from '../stage-timings.js';
import type { FaultInjector } from '../failures/record-failure.js';
import { FeatureCache } from './feature-cache.js';
import { IDENTIFIERS, facilityLabel, giveUpHeldCodes, heldElsewhere } from './identifier-conflicts.js';
import { PlannerStatistics } from './planner-statistics.js';
import { protectPayload } from './protect-payload.js';
import { repeatedKeyIssue } from './repeated-key.js';
import { pipelined } from './statement-pipeline.js';
import {
  facilitiesByBlockKeys,
  facilitiesByIdentifiers,
  facilityCodesInUse,
  facilityFeatures,
  insertAuditEvents,
  insertCandidates,
  insertFacilities,
  insertSourceRecords,
  placedThisRun,
  previousRecords,
  replaceBlockKeys,
  replaceChildren,
  sourceKeyId,
  type AuditRow,
  type CandidateRow,
  type PlacedRecord,
  type SourceRecordRow,
} from './registry.js';
import { deriveFacility, type FacilityValues } from './survivorship.js';

export interface LoadContext {
  sql: Sql;
  runId: string;
  sourceId: string;
  actor: string;
  actorRole?: string | null;
  requestId?: string | null;
  cipher: PersonalDataCipher;
  matcher: Matcher;
  /** Remembered across the batches of one run. */
  state: RunState;
  timings?: StageTimings;
  /** Tests only: makes chosen records fail while they are matched or written. */
  injectFault?: FaultInjector;
}

/**
 * What one run keeps across its batches. Which facility each source key of the run went to is
 * not among it: the run's own SourceRecord rows answer that (previousRecords), so memory does
 * not grow with the size of the delivery.
 */
export interface RunState {
  /** Refreshed as the run grows the registry, so each batch's lookups are planned right. */
  statistics: PlannerStatistics;
  /** Registry facilities' match features, read once and forgotten when the run changes them. */
  features: FeatureCache;
}

/** `featureCacheSize`: 0 (the default) reads every batch's candidate features from the database. */
export function newRunState(options: { featureCacheSize?: number } = {}): RunState {
  return { statistics: new PlannerStatistics(), features: new FeatureCache(options.featureCacheSize ?? 0) };
}

export interface BatchItem {
  raw: RawRecord;
  result: RecordResult;
  /** When reprocessing: the stored record this one was read again from (its lineage). */
  reprocessedFromId?: string;
}


export async function loadBatch(ctx: LoadContext, items: BatchItem[]): Promise<RecordOutcome[]> {
  const { sql, matcher, state } = ctx;
  const matchStarted = performance.now();
  if (ctx.injectFault) for (const item of items) ctx.injectFault('match', item.raw);
  const outcomes: RecordOutcome[] = new Array(items.length);
  const recordRows: SourceRecordRow[] = [];
  const reprocessedFrom = new Map(items.flatMap((item) => (item.reprocessedFromId ? [[item.raw, item.reprocessedFromId] as const] : [])));
  const row = (raw: RawRecord, outcome: RecordOutcome, facilityId: string | null, r?: CanonicalRecord, keepNormalised = true): SourceRecordRow => ({
    importRunId: ctx.runId,
    importSourceId: ctx.sourceId,
    kind: raw.kind,
    fileName: raw.fileName,
    pointer: raw.pointer,
    sourceKey: r?.sourceKey ?? `rejected:${raw.pointer}`,
    contentHash: r?.contentHash ?? '',
    payload: protectPayload(raw.payload, ctx.cipher),
    normalised: r && keepNormalised ? r : null,
    outcome,
    facilityId,
    reprocessedFromId: reprocessedFrom.get(raw) ?? null,
  });

  const accepted = items.flatMap((item, index) => (item.result.ok ? [{ index, raw: item.raw, record: item.result.record }] : []));
  const keys = accepted.map((a) => a.record);
  // Each key's latest delivery before this run, and the keys this run's earlier batches and
  // sources placed: a key's repeat is compared with the last delivery, not with its own first line.
  const [previous, placedBefore] = await Promise.all([previousRecords(sql, keys, ctx.runId), placedThisRun(sql, keys, ctx.runId)]);
  // Keys this batch has placed so far: the same key twice in one batch.
  const placed = new Map<string, PlacedRecord>();

  // Registry facilities the batch's new keys could match: by shared identifier, then by blocking key.
  const fresh = accepted.filter((a) => {
    const key = sourceKeyId(a.record.kind, a.record.sourceKey);
    return !previous.has(key) && !placedBefore.has(key);
  });
  // Every record's codes, redelivered ones too: an update must not take a code another facility holds.
  const byIdentifier = await facilitiesByIdentifiers(sql, accepted.map((a) => a.record));
  // Each new record's features and lookup keys, computed once: analysing a name is not cheap.
  const lookups = new Map(fresh.map((a) => {
    const features = matchFeatures('', a.record);
    return [a.record, { features, keys: matcher.queryKeys(features) }];
  }));
  const blockQuery = [...new Set([...lookups.values()].flatMap((l) => l.keys))];
  const readStarted = performance.now();
  const registryBlocks = await facilitiesByBlockKeys(sql, blockQuery, matcher.maxBlockSize);
  const known = new Map<string, MatchFeatures>(byIdentifier.map((f) => [f.id, f]));
  const candidates = [...new Set([...registryBlocks.values()].flat())].filter((id) => !known.has(id));
  for (const f of await state.features.features(candidates, (missing) => facilityFeatures(sql, missing))) known.set(f.id, f);
  ctx.timings?.addCandidates(readStarted, candidates.length);
  const identifierIndex = new Map<string, string>();
  for (const f of byIdentifier) for (const c of IDENTIFIERS) if (f.identifiers[c]) identifierIndex.set(`${c}:${f.identifiers[c]}`, f.id);

  // Facilities created by this batch, indexed like the registry so later records can match them.
  const created = new Map<string, CanonicalRecord[]>();
  const batchIndex = new Map<string, Set<string>>();
  const batchFeatures = new Map<string, MatchFeatures>();
  const touched = new Set<string>();
  const reviews: CandidateRow[] = [];
  /** New facilities withheld as possible public twins of a shelter (withConfidentiality). */
  const twins: string[] = [];
  const describe = facilityLabel((id) => known.get(id) ?? batchFeatures.get(id));
  /** A record going to `target` gives up the codes other facilities hold: FLAGGED, with a review per holder. */
  const conflictsWith = (r: CanonicalRecord, target: string, why: string): boolean => {
    const holders = heldElsewhere(r, target, identifierIndex);
    if (holders.length === 0) return false;
    giveUpHeldCodes(r, holders, describe, { facilityId: target, why });
    const features = matchFeatures('', r);
    for (const other of new Set(holders.map((h) => h.facilityId))) {
      const f = known.get(other) ?? batchFeatures.get(other);
      const score = f ? matcher.score(features, f) : { score: 0, features: {} };
      reviews.push({ facilityAId: target, facilityBId: other, score: score.score, features: { ...score.features, conflictingIdentifier: 'identifiers held by different facilities' }, importRunId: ctx.runId });
    }
    return true;
  };

  const attachNew = (r: CanonicalRecord, features: MatchFeatures): string => {
    const id = randomUUID();
    created.set(id, [r]);
    // The record's identifiers as they are now: a flagged record gives up the codes it shared.
    const f = withId(features, id, r.identifiers);
    batchFeatures.set(id, f);
    for (const c of IDENTIFIERS) if (r.identifiers[c]) identifierIndex.set(`${c}:${r.identifiers[c]}`, id);
    for (const key of matcher.indexKeys(f)) {
      const set = batchIndex.get(key) ?? new Set<string>();
      set.add(id);
      batchIndex.set(key, set);
    }
    return id;
  };
  const attachTo = (facilityId: string, r: CanonicalRecord) => {
    const batch = created.get(facilityId);
    if (batch) batch.push(r);
    else touched.add(facilityId);
  };

  for (const { index, raw, record: r } of accepted) {
    const key = sourceKeyId(r.kind, r.sourceKey);
    const prev = previous.get(key);
    const unchanged = prev?.contentHashes.includes(r.contentHash) ?? false;
    const earlier = placed.get(key) ?? placedBefore.get(key);
    if (earlier) {
      // The same key again in one delivery: one facility described twice, and reported
      // (repeated-key.ts). Compared with the last delivery like any record, so delivering the
      // file again leaves it UNCHANGED instead of letting whichever line came last win.
      r.issues.push(repeatedKeyIssue(r, earlier));
      const conflicting = !unchanged && conflictsWith(r, earlier.facilityId, 'The record describes again');
      const outcome: RecordOutcome = conflicting ? 'FLAGGED' : unchanged ? 'UNCHANGED' : prev ? 'UPDATED' : 'MERGED';
      outcomes[index] = outcome;
      if (!unchanged) attachTo(earlier.facilityId, r);
      recordRows.push(row(raw, outcome, earlier.facilityId, r, !unchanged));
      continue;
    }
    const placeAt = (facilityId: string) => placed.set(key, { facilityId, fileName: r.fileName, pointer: r.pointer });
    if (prev && unchanged) {
      // An unchanged record keeps its first delivery as the one survivorship reads, so a
      // re-import cannot reorder which source wins.
      outcomes[index] = 'UNCHANGED';
      placeAt(prev.facilityId);
      recordRows.push(row(raw, 'UNCHANGED', prev.facilityId, r, false));
      continue;
    }
    if (prev) {
      const outcome = conflictsWith(r, prev.facilityId, 'The record updates') ? 'FLAGGED' : 'UPDATED';
      outcomes[index] = outcome;
      placeAt(prev.facilityId);
      attachTo(prev.facilityId, r);
      recordRows.push(row(raw, outcome, prev.facilityId, r));
      continue;
    }

    const { features, keys } = lookups.get(r)!;
    const confidentialAsDelivered = r.confidentialLocation;
    // Candidates: facilities sharing a blocking key with this record, from the registry and
    // from earlier records of this batch; never the whole batch.
    const pool = new Map<string, MatchFeatures>();
    for (const k of keys) {
      for (const id of registryBlocks.get(k) ?? []) {
        const f = known.get(id);
        if (f) pool.set(id, f);
      }
      for (const id of batchIndex.get(k) ?? []) pool.set(id, batchFeatures.get(id)!);
    }
    for (const c of IDENTIFIERS) {
      const id = r.identifiers[c] ? identifierIndex.get(`${c}:${r.identifiers[c]}`) : undefined;
      if (id) pool.set(id, (known.get(id) ?? batchFeatures.get(id))!);
    }

    // Deterministic first: a shared external identifier of the same kind is the same facility…
    const sharing = [...pool.values()].filter((f) => IDENTIFIERS.some((c) => r.identifiers[c] && f.identifiers[c] === r.identifiers[c]));
    let target: string | undefined;
    let outcome: RecordOutcome = 'INSERTED';
    const flaggedAgainst: { other: string; score: PairScore }[] = [];
    // …unless the records contradict it strongly, or the record's codes belong to two different
    // facilities: then a person decides, and the new record takes none of the codes it shares
    // (each is unique in the registry).
    const flagAgainst = (others: MatchFeatures[], why: string) => {
      for (const other of others) {
        for (const c of IDENTIFIERS) if (r.identifiers[c] && r.identifiers[c] === other.identifiers[c]) r.identifiers = { ...r.identifiers, [c]: undefined };
        const score = matcher.score(features, other);
        flaggedAgainst.push({ other: other.id, score: { ...score, features: { ...score.features, conflictingIdentifier: why } } });
      }
      outcome = 'FLAGGED';
    };
    if (sharing.length > 1) {
      giveUpHeldCodes(r, heldElsewhere(r, undefined, identifierIndex), describe);
      flagAgainst(sharing, 'identifiers held by different facilities');
    } else if (sharing.length === 1) {
      const [sameId] = sharing;
      const score = matcher.score(features, sameId);
      if (matcher.contradicts(features, sameId, score)) flagAgainst(sharing, 'shared identifier, contradicting records');
      else {
        target = sameId.id;
        outcome = 'MERGED';
      }
    } else {
      // Candidates that cannot reach review are left out: below it every decision is 'distinct'.
      let best: { f: MatchFeatures; value: number } | undefined;
      for (const f of pool.values()) {
        const value = matcher.rankValue(features, f);
        if (value !== undefined && (!best || ranksAbove(value, f, best.value, best.f))) best = { f, value };
      }
      const score = best && matcher.score(features, best.f);
      const decision = score ? withConfidentiality(matcher.decide(score), r, features, best!.f) : 'distinct';
      if (best && decision === 'merge') {
        target = best.f.id;
        outcome = 'MERGED';
      } else if (best && score && decision === 'review') {
        outcome = 'FLAGGED';
        flaggedAgainst.push({ other: best.f.id, score });
      }
    }

    const facilityId = target ?? attachNew(r, features);
    if (r.confidentialLocation && !confidentialAsDelivered) twins.push(facilityId);
    if (target) attachTo(target, r);
    for (const review of flaggedAgainst) reviews.push({ facilityAId: facilityId, facilityBId: review.other, score: review.score.score, features: review.score.features, importRunId: ctx.runId });
    placeAt(facilityId);
    outcomes[index] = outcome;
    recordRows.push(row(raw, outcome, facilityId, r));
  }

  items.forEach((item, index) => {
    if (!item.result.ok) {
      outcomes[index] = 'REJECTED';
      recordRows.push(row(item.raw, 'REJECTED', null));
    }
  });

  const loadStarted = ctx.timings?.add('match', matchStarted) ?? 0;
  // Records now attach to these facilities: their features change with the rebuild.
  state.features.forget(touched);
  await writeBatch(ctx, created, batchFeatures, touched, recordRows, reviews);
  // Pinned as an engineer's setConfidentialLocation would be, so that neither a reviewer's
  // NOT_DUPLICATE nor a newer delivery of the record publishes it: only an engineer lifts it.
  if (twins.length > 0) {
    await sql.query(`UPDATE "Facility" SET overrides = overrides || '{"confidentialLocation": true}'::jsonb WHERE id = ANY($1::uuid[])`, [twins]);
  }
  await state.statistics.afterBatch(sql, items.length);
  ctx.timings?.add('load', loadStarted);
  return outcomes;
}

async function writeBatch(
  ctx: LoadContext,
  created: Map<string, CanonicalRecord[]>,
  /** The features each new facility was matched with: its stored keys reuse their analysed name. */
  matchedAs: Map<string, MatchFeatures>,
  touched: Set<string>,
  recordRows: SourceRecordRow[],
  candidates: CandidateRow[],
): Promise<void> {
  const { sql, cipher, matcher } = ctx;
  const now = new Date();
  const audit: AuditRow[] = [];
  const base = { actor: ctx.actor, actorRole: ctx.actorRole, requestId: ctx.requestId, importRunId: ctx.runId, entityType: 'Facility' };

  const codes = await unusedFacilityCodes(created.size, (proposed) => facilityCodesInUse(sql, proposed));
  await pipelined(async (send) => {
    const newFacilities = [...created].map(([id, records], i) => ({
      id,
      code: codes[i],
      derived: deriveFacility(records.map((record) => ({ record, seenAt: now }))),
    }));
    await send(() => insertFacilities(sql, newFacilities, ctx.actor));
    await send(() => insertSourceRecords(sql, recordRows, cipher));
    if (ctx.injectFault) for (const r of recordRows) ctx.injectFault('write', r);
    // Existing facilities are rebuilt from all the records that now describe them. Their reads
    // queue behind this batch's records and run while Node prepares the new facilities' rows.
    const reading = readRebuild(sql, [...touched], cipher);
    reading.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
    await send(() => replaceChildren(sql, newFacilities, cipher, false));
    for (const f of newFacilities) {
      audit.push({ ...base, action: 'FACILITY_CREATED', entityId: f.id, after: { code: f.code, ...f.derived.values, ...shownChildren(derivedChildren(f.derived, cipher)) } });
    }
    // Every new facility was matched under features of its own (attachNew), name analysed.
    const storedFeatures = (f: (typeof newFacilities)[number]) => shareNameProfile(matchedAs.get(f.id)!, matchFeatures(f.id, derivedAsRecord(f.derived)));
    await send(() => replaceBlockKeys(sql, newFacilities.map((f) => ({ facilityId: f.id, keys: matcher.indexKeys(storedFeatures(f)) })), false));

    const rebuilt = await writeRebuild(sql, await reading, { cipher, matcher }, ctx.actor, send);
    // One entry per changed facility: its values, services, contacts and persons together.
    for (const [id, { before, after, children }] of rebuilt) {
      const diff = changedValues(before, after);
      const childDiff = childChanges(children.before, children.after);
      if (diff || Object.keys(childDiff.after).length) {
        audit.push({ ...base, action: 'FACILITY_UPDATED', entityId: id, before: { ...diff?.before, ...childDiff.before }, after: { ...diff?.after, ...childDiff.after } });
      }
    }
    await send(() => insertCandidates(sql, candidates));
    await send(() => insertAuditEvents(sql, audit));
  });
}

export function changedValues(before: FacilityValues | undefined, after: FacilityValues): { before: Partial<FacilityValues>; after: Partial<FacilityValues> } | undefined {
  if (!before) return undefined;
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof FacilityValues)[]) {
    const x = before[key] ?? null;
    const y = after[key] ?? null;
    if (String(x) !== String(y)) {
      b[key] = x;
      a[key] = y;
    }
  }
  return Object.keys(a).length ? { before: b as Partial<FacilityValues>, after: a as Partial<FacilityValues> } : undefined;
}

/**
 * A record and a facility on different sides of confidentiality are never merged without a
 * person (ADR 0007): merged into a shelter, a public record's coordinates would become the
 * shelter's. A record that may be a shelter's public twin is withheld as the shelter is, and so
 * is its new facility, built from it, until a DATA_ENGINEER lifts it.
 */
function withConfidentiality(decision: MatchDecision, record: CanonicalRecord, features: MatchFeatures, candidate: MatchFeatures): MatchDecision {
  if (decision === 'distinct') return decision;
  if (candidate.confidential && !record.confidentialLocation) {
    record.confidentialLocation = true;
    features.confidential = true;
    return 'review';
  }
  return decision === 'merge' && Boolean(candidate.confidential) !== record.confidentialLocation ? 'review' : decision;
}
