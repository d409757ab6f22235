// Blocking: which facilities a record is compared with. Comparing every pair grows with the
// square of the registry; instead each facility stores a few plain-string keys and a record is
// compared only with facilities sharing one of its keys. Keys are strings so that the load
// stage can keep them in `FacilityBlockKey(key, facilityId)` and find candidates with one index
// probe per key (registry.ts); the in-memory index uses the same functions.
//
// The keys are chosen so that every kind of duplicate the partners produce shares at least one:
//   n:<county>:<form>       a distinctive name word within a county, in spelling-tolerant forms
//   t:<county>:<level>      names of common words only ("County Referral Hospital"): level within the county
//   p:<e164>                a phone number (never a short code)
//   e:<email>               an e-mail address
//   id:<kind>:<value>       an external identifier (MFL code, station code, ...)
//
// Position is not a key. Map cells (~550 m, the nine around a record looked up) were kept as
// insurance for duplicates whose names share no key; at 200,000 generated records they brought
// 55 % of all candidate pairs and nearly all of the growth in candidates per record, and of
// the 1.3 million pairs only they brought, 24 could reach review and none was a duplicate
// (ADR 0005). A pair of dissimilar names cannot reach review on place alone; what cells did
// find, names misspelt in their first letter, the first-letter form of `spellings` finds.
import type { MatchFeatures } from './features.js';
import { ACRONYM_LENGTH } from './acronyms.js';
import { isCountyWord, isDirectionWord } from './name-similarity.js';
import { isDialable, nameProfile } from './score.js';

/**
 * Blocks larger than this are skipped when looking up candidates: a key shared by dozens of
 * facilities (a network's brand word in a big county, "Equity" and "Afya" in Nairobi; a
 * call-centre number) does not discriminate, and comparing against all of them makes
 * matching quadratic again. The record's other keys (its place word, phone, codes) still find
 * its duplicates. 50 was chosen on the labelled evaluation: at 40,000 records it skipped 43
 * blocks and lost no duplicate; at 100,000, 131.
 */
export const DEFAULT_BLOCK_CAP = 50;

/** The keys to store for a facility (the load stage writes them to FacilityBlockKey). */
export function blockingKeys(features: MatchFeatures): string[] {
  return unique([...nameKeys(features), ...acronymKeys(features, 'stored'), ...contactKeys(features), ...identifierKeys(features)]);
}

/** Same as `blockingKeys`: the name the storing side of the load stage uses. */
export const indexKeys = blockingKeys;

/**
 * The keys to look up for a record: the keys it would be stored under, except that acronym keys
 * look for the other side (an acronym for expansions, an expansion for acronyms).
 */
export function queryKeys(features: MatchFeatures): string[] {
  return unique([...nameKeys(features), ...acronymKeys(features, 'looked-up'), ...contactKeys(features), ...identifierKeys(features)]);
}

/**
 * An acronym and its expansion share no word, so they meet on keys of their own: a name of
 * three words or more is stored under its initials (`xi:`), a short distinctive word under
 * itself (`ac:`), and each looks up the other prefix. Two expansions with the same initials
 * ("Kisa Health Centre", "Kibra Health Centre") therefore never meet on these keys.
 */
function acronymKeys(features: MatchFeatures, side: 'stored' | 'looked-up'): string[] {
  const profile = nameProfile(features);
  const county = features.countyCode;
  const [asExpansion, asAcronym] = side === 'stored' ? ['xi', 'ac'] : ['ac', 'xi'];
  return [
    ...profile.initials.filter((initials) => initials.length <= ACRONYM_LENGTH.max).map((initials) => `${asExpansion}:${county}:${initials}`),
    ...profile.acronyms.map((acronym) => `${asAcronym}:${county}:${acronym}`),
  ];
}

function nameKeys(features: MatchFeatures): string[] {
  const profile = nameProfile(features);
  const county = features.countyCode;
  const distinctive = profile.distinctive.filter((token) => !/^\d+$/.test(token));
  if (distinctive.length > 0) return distinctive.flatMap((token) => spellings(token).map((form) => `n:${county}:${form}`));
  // No distinctive word ("Kilifi South Police Post", "Central Police Station"): the place
  // words the name does have (a county name, a direction) are distinctive enough among the
  // few facilities named that way.
  const placeWords = profile.tokens.map((t) => t.token).filter((token) => isCountyWord(token) || isDirectionWord(token));
  if (placeWords.length > 0) return placeWords.map((token) => `n:${county}:${skeleton(token)}`);
  // Nothing but common words ("County Referral Hospital"): the level within the county. Such
  // blocks are small in practice, and the cap guards against the case where they are not.
  const levels = profile.designators.map((designator) => designator.level);
  return (levels.length > 0 ? levels : ['_']).map((level) => `t:${county}:${level}`);
}

function contactKeys(features: MatchFeatures): string[] {
  return [
    ...features.phones.filter(isDialable).map((phone) => `p:${phone}`),
    ...features.emails.map((email) => `e:${email.toLowerCase()}`),
  ];
}

function identifierKeys(features: MatchFeatures): string[] {
  const { mflCode, stationCode, branchCode, registrationNumber } = features.identifiers;
  const keys: string[] = [];
  if (mflCode) keys.push(`id:mfl:${mflCode}`);
  if (stationCode) keys.push(`id:station:${stationCode}`);
  if (branchCode) keys.push(`id:branch:${branchCode}`);
  if (registrationNumber) keys.push(`id:reg:${registrationNumber}`);
  return keys;
}

/**
 * The skeleton of a word and, for skeletons of five letters or more, the skeleton with each
 * letter dropped in turn: a dropped or extra consonant (`Boichora` / `Bogichora`, `Lwandayi` /
 * `Lwandanyi`) then still shares a key, and so does a word misspelt or cut in its first
 * letter (`Kapchemutwa`, `Capchemutwa` and `Apchemutwa` meet on `pchmtw`). Shorter skeletons
 * are not reduced, because three- and four-letter keys would gather too many of a county's
 * names.
 */
export function spellings(token: string): string[] {
  const base = skeleton(token);
  const forms = [base];
  if (base.length >= 5) {
    for (let i = 0; i < base.length; i++) forms.push(base.slice(0, i) + base.slice(i + 1));
  }
  return forms;
}

/**
 * A spelling-tolerant form of a word: its first letter, then its consonants with repeats
 * collapsed. Vowel slips and dropped vowels are the commonest typos in transliterated place
 * names (`Sgowet` / `Sigowet`, `Turkena` / `Turkana`) and both keep the skeleton.
 */
export function skeleton(token: string): string {
  if (token.length <= 3) return token;
  const rest = token
    .slice(1)
    .replace(/[aeiouy]/g, '')
    .replace(/(.)\1+/g, '$1');
  return token[0] + rest;
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}
