// Matching as the importer runs it, in memory: records in delivery order, each compared with
// the earlier records that share a blocking key, then merged into a cluster, linked to one for
// review, or left as a new facility.
//
// The work is split in two so that thresholds can be swept cheaply: which earlier records a
// record is compared with, and their scores, do not depend on the thresholds (every earlier
// record is in the index whatever became of it); only the clustering replay does.
import { createMatcher } from '../../src/ingest/match/default-matcher.js';
import type { MatchDecision, MatchFeatures, MatchThresholds, PairScore } from '../../src/ingest/match/features.js';
import { createInMemoryMatchIndex, type SkippedBlock } from '../../src/ingest/match/in-memory-index.js';
import { compareIdentifiers, scorePair } from '../../src/ingest/match/score.js';

export interface ScoredCandidate {
  /** Index of the earlier record in the input order. */
  index: number;
  score: PairScore;
}

export interface CandidateScores {
  /** Per record, its scored earlier candidates worth remembering (see `keepAbove`). */
  perRecord: ScoredCandidate[][];
  /** Pairs scored in all. */
  compared: number;
  milliseconds: number;
  /** CPU time of the process (user + system): steadier than wall time on a busy machine. */
  cpuMilliseconds: number;
  skippedBlocks: SkippedBlock[];
}

function cpuMilliseconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface ScoreOptions {
  blockCap?: number;
  /**
   * Scores below this are forgotten after being computed: no sane review threshold is that low,
   * and keeping them would hold millions of pairs in memory. Pairs sharing an identifier are
   * always kept (they merge whatever their score).
   */
  keepAbove?: number;
}

export function scoreCandidates(records: readonly MatchFeatures[], options: ScoreOptions = {}): CandidateScores {
  const keepAbove = options.keepAbove ?? 0.01;
  const index = createInMemoryMatchIndex({ blockCap: options.blockCap });
  const position = new Map<string, number>();
  const perRecord: ScoredCandidate[][] = [];
  let compared = 0;
  const started = performance.now();
  const cpuStarted = cpuMilliseconds();
  records.forEach((record, i) => {
    const kept: ScoredCandidate[] = [];
    for (const candidate of index.candidates(record)) {
      const score = scorePair(record, candidate);
      compared++;
      if (score.score >= keepAbove || score.features.sharedIdentifier) {
        kept.push({ index: position.get(candidate.id) ?? -1, score });
      }
    }
    perRecord.push(kept);
    index.add(record);
    position.set(record.id, i);
  });
  return {
    perRecord,
    compared,
    milliseconds: performance.now() - started,
    cpuMilliseconds: cpuMilliseconds() - cpuStarted,
    skippedBlocks: index.skippedBlocks(),
  };
}

export interface Clustering {
  /** Cluster of each record, by input index. */
  clusterOf: string[];
  /** Review candidates as [new record's cluster, existing cluster]. */
  reviewLinks: Array<readonly [string, string]>;
  decisions: Record<MatchDecision, number>;
  /** Merges decided by a shared identifier rather than by score. */
  identifierMerges: number;
  milliseconds: number;
  cpuMilliseconds: number;
}

/**
 * What a record is compared with inside a cluster: every record merged into it so far
 * (`members`, as if the registry kept each source's spelling), or only the record that created
 * it (`first`: the importer's view inside one batch, where a facility is its first record).
 * Across batches the importer compares with the facility survivorship derives from all its
 * records (one name, every contact and code), which lies between the two.
 */
export type ClusterView = 'members' | 'first';

/**
 * Replays the importer's decisions (src/ingest/load/load-batch.ts) with its matcher: for each
 * record, first a cluster sharing an external identifier of the same kind — merged, unless
 * the matcher finds the two records contradict each other, then reviewed; else the cluster of
 * its best-scoring candidate, decided by the thresholds. A merge into a cluster holding a
 * different code of a kind the record also has is downgraded to review, as it would be against
 * the facility, which carries the codes of all its records.
 */
export function assignClusters(
  records: readonly MatchFeatures[],
  scores: CandidateScores,
  thresholds: MatchThresholds,
  view: ClusterView = 'members',
): Clustering {
  const started = performance.now();
  const cpuStarted = cpuMilliseconds();
  const matcher = createMatcher(thresholds);
  const clusterOf: string[] = [];
  const members = new Map<string, number[]>();
  const reviewLinks: Array<readonly [string, string]> = [];
  const decisions: Record<MatchDecision, number> = { merge: 0, review: 0, distinct: 0 };
  let identifierMerges = 0;

  const conflictsWithCluster = (record: MatchFeatures, cluster: string) =>
    (members.get(cluster) ?? []).some((m) => compareIdentifiers(record, records[m]).conflicting !== undefined);
  const visible = (candidate: ScoredCandidate) => view === 'members' || clusterOf[candidate.index] === `c${candidate.index}`;

  records.forEach((record, i) => {
    const candidates = scores.perRecord[i];
    let target: string | undefined;
    let decision: MatchDecision = 'distinct';

    const byIdentifier = candidates.find((c) => c.score.features.sharedIdentifier);
    if (byIdentifier) {
      target = clusterOf[byIdentifier.index];
      decision = matcher.contradicts(record, records[byIdentifier.index], byIdentifier.score) ? 'review' : 'merge';
      if (decision === 'merge') identifierMerges++;
    } else {
      let best: ScoredCandidate | undefined;
      for (const candidate of candidates) {
        if (visible(candidate) && (!best || candidate.score.score > best.score.score)) best = candidate;
      }
      if (best) {
        target = clusterOf[best.index];
        decision = matcher.decide(best.score);
        if (decision === 'merge' && conflictsWithCluster(record, target)) decision = 'review';
      }
    }

    decisions[decision]++;
    const own = decision === 'merge' && target !== undefined ? target : `c${i}`;
    clusterOf.push(own);
    const list = members.get(own);
    if (list) list.push(i);
    else members.set(own, [i]);
    if (decision === 'review' && target !== undefined) reviewLinks.push([own, target]);
  });
  return {
    clusterOf,
    reviewLinks,
    decisions,
    identifierMerges,
    milliseconds: performance.now() - started,
    cpuMilliseconds: cpuMilliseconds() - cpuStarted,
  };
}
