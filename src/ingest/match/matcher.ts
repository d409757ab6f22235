// The matcher the load stage uses: blocking keys, pair scores and the two-threshold decision,
// behind one small interface so the loader does not depend on how scoring works.
import type { MatchDecision, MatchFeatures, MatchThresholds, PairScore } from './features.js';

export interface Matcher {
  /** Keys stored for a registry facility. */
  indexKeys(f: MatchFeatures): string[];
  /** Keys to look up for a record. */
  queryKeys(f: MatchFeatures): string[];
  /** A block with more members than this is too common to tell anything and is skipped. */
  maxBlockSize: number;
  score(a: MatchFeatures, b: MatchFeatures): PairScore;
  /**
   * `score(a, b).score` without the evidence, for ranking candidates; undefined when the pair
   * cannot reach the review threshold, since no decision then depends on its score.
   */
  rankValue(a: MatchFeatures, b: MatchFeatures): number | undefined;
  decide(s: PairScore): MatchDecision;
  /** True when two records sharing an identifier disagree too much to be merged blindly. */
  contradicts(a: MatchFeatures, b: MatchFeatures, s: PairScore): boolean;
}

export type { MatchThresholds };
