// How alike two facility names are, and which of their differences are decisive.
//
// Facility names are mostly common words ("... Health Centre", "... Police Station") around one
// or two distinctive words (a place, a founder, a brand). A plain string distance would call
// "Ngei Health Centre" and "Ngei Dispensary" fairly alike and "Kenyatta National Hosp" and
// "KENYATTA NATIONAL HOSPITAL (PRC UNIT)" fairly different, the wrong way round. So names are
// cut into words, each word gets a weight by what it says (common words count little), and the
// few common words that *distinguish* facilities — the level (health centre vs dispensary),
// the scope (county vs sub-county), a direction or number (Isukha West vs Isukha North,
// Dandora Area I vs Area III) — are pulled out and compared on their own: when both names
// state one and they differ, that is a conflict, which the scorer counts against the pair.

import { editDistance } from '../../geography/string-similarity.js';
import { expansionOf, initialsOf, looksLikeAcronym } from './acronyms.js';
import { inEnglish, SWAHILI_CONNECTORS } from './type-words.js';

/** What a designator word says a facility is; conflicts are judged within and across families. */
export type DesignatorFamily = 'health' | 'police' | 'shelter' | 'legal' | 'organisation';

export interface Designator {
  /** `health_centre`, `dispensary`, `police_post`, `safe_house`, ... */
  level: string;
  family: DesignatorFamily;
}

/** strong: two facilities, whatever else agrees; moderate: usually two; weak: a hint. */
export type ConflictStrength = 'strong' | 'moderate' | 'weak';

export interface NameConflict {
  /** Human-readable: `health centre ≠ dispensary`. */
  description: string;
  strength: ConflictStrength;
}

export interface WeightedToken {
  token: string;
  weight: number;
  /** A distinctive word long enough to be compared with near spellings. */
  fuzzy: boolean;
  /** A word whose absence from the other name counts against the pair (see `unmatched`). */
  identifying: boolean;
}

/** A name cut up for matching; computed once per record and reused for every pair. */
export interface NameProfile {
  tokens: WeightedToken[];
  /** Words that say which facility this is (places, founders, brands), in name order. */
  distinctive: string[];
  /** The same words joined by spaces, as Jaro-Winkler compares them. */
  distinctiveText: string;
  designators: Designator[];
  /** `county`, `sub_county` or `national` when the name states the scope of a public facility. */
  scope?: string;
  /** Directions (north, upper, new, ...) and numbers (45, and roman numerals read as numbers). */
  qualifiers: string[];
  /** The words in name order, repeats kept, Swahili type words in English: what acronyms expand into. */
  sequence: string[];
  /** Distinctive words short enough to be an acronym of the other name ("agsn"). */
  acronyms: string[];
  /** The initials of the whole name, with and without "of"/"and" (empty below three words). */
  initials: string[];
}

export interface NameComparison {
  /** 0..1: weighted word overlap blended with Jaro-Winkler of the distinctive words. */
  similarity: number;
  /**
   * Identifying words of either name that the other lacks entirely: "Kitengela" in "Nairobi
   * Women's Hospital Kitengela", "Children's" in "Kaloleni Children's Rescue Centre". Partners'
   * additions to a name are labels (GBVRC, Gender Desk) or brackets, not new words like these,
   * so such a word usually marks a branch or a sister organisation.
   */
  unmatched: string[];
  designatorConflict?: NameConflict;
  scopeConflict?: NameConflict;
  qualifierConflict?: NameConflict;
}

// ------------------------------------------------------------------------------ vocabulary

// Designator phrases; the longest match at a position wins ("legal aid clinic" over "clinic").
// Residual abbreviations ("hc", "disp", "stn") are listed because a spelling the normaliser did
// not expand must still land on the right level: a missed expansion would otherwise hide a
// decisive difference.
const DESIGNATOR_PHRASES: ReadonlyArray<readonly [string, string, DesignatorFamily]> = [
  ['health centre', 'health_centre', 'health'],
  ['health center', 'health_centre', 'health'],
  ['hc', 'health_centre', 'health'],
  ['medical centre', 'medical_centre', 'health'],
  ['medical center', 'medical_centre', 'health'],
  ['medical clinic', 'clinic', 'health'],
  ['health clinic', 'clinic', 'health'],
  ['clinic', 'clinic', 'health'],
  ['nursing home', 'maternity', 'health'],
  ['maternity home', 'maternity', 'health'],
  ['maternity', 'maternity', 'health'],
  ['hospital', 'hospital', 'health'],
  ['hosp', 'hospital', 'health'],
  // Ministry shorthand for sub-county and county referral hospitals; the scope is read below.
  ['sch', 'hospital', 'health'],
  ['crh', 'hospital', 'health'],
  ['dispensary', 'dispensary', 'health'],
  ['disp', 'dispensary', 'health'],
  ['police station', 'police_station', 'police'],
  ['police stn', 'police_station', 'police'],
  ['police post', 'police_post', 'police'],
  ['police pst', 'police_post', 'police'],
  ['police patrol base', 'patrol_base', 'police'],
  ['patrol base', 'patrol_base', 'police'],
  ['safe house', 'safe_house', 'shelter'],
  ['safe haven', 'safe_haven', 'shelter'],
  // A children's rescue centre is a child-protection institution, not the town's GBV rescue centre.
  ['childrens rescue centre', 'childrens_rescue_centre', 'shelter'],
  ['childrens rescue center', 'childrens_rescue_centre', 'shelter'],
  ['children rescue centre', 'childrens_rescue_centre', 'shelter'],
  ['rescue centre', 'rescue_centre', 'shelter'],
  ['rescue center', 'rescue_centre', 'shelter'],
  ['shelter', 'shelter', 'shelter'],
  ['refuge', 'shelter', 'shelter'],
  ['legal aid clinic', 'legal_aid_clinic', 'legal'],
  ['legal aid centre', 'legal_aid_clinic', 'legal'],
  ['legal aid center', 'legal_aid_clinic', 'legal'],
  ['legal aid project', 'legal_aid_project', 'legal'],
  ['justice and legal aid centre', 'justice_legal_aid_centre', 'legal'],
  ['community justice centre', 'justice_centre', 'legal'],
  ['justice centre', 'justice_centre', 'legal'],
  ['paralegal network', 'paralegal_network', 'legal'],
  ['paralegals', 'paralegal_network', 'legal'],
  ['paralegal', 'paralegal_network', 'legal'],
  // A bare "legal aid" names the family, not the kind of provider: it conflicts with none.
  ['legal aid', 'legal_aid', 'legal'],
  ['network', 'organisation', 'organisation'],
  ['foundation', 'organisation', 'organisation'],
  ['initiative', 'organisation', 'organisation'],
  ['association', 'organisation', 'organisation'],
  ['trust', 'organisation', 'organisation'],
  ['organisation', 'organisation', 'organisation'],
  ['organization', 'organisation', 'organisation'],
];

const DESIGNATORS_BY_FIRST_WORD = groupPhrases(DESIGNATOR_PHRASES);

/** Words that carry no identity at all: articles, and the GBV labels partners prepend or bracket. */
const NOISE_WORDS = new Set([
  'the', 'of', 'and', 'for', 'in', 'at', 'on', 'a', 'an', 'ltd', 'limited', 'gbv', 'gbvrc', 'gvrc',
  'prc', 'unit', 'gender', 'desk', 'based', 'violence', 'main', 'branch', 'division', 'office',
  'command', 'services', 'service', 'st', 'saint', 'net', 'ntwk', 'hq', ...SWAHILI_CONNECTORS,
]);

/**
 * Words that say what a facility is rather than which one. They still count (a little) towards
 * similarity; the decisive ones among them are compared separately as designators and scope.
 */
const GENERIC_WORDS = new Set([
  'hospital', 'hosp', 'sch', 'crh', 'health', 'centre', 'center', 'dispensary', 'disp', 'hc', 'clinic', 'medical',
  'maternity', 'nursing', 'home', 'police', 'station', 'stn', 'post', 'pst', 'patrol', 'base',
  'sub', 'subcounty', 'county', 'district', 'referral', 'national', 'teaching', 'general', 'level',
  'safe', 'house', 'haven', 'shelter', 'rescue', 'refuge', 'legal', 'aid', 'paralegal', 'paralegals',
  'network', 'foundation', 'initiative', 'association', 'trust', 'organisation', 'organization',
  'support', 'care', 'recovery', 'community', 'group', 'programme', 'program', 'project', 'centres',
]);

/**
 * The sector's own vocabulary and place descriptors: many organisations are "X Women's Rights
 * Network" or "X Children's Rescue Centre", many stations "X Township". These words tell little
 * about which facility a name is when they are shared, but a name that has one the other lacks
 * names another organisation (a children's rescue centre is not the town's rescue centre).
 */
const SECTOR_WORDS = new Set([
  'women', 'womens', 'woman', 'girls', 'girl', 'men', 'mens', 'boys', 'child', 'children', 'childrens',
  'youth', 'family', 'families', 'survivors', 'survivor', 'rights', 'human', 'empowerment', 'equality',
  'protection', 'justice', 'peace', 'hope', 'development', 'welfare', 'wellness', 'counselling',
  'counseling', 'psychosocial', 'mission', 'township', 'town', 'area',
]);

/** Position words: they often tell two neighbouring facilities apart (Elwak North / Elwak South). */
const DIRECTION_WORDS = new Set(['north', 'south', 'east', 'west', 'central', 'upper', 'lower', 'new', 'old']);

/** Roman numerals as partners number areas and estates (Dandora Area I / Area III), read as numbers. */
const ROMAN_NUMERALS = new Map([
  ['i', '1'], ['ii', '2'], ['iii', '3'], ['iv', '4'], ['v', '5'], ['vi', '6'], ['vii', '7'], ['viii', '8'], ['ix', '9'], ['x', '10'],
]);

/**
 * The 47 county names as single words (multi-word names contribute each word). In a facility
 * name they locate rather than identify, and the county is compared separately anyway.
 */
const COUNTY_WORDS = new Set([
  'mombasa', 'kwale', 'kilifi', 'tana', 'river', 'lamu', 'taita', 'taveta', 'garissa', 'wajir',
  'mandera', 'marsabit', 'isiolo', 'meru', 'tharaka', 'nithi', 'embu', 'kitui', 'machakos',
  'makueni', 'nyandarua', 'nyeri', 'kirinyaga', 'muranga', 'kiambu', 'turkana', 'pokot',
  'samburu', 'trans', 'nzoia', 'uasin', 'gishu', 'elgeyo', 'marakwet', 'nandi', 'baringo',
  'laikipia', 'nakuru', 'narok', 'kajiado', 'kericho', 'bomet', 'kakamega', 'vihiga', 'bungoma',
  'busia', 'siaya', 'kisumu', 'homa', 'bay', 'homabay', 'migori', 'kisii', 'nyamira', 'nairobi',
]);

// Why these weights: a distinctive word is what a person would use to tell facilities apart,
// so it counts fully; a county word, a direction or a sector word counts half (it narrows
// things down but many facilities share it); a generic word counts a fifth (it must not make
// two dispensaries look alike just for being dispensaries, but "X Hospital" vs "X Police
// Station" should still be less alike than "X Hospital" vs "X Hosp"); noise counts almost
// nothing. A word that appears only inside brackets ("(Karachuonyo Division)") is a partner's
// annotation and keeps 30 % of its weight.
const WEIGHT_DISTINCTIVE = 1;
const WEIGHT_HALF = 0.5;
const WEIGHT_GENERIC = 0.2;
const WEIGHT_NOISE = 0.05;
const BRACKET_FACTOR = 0.3;

/** Lower-case, accent-free words of a text; the same cut as the normaliser's searchName. */
export function words(text: string): string[] {
  // A search name is already in this form: cutting it at spaces gives the same words, without
  // the Unicode normalisation and four regular expressions (names are analysed per candidate).
  if (PLAIN_WORDS.test(text)) return text.split(' ').filter((word) => word.length > 0);
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&amp;/g, ' and ')
    .replace(/['’‘`´ʼ]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

const PLAIN_WORDS = /^[a-z0-9 ]*$/;

/** True for words that never identify a facility on their own (blocking does not key on them). */
export function isCommonWord(token: string): boolean {
  return NOISE_WORDS.has(token) || GENERIC_WORDS.has(token) || SECTOR_WORDS.has(token) || COUNTY_WORDS.has(token) || token.length < 2;
}

export function isCountyWord(token: string): boolean {
  return COUNTY_WORDS.has(token);
}

export function isDirectionWord(token: string): boolean {
  return DIRECTION_WORDS.has(token);
}

function isNumber(token: string): boolean {
  return /^\d+$/.test(token);
}

// ------------------------------------------------------------------------------ analysis

/** Cuts a name into weighted words and its decisive parts. */
export function analyseName(name: string, searchName: string): NameProfile {
  const truncated = truncatedWords(name);
  const tokens = inEnglish(words(searchName)).map(
    (token) => ROMAN_NUMERALS.get(token) ?? (truncated.has(token) ? expandTruncation(token) : correctMisspelling(token)),
  );
  const bracketOnly = bracketOnlyWords(name);
  const weighted: WeightedToken[] = [];
  const distinctive: string[] = [];
  const qualifiers: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (seen.has(token)) continue;
    seen.add(token);
    const bracketed = bracketOnly.has(token);
    const weight = baseWeight(token) * (bracketed ? BRACKET_FACTOR : 1);
    const qualifier = isDirectionWord(token) || isNumber(token);
    const plain = !qualifier && !isCommonWord(token);
    weighted.push({
      token,
      weight,
      fuzzy: plain && token.length >= 4,
      identifying: !bracketed && (plain || SECTOR_WORDS.has(token)),
    });
    if (qualifier) qualifiers.push(token);
    else if (plain) distinctive.push(token);
  }
  return {
    tokens: weighted,
    distinctive,
    distinctiveText: distinctive.join(' '),
    designators: findDesignators(tokens),
    scope: findScope(tokens),
    qualifiers,
    sequence: tokens,
    acronyms: distinctive.filter(looksLikeAcronym),
    initials: tokens.length >= 3 ? initialsOf(tokens) : [],
  };
}

/** An expanded acronym is good evidence, not proof: it compares a little below the written-out name. */
const ACRONYM_FACTOR = 0.95;

/**
 * The pair with an acronym of one name written out as the words of the other it abbreviates
 * ("agsn" → "ashabito gbv survivors network"), or undefined when neither holds one.
 */
function expandAcronyms(a: NameProfile, b: NameProfile): [NameProfile, NameProfile] | undefined {
  const expanded = expandOne(a, b);
  if (expanded) return [expanded, b];
  const other = expandOne(b, a);
  return other ? [a, other] : undefined;
}

function expandOne(short: NameProfile, long: NameProfile): NameProfile | undefined {
  for (const acronym of short.acronyms) {
    // Cheap test first: most pairs share no initials with the other's short words.
    if (long.sequence.length < 3 || long.sequence.includes(acronym) || !long.sequence.some((word) => word[0] === acronym[0])) continue;
    const words = expansionOf(acronym, long.sequence);
    if (!words) continue;
    const text = short.sequence.flatMap((word) => (word === acronym ? words : [word])).join(' ');
    return analyseName(text, text);
  }
  return undefined;
}

function baseWeight(token: string): number {
  if (NOISE_WORDS.has(token) || (token.length < 2 && !isNumber(token))) return WEIGHT_NOISE;
  if (GENERIC_WORDS.has(token)) return WEIGHT_GENERIC;
  if (COUNTY_WORDS.has(token) || DIRECTION_WORDS.has(token) || SECTOR_WORDS.has(token)) return WEIGHT_HALF;
  return WEIGHT_DISTINCTIVE;
}

/** Words written with a full stop in the display name ("Med.", "Init."): candidates for truncations. */
function truncatedWords(name: string): ReadonlySet<string> {
  // Most names have none; analysing names is per record and per candidate, so skip the scan.
  if (!name.includes('.')) return NONE;
  const found = new Set<string>();
  for (const match of name.matchAll(/([A-Za-z]{3,})\./g)) found.add(match[1].toLowerCase());
  return found;
}

/**
 * A truncation of a common word ("med." → medical, "init." → initiative) as the word itself, so
 * that an abbreviation the normaliser does not know neither counts as a distinctive word nor
 * hides a level. Only an unambiguous truncation of a known common word is expanded.
 */
function expandTruncation(token: string): string {
  if (baseWeight(token) !== WEIGHT_DISTINCTIVE) return token;
  let expansion: string | undefined;
  for (const word of EXPANDABLE_WORDS) {
    if (!word.startsWith(token) || word === token) continue;
    if (expansion !== undefined) return token;
    expansion = word;
  }
  return expansion ?? token;
}

/**
 * A misspelt common word read as the word ("Heaalth" → health, "Postt" → post, "Manera" →
 * mandera). Left alone, a typo in a common word becomes a distinctive word that the other
 * record lacks, which counts against the pair. Only unknown words of five letters or more are
 * corrected, to a vocabulary word of four or more with the same first letter, one edit away:
 * short place names are too often one letter from a common word to be touched.
 */
function correctMisspelling(token: string): string {
  if (token.length < 5 || baseWeight(token) !== WEIGHT_DISTINCTIVE || /\d/.test(token)) return token;
  // The same place names come back with every candidate that carries them, and the edit
  // distances against the vocabulary were the largest part of analysing a name.
  let corrected = corrections.get(token);
  if (corrected === undefined) {
    corrected = token;
    for (const word of CORRECTABLE_WORDS.get(token[0]) ?? []) {
      if (Math.abs(word.length - token.length) <= 1 && editDistance(token, word, 1) <= 1) {
        corrected = word;
        break;
      }
    }
    if (corrections.size >= MAX_CORRECTIONS) corrections.clear();
    corrections.set(token, corrected);
  }
  return corrected;
}

/** Words already looked up, and what they read as; bounded (a few MB at most), then started afresh. */
const corrections = new Map<string, string>();
const MAX_CORRECTIONS = 50_000;

/** The vocabulary misspellings are corrected to, by first letter. */
const CORRECTABLE_WORDS = groupByFirstLetter(
  [...GENERIC_WORDS, ...SECTOR_WORDS, ...NOISE_WORDS, ...COUNTY_WORDS, ...DIRECTION_WORDS].filter((word) => word.length >= 4),
);

function groupByFirstLetter(list: string[]): Map<string, string[]> {
  const byLetter = new Map<string, string[]>();
  for (const word of [...new Set(list)].sort()) byLetter.set(word[0], [...(byLetter.get(word[0]) ?? []), word]);
  return byLetter;
}

/** Words a partner may shorten with a full stop (where "Med." and "Init." come from). */
const EXPANDABLE_WORDS = [...GENERIC_WORDS, ...SECTOR_WORDS].filter((word) => word.length > 4);

const NONE: ReadonlySet<string> = new Set();

/** Words of the display name that appear only inside brackets. */
function bracketOnlyWords(name: string): ReadonlySet<string> {
  if (!name.includes('(')) return NONE;
  const inside = new Set<string>();
  for (const match of name.matchAll(/\(([^)]*)\)/g)) for (const word of words(match[1])) inside.add(word);
  if (inside.size === 0) return inside;
  for (const word of words(name.replace(/\([^)]*\)/g, ' '))) inside.delete(word);
  return inside;
}

function findDesignators(tokens: string[]): Designator[] {
  const found = new Map<string, Designator>();
  for (let i = 0; i < tokens.length; i++) {
    const phrases = DESIGNATORS_BY_FIRST_WORD.get(tokens[i]) ?? [];
    const hit = phrases.find((phrase) => phrase.words.every((word, k) => tokens[i + k] === word));
    if (!hit) continue;
    found.set(hit.designator.level, hit.designator);
    i += hit.words.length - 1;
  }
  return [...found.values()];
}

/**
 * The scope a public facility's name states. Kenya renamed district hospitals sub-county
 * hospitals, so `district` reads as `sub_county`.
 */
function findScope(tokens: string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'subcounty' || tokens[i] === 'district' || tokens[i] === 'sch') return 'sub_county';
    if (tokens[i] === 'sub' && tokens[i + 1] === 'county') return 'sub_county';
  }
  if (tokens.includes('county') || tokens.includes('crh')) return 'county';
  if (tokens.includes('national')) return 'national';
  return undefined;
}

// ------------------------------------------------------------------------------ comparison

/**
 * Compares two analysed names. Without `explained`, conflicts carry only their strength (an
 * empty description): ranking candidates reads no more, and the text is most of the cost.
 */
export function compareNames(a: NameProfile, b: NameProfile, explained = true): NameComparison {
  if (a.acronyms.length > 0 || b.acronyms.length > 0) {
    const expanded = expandAcronyms(a, b);
    if (expanded) {
      const comparison = compareNames(expanded[0], expanded[1], explained);
      return { ...comparison, similarity: comparison.similarity * ACRONYM_FACTOR };
    }
  }
  let totalA = 0;
  let overlapA = 0;
  const unmatched: string[] = [];
  for (const token of a.tokens) {
    const credit = bestCredit(token, b.tokens);
    totalA += token.weight;
    overlapA += token.weight * credit;
    if (credit === 0 && token.identifying) unmatched.push(token.token);
  }
  let totalB = 0;
  let overlapB = 0;
  for (const token of b.tokens) {
    const credit = bestCredit(token, a.tokens);
    totalB += token.weight;
    overlapB += token.weight * credit;
    if (credit === 0 && token.identifying) unmatched.push(token.token);
  }
  const dice = totalA + totalB === 0 ? 0 : (overlapA + overlapB) / (totalA + totalB);
  const containment = Math.max(totalA === 0 ? 0 : overlapA / totalA, totalB === 0 ? 0 : overlapB / totalB);
  const distinctiveA = a.distinctiveText;
  const distinctiveB = b.distinctiveText;
  const distinctiveSimilarity =
    distinctiveA.length > 0 && distinctiveB.length > 0 ? jaroWinkler(distinctiveA, distinctiveB) : dice;
  // Dice rewards names that are alike as a whole; containment forgives one partner's extra
  // label ("GBVRC ...", "Gender Desk, ..."); Jaro-Winkler on the distinctive words forgives a
  // typo inside the one word that matters ("Sgowet" for "Sigowet").
  const similarity = clamp01(0.5 * dice + 0.2 * containment + 0.3 * distinctiveSimilarity);
  return {
    similarity,
    unmatched,
    designatorConflict: designatorConflict(a.designators, b.designators, explained),
    scopeConflict: scopeConflict(a.scope, b.scope, explained),
    qualifierConflict: qualifierConflict(a.qualifiers, b.qualifiers, explained),
  };
}

/**
 * How much of `token` is found among `others`: 1 for the same word, partial credit for a near
 * spelling of a distinctive word long enough for a typo to be plausible (Jaro-Winkler 0.85 →
 * 0.25, 1 → 1). Common words are not fuzzily compared: the normaliser spells them out, and
 * "dispensary" must not half-match another level's word.
 */
function bestCredit(token: WeightedToken, others: WeightedToken[]): number {
  let best = 0;
  for (const other of others) {
    if (other.token === token.token) return 1;
    if (token.fuzzy && other.fuzzy) best = Math.max(best, typoCredit(token.token, other.token));
  }
  return Math.min(best, 1);
}

/**
 * Typos keep the first letter far more often than not (and the blocking skeleton keeps it
 * too), so words starting differently are not compared; nor are words of very different
 * lengths, for which Jaro-Winkler cannot reach 0.85. Both checks spare most of the cost.
 */
function typoCredit(a: string, b: string): number {
  if (a[0] !== b[0]) return 0;
  const shorter = Math.min(a.length, b.length);
  const jaroBound = (shorter / a.length + shorter / b.length + 1) / 3;
  if (jaroBound + 0.4 * (1 - jaroBound) < 0.85) return 0;
  const similarity = jaroWinkler(a, b);
  return similarity >= 0.85 ? 0.25 + (similarity - 0.85) * 5 : 0;
}

// Health levels that partners confuse for one another (a private "clinic" is often listed as a
// "medical centre") conflict only weakly; every other pair of health levels names two
// facilities (the point of "X Health Centre" vs "X Dispensary").
const WEAKLY_CONFLICTING_LEVELS = new Set(['clinic|medical_centre', 'clinic|maternity', 'maternity|medical_centre']);

// Organisation words ("network", "foundation") vary freely between partners, and a bare
// "legal aid" does not say which kind of provider: neither is decisive.
function isDecisive(d: Designator): boolean {
  return d.family !== 'organisation' && d.level !== 'legal_aid';
}

function designatorConflict(a: Designator[], b: Designator[], explained: boolean): NameConflict | undefined {
  const first = a.find(isDecisive);
  const second = b.find(isDecisive);
  if (!first || !second) return undefined;
  if (a.some((da) => isDecisive(da) && b.some((db) => isDecisive(db) && da.level === db.level))) return undefined;
  const description = explained ? `${first.level.replaceAll('_', ' ')} ≠ ${second.level.replaceAll('_', ' ')}` : '';
  return { description, strength: levelConflictStrength(first, second) };
}

function levelConflictStrength(a: Designator, b: Designator): ConflictStrength {
  if (a.family === b.family) {
    if (a.family === 'health') return WEAKLY_CONFLICTING_LEVELS.has([a.level, b.level].sort().join('|')) ? 'weak' : 'strong';
    if (a.family === 'police') return 'strong';
    // A safe house and a rescue centre, a legal-aid clinic and a paralegal network, of one
    // place are usually two organisations, but partners do relabel such organisations.
    return 'moderate';
  }
  const families = new Set([a.family, b.family]);
  // A police station is never a clinic or a shelter; a legal-aid provider is not a clinic.
  if (families.has('police') || (families.has('health') && families.has('legal'))) return 'strong';
  // A hospital's shelter or a shelter's legal desk may be listed under either label.
  return 'weak';
}

function scopeConflict(a: string | undefined, b: string | undefined, explained: boolean): NameConflict | undefined {
  if (a === undefined || b === undefined || a === b) return undefined;
  return { description: explained ? `${a.replace('_', '-')} ≠ ${b.replace('_', '-')}` : '', strength: 'strong' };
}

/**
 * Directions and numbers: both names state some and none agree → strong (Isukha West vs
 * Isukha North); some agree but not all → moderate (Kisumu West vs North West Kisumu); only one
 * name states any → weak (Kabani vs Upper Kabani may be two villages, or one partner's shorthand).
 */
function qualifierConflict(a: string[], b: string[], explained: boolean): NameConflict | undefined {
  if (a.length === 0 && b.length === 0) return undefined;
  if (a.length > 0 && b.length > 0) {
    const shared = a.filter((q) => b.includes(q)).length;
    if (shared === a.length && shared === b.length) return undefined;
    return { description: explained ? `${a.join(' ')} ≠ ${b.join(' ')}` : '', strength: shared === 0 ? 'strong' : 'moderate' };
  }
  const stated = a.length > 0 ? a : b;
  return { description: explained ? `${stated.join(' ')} on one side only` : '', strength: 'weak' };
}

// ------------------------------------------------------------------------------ Jaro-Winkler

/** Jaro-Winkler similarity, 0..1, with the usual prefix scale 0.1 over at most four characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const matchedA = flags(0, a.length);
  const matchedB = flags(1, b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || a[i] !== b[j]) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// Two scratch arrays of match flags, reused across calls: scoring calls Jaro-Winkler for many
// pairs, and fresh arrays each time kept the garbage collector busy.
const scratch: Uint8Array[] = [new Uint8Array(64), new Uint8Array(64)];

function flags(which: 0 | 1, length: number): Uint8Array {
  if (scratch[which].length < length) scratch[which] = new Uint8Array(length * 2);
  const buffer = scratch[which];
  buffer.fill(0, 0, length);
  return buffer;
}

// ------------------------------------------------------------------------------ helpers

interface Phrase {
  words: string[];
  designator: Designator;
}

function groupPhrases(phrases: ReadonlyArray<readonly [string, string, DesignatorFamily]>): Map<string, Phrase[]> {
  const byFirst = new Map<string, Phrase[]>();
  for (const [text, level, family] of phrases) {
    const phraseWords = text.split(' ');
    const list = byFirst.get(phraseWords[0]) ?? [];
    list.push({ words: phraseWords, designator: { level, family } });
    list.sort((x, y) => y.words.length - x.words.length);
    byFirst.set(phraseWords[0], list);
  }
  return byFirst;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
