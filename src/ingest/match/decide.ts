// From a score to a decision, and from a record and its candidates to the best match.
import type { MatchDecision, MatchFeatures, MatchThresholds, PairScore } from './features.js';
import { compareIdentifiers, pairScoreValue, scorePair } from './score.js';

/**
 * Chosen on the labelled evaluation (bench/dedup/README.md): with these, automatic merges were
 * at least 99.5 % correct and merges plus review candidates found at least 97 % of duplicate
 * pairs, with a review queue under 5 % of records.
 */
export const DEFAULT_THRESHOLDS: MatchThresholds = { autoMerge: 0.9, review: 0.3 };

/**
 * The decision for one scored pair. A pair sharing an external identifier of the same kind is
 * merged whatever its score (authorities assign codes; partners copy them); a pair whose
 * identifiers of one kind differ is never merged automatically, at most reviewed.
 */
export function decide(score: PairScore | number, thresholds: MatchThresholds = DEFAULT_THRESHOLDS): MatchDecision {
  const value = typeof score === 'number' ? score : score.score;
  const features = typeof score === 'number' ? undefined : score.features;
  if (features?.sharedIdentifier && !features.conflictingIdentifier) return 'merge';
  if (value >= thresholds.autoMerge) return features?.conflictingIdentifier ? 'review' : 'merge';
  if (value >= thresholds.review) return 'review';
  return 'distinct';
}

export interface BestMatch {
  candidate: MatchFeatures;
  score: PairScore;
  decision: MatchDecision;
  /** How many candidates were scored (for reports on blocking efficiency). */
  compared: number;
}

/**
 * The candidate most likely to be the same facility as `record`. Identifiers come first: a
 * candidate sharing one (of the same kind, with no other kind conflicting) is the match, as the
 * importer's deterministic step would find it; otherwise the highest score wins, ties broken by
 * `preferredOnTie`. Undefined when there are no candidates.
 */
export function findBestMatch(
  record: MatchFeatures,
  candidates: readonly MatchFeatures[],
  thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
): BestMatch | undefined {
  const others = candidates.filter((candidate) => candidate.id !== record.id);
  for (const candidate of others) {
    const identifiers = compareIdentifiers(record, candidate);
    if (identifiers.shared && !identifiers.conflicting) {
      const score = scorePair(record, candidate);
      return { candidate, score, decision: decide(score, thresholds), compared: 1 };
    }
  }
  let best: { candidate: MatchFeatures; value: number } | undefined;
  for (const candidate of others) {
    const value = pairScoreValue(record, candidate);
    if (!best || ranksAbove(value, candidate, best.value, best.candidate)) best = { candidate, value };
  }
  if (!best) return undefined;
  const score = scorePair(record, best.candidate);
  return { candidate: best.candidate, score, decision: decide(score, thresholds), compared: others.length };
}

/** Whether `candidate`, scoring `score`, beats the best so far: a higher score, or a tie it wins. */
export function ranksAbove(score: number, candidate: MatchFeatures, bestScore: number, best: MatchFeatures): boolean {
  return score > bestScore || (score === bestScore && preferredOnTie(candidate, best));
}

/**
 * Which of two equally scored candidates a record goes to: the one whose features sort first.
 * Candidates arrive in the order of their ids, which are random for registry facilities, so
 * "the first one" would send the same record of the same delivery to a different facility on
 * different runs.
 */
export function preferredOnTie(candidate: MatchFeatures, over: MatchFeatures): boolean {
  return tieKey(candidate) < tieKey(over);
}

// A batch meets the same candidate objects for many of its records, and low
// scores tie often, so each candidate's key is built once.
const tieKeys = new WeakMap<MatchFeatures, string>();

function tieKey(f: MatchFeatures): string {
  let key = tieKeys.get(f);
  if (key === undefined) {
    key = featureKey(f);
    tieKeys.set(f, key);
  }
  return key;
}

function featureKey(f: MatchFeatures): string {
  return [
    f.searchName,
    f.name,
    f.type,
    f.countyCode,
    f.constituencyCode ?? '',
    f.wardCode ?? '',
    f.latitude ?? '',
    f.longitude ?? '',
    JSON.stringify(f.identifiers),
    [...f.phones].sort().join(','),
    [...f.emails].sort().join(','),
    // Only facilities alike in every feature above get here; their ids at least never tie.
    f.id,
  ].join('\u0000');
}
