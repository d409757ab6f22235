// What matching compares: the same shape for a record being imported and for a facility
// already in the registry, so one scorer serves both.
import type { ExternalIdentifiers, FacilityType } from '../record.js';

export interface MatchFeatures {
  /** Facility id for registry entries; `record:<pointer>` style id for records of the current import. */
  id: string;
  name: string;
  /** Lower-case, accent-free, abbreviations expanded. */
  searchName: string;
  type: FacilityType;
  countyCode: string;
  constituencyCode?: string;
  wardCode?: string;
  latitude?: number;
  longitude?: number;
  /** E.164 phones and hotline codes. */
  phones: string[];
  emails: string[];
  identifiers: ExternalIdentifiers;
  /**
   * Whether its location is confidential (a shelter). Not scored: it decides only that a record
   * and a facility on different sides of it are joined by a person, never automatically.
   */
  confidential?: boolean;
}

export interface FeatureScore {
  /** Name similarity after down-weighting very common words, 0..1. */
  name: number;
  type: number;
  /** Kilometres between the two points, when both have one. */
  distanceKm?: number;
  sharedPhone: boolean;
  sharedEmail: boolean;
  sameWard?: boolean;
  sameConstituency?: boolean;
  /** An external identifier both have and that differs: strong evidence of two facilities. */
  conflictingIdentifier?: string;
  /** An external identifier of the same kind both have, equal: the pair is the same facility. */
  sharedIdentifier?: string;
  sameCounty?: boolean;
  /**
   * Differences in the common words that tell facilities apart even when the rest of the name
   * agrees: level (`health centre ≠ dispensary`), scope (`county ≠ sub-county`), direction
   * (`west ≠ north`).
   */
  nameConflicts?: NameConflictFeature[];
  /** Identifying words of one name missing from the other (a branch's place, "Children's"). */
  unmatchedWords?: string[];
  /** Each feature's contribution to the score, in log-odds: why the pair scored what it did. */
  evidence?: Evidence[];
}

export interface NameConflictFeature {
  kind: 'designator' | 'scope' | 'qualifier';
  description: string;
  strength: 'strong' | 'moderate' | 'weak';
}

export interface Evidence {
  feature: string;
  /** Positive: for the same facility; negative: for two facilities. */
  logOdds: number;
}

export interface PairScore {
  score: number;
  features: FeatureScore;
}

export type MatchDecision = 'merge' | 'review' | 'distinct';

export interface MatchThresholds {
  /** At or above: merge automatically. */
  autoMerge: number;
  /** At or above (and below autoMerge): open a duplicate candidate for review. */
  review: number;
}

