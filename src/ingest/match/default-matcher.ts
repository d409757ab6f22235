// The matcher the importer runs with: blocking and scoring from this folder, thresholds from
// configuration (defaults chosen on the labelled evaluation, bench/dedup/README.md).
import { DEFAULT_BLOCK_CAP, indexKeys, queryKeys } from './blocking.js';
import { decide, DEFAULT_THRESHOLDS } from './decide.js';
import type { MatchThresholds } from './features.js';
import type { Matcher } from './matcher.js';
import { pairScoreValueReaching, scorePair } from './score.js';

/** Records sharing an identifier this far apart are not taken for one facility without a look. */
const CONTRADICTION_KM = 50;

export function createMatcher(thresholds: MatchThresholds = DEFAULT_THRESHOLDS): Matcher {
  return {
    indexKeys,
    queryKeys,
    maxBlockSize: DEFAULT_BLOCK_CAP,
    score: (a, b) => scorePair(a, b),
    rankValue: (a, b) => pairScoreValueReaching(a, b, thresholds.review),
    decide: (s) => decide(s, thresholds),
    contradicts: (a, b, s) =>
      // Another kind of identifier that differs (same MFL code, different police station code).
      s.features.conflictingIdentifier !== undefined ||
      a.countyCode !== b.countyCode ||
      s.features.type <= 0.2 ||
      (s.features.distanceKm !== undefined && s.features.distanceKm > CONTRADICTION_KM),
  };
}
