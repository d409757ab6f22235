// Finds the units of one scope (the wards of a constituency, the constituencies of a county, ...)
// that a name may mean. Matching goes through tiers from the most to the least certain and stops
// at the first tier that finds anything, so an official name always beats a half of a compound
// name, which always beats a spelling correction.
import {
  normalisePlaceName,
  placeKey,
  readCountyCode,
  withoutProvince,
  placeTokens,
  slashHalves,
  sortedWordsKey,
} from './normalise-place.js';
import { editDistance, editsAtLeast, letterCounts, nameSimilarity, type LetterCounts } from './string-similarity.js';

/** How a name was matched, most certain first. */
export type MatchHow =
  /** The official name, in any case/punctuation/suffix. */
  | 'name'
  /** A curated or generated alternate spelling. */
  | 'alias'
  /** The same words in another order (`Imenti North` = `North Imenti`). */
  | 'words'
  /** One half of a compound name (`Parklands` for `Parklands/Highridge`). */
  | 'half'
  /** The name is part of the unit's name (`Igembe` → Igembe North/Central/South), or the unit's name plus compass words (`Kieni East` → Kieni). Never certain on its own. */
  | 'contains'
  /** A close misspelling of exactly one unit (`Kisumu Cental`). */
  | 'spelling';

export interface NameMatch {
  how: MatchHow;
  /** The codes the name may mean: one when it is unique, several when it is ambiguous. */
  codes: string[];
}

/** A name as the resolver looks it up, normalised once and reused for every scope. */
export interface PlaceQuery {
  normalised: string;
  key: string;
  wordsKey: string;
  tokens: string[];
  /** The compass words the name contains, typos forgiven: a spelling correction must keep them. */
  compass: string;
  /** The official county code written beside or instead of a county name (`047 - Nairobi`). */
  countyCode?: string;
}

export interface NamedUnit {
  code: string;
  name: string;
  aliases: readonly string[];
}

export interface MatchOptions {
  /** Narrows the scope further (the wards of a county that lie in some candidate constituencies). */
  admit?: (code: string) => boolean;
  /** Stop before partial and spelling matches: for telling a record it contradicts itself. */
  exactOnly?: boolean;
}

export interface NameIndexOptions {
  /** Accept `<unit name> <compass word>` for the unit: sub-counties split constituencies that way (`Mwea East` lies in Mwea). */
  acceptCompassSuffix: boolean;
  /**
   * How similar a misspelling must be to be corrected. The 1,448 wards of the nation need more
   * than the few of one constituency: among them `Teri` is one letter from `Terik` by chance.
   */
  minSpellingSimilarity: number;
}

/** Spelling tolerance within a county or constituency (a 1-letter slip in a 5-letter name passes). */
export const SCOPED_SPELLING_SIMILARITY = 0.8;
/** Spelling tolerance across the whole country (a 1-letter slip needs a 7-letter name). */
export const NATIONAL_SPELLING_SIMILARITY = 0.85;

/** Words too general to identify a unit on their own (`West` must not find `West Pokot`). */
const GENERIC_WORDS = new Set([
  'north', 'south', 'east', 'west', 'central', 'upper', 'lower',
  'town', 'township', 'rural', 'city', 'mount', 'island', 'market',
  '1', '2', '3', '4',
]);
const COMPASS_WORDS = new Set(['north', 'south', 'east', 'west', 'central']);

/** Spelling tolerance: at most this many edits, however long the name. */
const MAX_SPELLING_EDITS = 3;

export function placeQuery(raw: string): PlaceQuery {
  return queryOfNormalised(normalisePlaceName(raw));
}

/** A county field: its code read apart from its name, and a former province around the name dropped. */
export function countyPlaceQuery(raw: string): PlaceQuery {
  const { code, rest } = readCountyCode(raw);
  const query = queryOfNormalised(withoutProvince(normalisePlaceName(rest)));
  return code === undefined ? query : { ...query, countyCode: code };
}

function queryOfNormalised(normalised: string): PlaceQuery {
  const tokens = placeTokens(normalised);
  return { normalised, key: placeKey(normalised), wordsKey: sortedWordsKey(normalised), tokens, compass: compassOf(tokens) };
}

/**
 * `north maragoli` and `south maragoli` are two edits apart yet different wards, so spelling
 * correction never turns one compass word into another. A token one edit from exactly one
 * compass word counts as that word (`Embakasi Noth` keeps its north).
 */
function compassOf(tokens: readonly string[]): string {
  const found: string[] = [];
  for (const token of tokens) {
    const word = compassWordOf(token);
    if (word !== undefined) found.push(word);
  }
  return found.sort().join(' ');
}

/** Different compass words mean different units; a name without any may still be a misspelling of one with. */
function compatibleCompass(queryCompass: string, unitCompass: string): boolean {
  return queryCompass === unitCompass || queryCompass === '' || unitCompass === '';
}

/** Words seen so far and the compass word each stands for ('' for none); place vocabularies are small. */
const compassWordByToken = new Map<string, string>();
const COMPASS_MEMO_LIMIT = 100_000;

function compassWordOf(token: string): string | undefined {
  let word = compassWordByToken.get(token);
  if (word === undefined) {
    const near = token.length < 3 ? [] : [...COMPASS_WORDS].filter((compass) => editDistance(token, compass, 1) <= 1);
    word = COMPASS_WORDS.has(token) ? token : near.length === 1 ? near[0] : '';
    if (compassWordByToken.size < COMPASS_MEMO_LIMIT) compassWordByToken.set(token, word);
  }
  return word === '' ? undefined : word;
}

interface SpellingEntry { key: string; code: string; compass: string; letters: LetterCounts }

interface WordingEntry { tokens: ReadonlySet<string>; code: string }

export class NameIndex {
  private readonly byName = new Map<string, string[]>();
  /** Official names as normalised, to tell apart units whose keys collide (`Iriaini`, `Iria-ini`). */
  private readonly officialByCode = new Map<string, string>();
  private readonly byAlias = new Map<string, string[]>();
  private readonly byWords = new Map<string, string[]>();
  private readonly byHalf = new Map<string, string[]>();
  /** Spelling entries by key length: a name is only compared with keys a few letters longer or shorter. */
  private readonly spellingsByLength = new Map<number, SpellingEntry[]>();
  private readonly wordings: WordingEntry[] = [];

  constructor(units: Iterable<NamedUnit>, private readonly options: NameIndexOptions) {
    for (const unit of units) this.add(unit);
  }

  /** The units `query` may mean (one, or several when it is ambiguous), or undefined when none. */
  match(query: PlaceQuery, options: MatchOptions = {}): NameMatch | undefined {
    if (query.key.length === 0) return undefined;
    const admit = options.admit ?? (() => true);
    const exactTiers: [MatchHow, Map<string, string[]>, string][] = [
      ['name', this.byName, query.key],
      ['alias', this.byAlias, query.key],
      ['words', this.byWords, query.wordsKey],
      ['half', this.byHalf, query.key],
    ];
    for (const [how, map, key] of exactTiers) {
      const codes = (map.get(key) ?? []).filter(admit);
      if (codes.length > 1 && how === 'name') {
        const written = codes.filter((code) => this.officialByCode.get(code) === query.normalised);
        if (written.length === 1) return { how, codes: written };
      }
      if (codes.length > 0) return { how, codes };
    }
    if (options.exactOnly) return undefined;
    const contained = this.matchWords(query, admit);
    if (contained.length > 0) return { how: 'contains', codes: contained };
    return this.matchSpelling(query, admit);
  }

  private add(unit: NamedUnit): void {
    const official = normalisePlaceName(unit.name);
    const aliases = unit.aliases.map(normalisePlaceName);
    addTo(this.byName, placeKey(official), unit.code);
    this.officialByCode.set(unit.code, official);
    for (const alias of aliases) addTo(this.byAlias, placeKey(alias), unit.code);
    for (const variant of [official, ...aliases]) {
      addTo(this.byWords, sortedWordsKey(variant), unit.code);
      for (const half of slashHalves(variant)) addTo(this.byHalf, placeKey(half), unit.code);
      for (const spelling of [variant, ...slashHalves(variant)]) {
        const key = placeKey(spelling);
        const entries = this.spellingsByLength.get(key.length) ?? [];
        entries.push({ key, code: unit.code, compass: compassOf(placeTokens(spelling)), letters: letterCounts(key) });
        this.spellingsByLength.set(key.length, entries);
      }
      this.wordings.push({ tokens: new Set(placeTokens(variant)), code: unit.code });
    }
  }

  /** Units whose name holds all the query's words, or (constituencies) whose name plus compass words is the query. */
  private matchWords(query: PlaceQuery, admit: (code: string) => boolean): string[] {
    const distinctive = query.tokens.filter((token) => !GENERIC_WORDS.has(token) && token.length >= 4);
    if (distinctive.length === 0) return [];
    const found = new Set<string>();
    for (const { tokens, code } of this.wordings) {
      if (found.has(code) || !admit(code)) continue;
      if (query.tokens.every((token) => tokens.has(token)) || this.isUnitWithCompassSuffix(query, tokens)) {
        found.add(code);
      }
    }
    return [...found];
  }

  private isUnitWithCompassSuffix(query: PlaceQuery, unitTokens: ReadonlySet<string>): boolean {
    if (!this.options.acceptCompassSuffix) return false;
    if (![...unitTokens].some((token) => !GENERIC_WORDS.has(token))) return false;
    const queryTokens = new Set(query.tokens);
    if (![...unitTokens].every((token) => queryTokens.has(token))) return false;
    return query.tokens.every((token) => unitTokens.has(token) || COMPASS_WORDS.has(token));
  }

  /** Accepts the closest unit only when it is close and clearly closer than any other. */
  private matchSpelling(query: PlaceQuery, admit: (code: string) => boolean): NameMatch | undefined {
    const closest = new Map<string, number>();
    const similarEnough = new Set<string>();
    const queryLetters = letterCounts(query.key);
    for (let length = query.key.length - MAX_SPELLING_EDITS; length <= query.key.length + MAX_SPELLING_EDITS; length++) {
      for (const { key, code, compass, letters } of this.spellingsByLength.get(length) ?? []) {
        if (!compatibleCompass(query.compass, compass) || editsAtLeast(queryLetters, letters) > MAX_SPELLING_EDITS || !admit(code)) continue;
        const distance = editDistance(query.key, key, MAX_SPELLING_EDITS);
        if (distance > MAX_SPELLING_EDITS) continue;
        const known = closest.get(code);
        if (known === undefined || distance < known) closest.set(code, distance);
        if (nameSimilarity(query.key, key, distance) >= this.options.minSpellingSimilarity) similarEnough.add(code);
      }
    }
    const ranked = [...closest].sort((a, b) => a[1] - b[1]);
    if (ranked.length === 0 || !similarEnough.has(ranked[0][0])) return undefined;
    // The margin is kept against every unit within reach, also those too short to be corrected
    // to themselves: `Ukaa` is one edit from `Mukaa` and from `Ukia`, so it is neither.
    const [best, runnerUp] = ranked;
    // A runner-up one edit further away is a real alternative (`Ugenja`: Ugenya or Ugunja?).
    if (runnerUp !== undefined && runnerUp[1] - best[1] < 2) {
      // Every rival counts, however short: the other levels of the record may still decide
      // between them (`Kiisi` is Kisii or Kitui; a constituency of Kisii settles it).
      return { how: 'spelling', codes: ranked.filter(([, distance]) => distance - best[1] < 2).map(([code]) => code) };
    }
    return { how: 'spelling', codes: [best[0]] };
  }
}

function addTo(map: Map<string, string[]>, key: string, code: string): void {
  if (key.length === 0) return;
  const codes = map.get(key);
  if (codes === undefined) map.set(key, [code]);
  else if (!codes.includes(code)) codes.push(code);
}
