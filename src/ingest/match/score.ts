// The probability that two records describe the same facility, from features a person can
// check. Each feature adds log-odds for or against (a Fellegi-Sunter style sum of evidence);
// the sum goes through a logistic to give a 0..1 score. Every contribution is kept in
// `features.evidence`, so a duplicate candidate shows exactly why it scored what it did.
import type { FacilityType } from '../record.js';
import type { Evidence, FeatureScore, MatchFeatures, NameConflictFeature, PairScore } from './features.js';
import { haversineKm, pointOf } from './geo.js';
import { analyseName, compareNames, type NameComparison, type NameConflict, type NameProfile } from './name-similarity.js';

// The log-odds below were set by hand from what each feature means, then checked against the
// labelled evaluation (bench/dedup): its figures, not a fit, are the justification. Their scale:
// +4 is "this alone makes a duplicate likely", −6 "this alone rules it out".

/** Prior: a pair that blocking put together is still, most of the time, two facilities. */
const PRIOR = -3;
/** Name similarity 0.65 is neutral; every 0.1 above or below moves the odds by e^1.2. */
const NAME_NEUTRAL = 0.65;
const NAME_SLOPE = 12;
/** A real phone or e-mail in common is rarely a coincidence (hotline short codes are excluded). */
const SHARED_PHONE = 4;
const SHARED_EMAIL = 3.5;
/** Partners often list different numbers for one facility, so disjoint contacts count little. */
const DISJOINT_PHONES = -1;
const DISJOINT_EMAILS = -0.5;
/** Wards and constituencies come from the gazetteer resolver: a difference is real most of the time. */
const SAME_WARD = 1.5;
const DIFFERENT_WARD = -3;
const SAME_CONSTITUENCY = 0.8;
const DIFFERENT_CONSTITUENCY = -2.5;
const DIFFERENT_COUNTY = -4;
/** Equal identifiers are decisive either way: codes are assigned by authorities, not typed freely. */
const SHARED_IDENTIFIER = 10;
const CONFLICTING_IDENTIFIER = -10;
const NAME_CONFLICT: Record<NameConflictFeature['kind'], Record<NameConflict['strength'], number>> = {
  designator: { strong: -6, moderate: -3, weak: -1.5 },
  scope: { strong: -6, moderate: -3, weak: -1.5 },
  qualifier: { strong: -5, moderate: -3, weak: -1.5 },
};
/** Per identifying word one name has and the other lacks, up to two words. */
const UNMATCHED_WORD = -1.2;
const UNMATCHED_WORDS_COUNTED = 2;

/**
 * How compatible two facility types are, 0..1. Partners classify the same organisation
 * differently (a shelter listed as a support organisation, a hospital's GBV unit listed among
 * organisations), but a police station is never a health facility.
 */
const TYPE_COMPATIBILITY: Record<string, number> = {
  'HEALTH_FACILITY|POLICE_STATION': 0,
  'SHELTER|SUPPORT_ORGANISATION': 0.6,
  'LEGAL_AID|SUPPORT_ORGANISATION': 0.6,
  'HEALTH_FACILITY|SUPPORT_ORGANISATION': 0.4,
  'LEGAL_AID|SHELTER': 0.3,
  'HEALTH_FACILITY|SHELTER': 0.2,
  'HEALTH_FACILITY|LEGAL_AID': 0.1,
  'POLICE_STATION|SUPPORT_ORGANISATION': 0.2,
  'POLICE_STATION|SHELTER': 0.1,
  'LEGAL_AID|POLICE_STATION': 0.1,
};

export function typeCompatibility(a: FacilityType, b: FacilityType): number {
  if (a === b) return 1;
  if (a === 'OTHER' || b === 'OTHER') return 0.5;
  return TYPE_COMPATIBILITY[a < b ? `${a}|${b}` : `${b}|${a}`] ?? 0.3;
}

function typeLogOdds(compatibility: number): number {
  if (compatibility >= 1) return 0.5;
  if (compatibility >= 0.5) return -0.3;
  if (compatibility >= 0.3) return -1;
  if (compatibility > 0) return -2.5;
  return -6;
}

/** Distance bands: partners' coordinates of one facility differ by metres to a few hundred metres. */
function distanceLogOdds(km: number): number {
  if (km <= 0.1) return 2.5;
  if (km <= 0.5) return 2;
  if (km <= 1.5) return 1.2;
  if (km <= 5) return 0;
  if (km <= 15) return -1.5;
  if (km <= 50) return -3;
  return -4;
}

const profiles = new WeakMap<MatchFeatures, NameProfile>();

/** The analysed name of a record, computed once per features object. */
export function nameProfile(features: MatchFeatures): NameProfile {
  let profile = profiles.get(features);
  if (!profile) {
    profile = analyseName(features.name, features.searchName);
    profiles.set(features, profile);
  }
  return profile;
}

/** Gives `to` the name profile of `from` (same name, another features object); returns `to`. */
export function shareNameProfile(from: MatchFeatures, to: MatchFeatures): MatchFeatures {
  const profile = profiles.get(from);
  if (profile && to.name === from.name && to.searchName === from.searchName) profiles.set(to, profile);
  return to;
}

/** Scores a pair, with the evidence behind the score; symmetric in `a` and `b`. */
export function scorePair(a: MatchFeatures, b: MatchFeatures): PairScore {
  const facts = pairFacts(a, b, true);
  const evidence: Evidence[] = [];
  const logOdds = weigh(facts, evidence);
  const { names, geography } = facts;
  const nameConflicts: NameConflictFeature[] = [];
  for (const [kind, field] of CONFLICT_FIELDS) {
    const conflict = names[field];
    if (conflict) nameConflicts.push({ kind, ...conflict });
  }
  const features: FeatureScore = {
    name: round(names.similarity),
    type: facts.type,
    distanceKm: facts.distanceKm === undefined ? undefined : round(facts.distanceKm),
    sharedPhone: facts.phones === 'shared',
    sharedEmail: facts.emails === 'shared',
    sameWard: geography.sameWard,
    sameConstituency: geography.sameConstituency,
    sameCounty: a.countyCode === b.countyCode,
    conflictingIdentifier: facts.identifiers.conflicting,
    sharedIdentifier: facts.identifiers.shared,
    nameConflicts: nameConflicts.length > 0 ? nameConflicts : undefined,
    unmatchedWords: names.unmatched.length > 0 ? names.unmatched : undefined,
    evidence: evidence.map((item) => ({ feature: item.feature, logOdds: round(item.logOdds) })),
  };
  return { score: scoreOf(logOdds), features };
}

/**
 * The score alone, equal to `scorePair(a, b).score`. Ranking a record's candidates needs only
 * this; building the evidence of every pair, to keep one, made most of the matcher's garbage.
 */
export function pairScoreValue(a: MatchFeatures, b: MatchFeatures): number {
  return scoreOf(weigh(pairFacts(a, b, false)));
}

/** The most a name comparison can add: identical names, no unmatched word, no conflict. */
const NAME_CEILING = NAME_SLOPE * (1 - NAME_NEUTRAL);

/**
 * `pairScoreValue(a, b)` when it can reach `floor`, else undefined. Names are compared last, and
 * not at all when even identical names could not lift the pair to `floor`: most of a big pool
 * is in another ward, kilometres away, with other phones, and comparing those names (and
 * analysing the candidate's) is work that no decision needs.
 */
export function pairScoreValueReaching(a: MatchFeatures, b: MatchFeatures, floor: number): number | undefined {
  const context = contextFacts(a, b);
  // The margin covers the different order of the sums; scoreOf is monotone, so the bound holds.
  if (scoreOf(addContext(PRIOR + NAME_CEILING, context) + 1e-9) < floor) return undefined;
  return scoreOf(weigh({ ...context, names: compareNames(nameProfile(a), nameProfile(b), false) }));
}

/** Each kind of name conflict, and the comparison field (also its evidence name) that holds it. */
const CONFLICT_FIELDS = [
  ['designator', 'designatorConflict'],
  ['scope', 'scopeConflict'],
  ['qualifier', 'qualifierConflict'],
] as const;

/** Whether two records have a contact in common, only different ones, or not both any. */
type ContactOverlap = 'shared' | 'disjoint' | 'none';

/** What scoring reads off a pair: its names, and everything else (the context). */
interface PairFacts extends ContextFacts {
  names: NameComparison;
}

interface ContextFacts {
  type: number;
  distanceKm?: number;
  phones: ContactOverlap;
  emails: ContactOverlap;
  geography: GeographyComparison;
  identifiers: { shared?: string; conflicting?: string };
}

/** `explained` adds the name conflicts' descriptions. */
function pairFacts(a: MatchFeatures, b: MatchFeatures, explained: boolean): PairFacts {
  return { ...contextFacts(a, b), names: compareNames(nameProfile(a), nameProfile(b), explained) };
}

function contextFacts(a: MatchFeatures, b: MatchFeatures): ContextFacts {
  const pointA = pointOf(a.latitude, a.longitude);
  const pointB = pointOf(b.latitude, b.longitude);
  const sharedPhone = a.phones.some((phone) => isDialable(phone) && b.phones.includes(phone));
  // E-mails arrive lower-cased from the normaliser (and from the registry, which stores its output).
  const sharedEmail = intersects(a.emails, b.emails);
  return {
    type: typeCompatibility(a.type, b.type),
    distanceKm: pointA && pointB ? haversineKm(pointA, pointB) : undefined,
    phones: sharedPhone ? 'shared' : a.phones.some(isDialable) && b.phones.some(isDialable) ? 'disjoint' : 'none',
    emails: sharedEmail ? 'shared' : a.emails.length > 0 && b.emails.length > 0 ? 'disjoint' : 'none',
    geography: compareGeography(a, b),
    identifiers: compareIdentifiers(a, b),
  };
}

/** The pair's log-odds: the prior plus each feature's contribution, listed in `evidence` when given. */
function weigh(facts: PairFacts, evidence?: Evidence[]): number {
  const { names } = facts;
  let logOdds = note(evidence, 'prior', PRIOR);
  logOdds += note(evidence, 'name', NAME_SLOPE * (names.similarity - NAME_NEUTRAL));
  logOdds += note(evidence, 'unmatchedWords', UNMATCHED_WORD * Math.min(names.unmatched.length, UNMATCHED_WORDS_COUNTED));
  for (const [kind, field] of CONFLICT_FIELDS) {
    const conflict = names[field];
    if (conflict) logOdds += note(evidence, field, NAME_CONFLICT[kind][conflict.strength]);
  }
  return addContext(logOdds, facts, evidence);
}

/** `logOdds` plus the contributions of everything but the names, added in the order `weigh` always has. */
function addContext(logOdds: number, facts: ContextFacts, evidence?: Evidence[]): number {
  logOdds += note(evidence, 'type', typeLogOdds(facts.type));
  if (facts.distanceKm !== undefined) logOdds += note(evidence, 'distance', distanceLogOdds(facts.distanceKm));
  if (facts.phones === 'shared') logOdds += note(evidence, 'sharedPhone', SHARED_PHONE);
  else if (facts.phones === 'disjoint') logOdds += note(evidence, 'disjointPhones', DISJOINT_PHONES);
  if (facts.emails === 'shared') logOdds += note(evidence, 'sharedEmail', SHARED_EMAIL);
  else if (facts.emails === 'disjoint') logOdds += note(evidence, 'disjointEmails', DISJOINT_EMAILS);
  const { geography } = facts;
  if (geography.feature) logOdds += note(evidence, geography.feature, geography.logOdds);
  if (facts.identifiers.shared) logOdds += note(evidence, 'sharedIdentifier', SHARED_IDENTIFIER);
  if (facts.identifiers.conflicting) logOdds += note(evidence, 'conflictingIdentifier', CONFLICTING_IDENTIFIER);
  return logOdds;
}

/** Lists a contribution that moves the odds; returns it, for the sum. */
function note(evidence: Evidence[] | undefined, feature: string, logOdds: number): number {
  if (evidence && logOdds !== 0) evidence.push({ feature, logOdds });
  return logOdds;
}

function scoreOf(logOdds: number): number {
  return round(1 / (1 + Math.exp(-logOdds)));
}

interface GeographyComparison {
  sameWard?: boolean;
  sameConstituency?: boolean;
  /** The one geographic feature that counts, if any. */
  feature?: string;
  logOdds: number;
}

/** The finest level both records know decides; coarser levels add nothing beyond it. */
function compareGeography(a: MatchFeatures, b: MatchFeatures): GeographyComparison {
  const sameWard = a.wardCode && b.wardCode ? a.wardCode === b.wardCode : undefined;
  const sameConstituency =
    a.constituencyCode && b.constituencyCode ? a.constituencyCode === b.constituencyCode : undefined;
  if (a.countyCode !== b.countyCode) return { sameWard, sameConstituency, feature: 'differentCounty', logOdds: DIFFERENT_COUNTY };
  if (sameWard !== undefined) {
    return { sameWard, sameConstituency, feature: sameWard ? 'sameWard' : 'differentWard', logOdds: sameWard ? SAME_WARD : DIFFERENT_WARD };
  }
  if (sameConstituency !== undefined) {
    return {
      sameWard,
      sameConstituency,
      feature: sameConstituency ? 'sameConstituency' : 'differentConstituency',
      logOdds: sameConstituency ? SAME_CONSTITUENCY : DIFFERENT_CONSTITUENCY,
    };
  }
  return { sameWard, sameConstituency, logOdds: 0 };
}

const IDENTIFIER_KINDS = ['mflCode', 'stationCode', 'branchCode', 'registrationNumber'] as const;

/** Identifiers of the same kind on both sides: an equal one, or a differing one. */
export function compareIdentifiers(a: MatchFeatures, b: MatchFeatures): { shared?: string; conflicting?: string } {
  let shared: string | undefined;
  let conflicting: string | undefined;
  for (const kind of IDENTIFIER_KINDS) {
    const valueA = a.identifiers[kind];
    const valueB = b.identifiers[kind];
    if (!valueA || !valueB) continue;
    if (valueA === valueB) shared ??= `${kind} ${valueA}`;
    else conflicting ??= `${kind} ${valueA} ≠ ${valueB}`;
  }
  return { shared, conflicting };
}

/**
 * Phones that identify a facility: full E.164 numbers. Short codes (999, 1195, 116) are shared
 * by every police station or by a national helpline and say nothing about identity.
 */
export function isDialable(phone: string): boolean {
  return phone.startsWith('+') && phone.length >= 10;
}

function intersects(a: string[], b: string[]): boolean {
  return a.some((value) => b.includes(value));
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
