// One evaluation: a labelled delivery matched as the importer would, measured against truth;
// and the threshold sweep that picks the defaults.
import type { MatchThresholds } from '../../src/ingest/match/features.js';
import type { LabelledDelivery } from './labelled-records.js';
import { pairMetrics, type PairMetrics } from './metrics.js';
import { assignClusters, scoreCandidates, type CandidateScores, type ClusterView } from './run-matching.js';

export interface Evaluation {
  thresholds: MatchThresholds;
  view: ClusterView;
  metrics: PairMetrics;
  /** Records matched (labelled or not). */
  matchedRecords: number;
  lostRecords: number;
  pairsCompared: number;
  pairsPerRecord: number;
  /** Blocking + scoring + clustering, excluding reading and normalising the files. */
  matchingMilliseconds: number;
  /** CPU time of matching: the figure to compare across runs on a shared machine. */
  matchingCpuMilliseconds: number;
  /** CPU microseconds per record. */
  microsecondsPerRecord: number;
  identifierMerges: number;
  skippedBlocks: number;
  largestSkippedBlocks: Array<{ key: string; size: number }>;
}

export function evaluate(
  delivery: LabelledDelivery,
  thresholds: MatchThresholds,
  scores?: CandidateScores,
  view: ClusterView = 'members',
): Evaluation {
  const features = delivery.records.map((r) => r.features);
  const scored = scores ?? scoreCandidates(features);
  const clustering = assignClusters(features, scored, thresholds, view);
  const metrics = pairMetrics(outcomeOf(delivery, clustering.clusterOf, clustering.reviewLinks));
  const matchingMilliseconds = scored.milliseconds + clustering.milliseconds;
  const matchingCpuMilliseconds = scored.cpuMilliseconds + clustering.cpuMilliseconds;
  return {
    thresholds,
    view,
    metrics,
    matchedRecords: features.length,
    lostRecords: delivery.lostRecords,
    pairsCompared: scored.compared,
    pairsPerRecord: features.length === 0 ? 0 : scored.compared / features.length,
    matchingMilliseconds,
    matchingCpuMilliseconds,
    microsecondsPerRecord: features.length === 0 ? 0 : (matchingCpuMilliseconds * 1000) / features.length,
    identifierMerges: clustering.identifierMerges,
    skippedBlocks: scored.skippedBlocks.length,
    largestSkippedBlocks: scored.skippedBlocks.slice(0, 5),
  };
}

function outcomeOf(
  delivery: LabelledDelivery,
  clusters: string[],
  reviewLinks: Array<readonly [string, string]>,
) {
  const entityOf = new Map<string, string>();
  const clusterOf = new Map<string, string>();
  delivery.records.forEach((record, i) => {
    clusterOf.set(record.features.id, clusters[i]);
    if (record.entityId) entityOf.set(record.features.id, record.entityId);
  });
  return { entityOf, clusterOf, reviewLinks, nearMissPairs: delivery.nearMissPairs };
}

/** What the thresholds must achieve (the product's targets for the review workload). */
export const TARGETS = { mergePrecision: 0.995, mergeOrReviewRecall: 0.97, reviewRate: 0.05 } as const;

export function meetsTargets(metrics: PairMetrics): boolean {
  return (
    metrics.mergePrecision >= TARGETS.mergePrecision &&
    metrics.mergeOrReviewRecall >= TARGETS.mergeOrReviewRecall &&
    metrics.reviewRate < TARGETS.reviewRate
  );
}

const AUTO_MERGE_GRID = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];
const REVIEW_GRID = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];

export interface SweepResult {
  rows: Evaluation[];
  /**
   * Of the thresholds meeting every target, those with the most automatic merges (then the
   * shortest queue). The edge of what passes on one generated set, not a recommendation: the
   * defaults keep a margin below it (see README).
   */
  best?: Evaluation;
}

/** Tries every threshold pair of the grid on one set of scores (scoring runs once). */
export function sweepThresholds(delivery: LabelledDelivery): SweepResult {
  const scores = scoreCandidates(delivery.records.map((r) => r.features));
  const rows: Evaluation[] = [];
  for (const autoMerge of AUTO_MERGE_GRID) {
    for (const review of REVIEW_GRID) {
      if (review >= autoMerge) continue;
      rows.push(evaluate(delivery, { autoMerge, review }, scores));
    }
  }
  const passing = rows.filter((row) => meetsTargets(row.metrics));
  passing.sort(
    (x, y) =>
      y.metrics.mergeRecall - x.metrics.mergeRecall ||
      x.metrics.reviewLinks - y.metrics.reviewLinks ||
      y.thresholds.autoMerge - x.thresholds.autoMerge,
  );
  return { rows, best: passing[0] };
}
