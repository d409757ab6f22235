// The one normalisation of a Kenyan place name used for every lookup: the gazetteer index, the
// resolver's cache key and (through the seed) the GeoAlias table all compare names in this form,
// so that `Murang’a County`, `MURANGA` and `murang'a` meet at the same key.

import { repairMojibake } from '../ingest/normalise/encoding.js';

/**
 * Words that say what kind of unit a name is, or that wrap it in administrative prose, not which
 * unit it is; partners put them before or after the name, in English and Swahili ("County
 * Government of …", "Kaunti ya …", "Jimbo la …", "Wadi ya …", "… City County", "… Location").
 * Only dropped at the ends, so names with such words inside (`Maji ya Chumvi`) are untouched.
 */
const WRAPPER_WORDS = new Set([
  // English unit words and their abbreviations.
  'county', 'cty', 'cnty', 'constituency', 'const', 'constit', 'ward', 'wd', 'subcounty', 'subcounties', 'sc',
  'location', 'loc', 'sublocation', 'division', 'div', 'province', 'prov', 'city', 'municipality',
  // English connectives of the wrappers.
  'government', 'govt', 'gov', 'of', 'the',
  // Swahili: kaunti (county), jimbo (constituency), wadi/kata (ward), tarafa (division), mkoa (province), and their connectives.
  'kaunti', 'jimbo', 'wadi', 'kata', 'tarafa', 'mkoa', 'serikali', 'ya', 'la', 'wa',
]);

/**
 * Kenya's eight former provinces, in English and Swahili, as normalised words. Partners write
 * them before or around the county (`Rift Valley - Nakuru`, `Nyanza Province, Kisumu`); no
 * county name begins or ends with one except Nairobi, which is its own province.
 */
const FORMER_PROVINCES: readonly string[] = [
  'central', 'coast', 'eastern', 'north eastern', 'nyanza', 'rift valley', 'western',
  'kati', 'pwani', 'mashariki', 'kaskazini mashariki', 'bonde la ufa', 'magharibi',
]
  // Longest first, so `north eastern` is taken whole rather than as `eastern`; Nairobi last,
  // because it is a county too and `Nairobi, Nairobi` must keep one of them.
  .sort((a, b) => b.length - a.length)
  .concat('nairobi');

/** Abbreviations and numerals written two ways in the wild (`Mt Elgon`, `Umoja I` / `Umoja 1`). */
const TOKEN_SPELLINGS = new Map<string, string>([
  ['mt', 'mount'],
  ['i', '1'],
  ['ii', '2'],
  ['iii', '3'],
  ['iv', '4'],
]);

/** Values partners write where they mean "no value". */
const PLACEHOLDERS = new Set(['', 'na', 'n/a', 'none', 'nil', 'null', 'unknown', 'not known', 'not applicable']);

/**
 * Lower-case, accent-free, apostrophes dropped (`Murang'a` = `Muranga`), other punctuation
 * turned into spaces, bracketed qualifiers removed, unit words (`County`, `Sub County`,
 * `Constituency`, `Ward`) dropped at either end, whitespace collapsed. A `/` between
 * alternatives (`Parklands/Highridge`) is kept, without spaces around it, because its halves
 * are names in their own right.
 */
export function normalisePlaceName(raw: string): string {
  const words = repairMojibake(raw)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&amp;/g, '&')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/['’‘`´ʼ]/g, '')
    // `Sub-County`, `Sub Cty`, `S/C`, `S.C.`: one word before the `/` below can split it.
    .replace(/\bsub[\s.-]*(?:count(?:y|ies)|cty|cnty|c)\b\.?/g, ' subcounty ')
    .replace(/\bs\s*[/.\\]\s*c(?:ounty|ty)?\b\.?/g, ' subcounty ')
    .replace(/[^a-z0-9/]+/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .split('/')
    .map(respellTokens)
    .filter((half) => half.length > 0)
    .join('/');
  return dropUnitWords(words);
}

/** The compact key the lookup maps use: the normalised name without spaces or slashes, so that `Homabay` = `Homa Bay`. */
export function placeKey(normalised: string): string {
  return normalised.replace(/[\s/]+/g, '');
}

/** The words of a normalised name, slash halves included (`kabuoch south/pala` → kabuoch, south, pala). */
export function placeTokens(normalised: string): string[] {
  return normalised.split(/[\s/]+/).filter((token) => token.length > 0);
}

/** Word order does not distinguish Kenyan units (`Imenti North` = `North Imenti`), so sorted words are a key too. */
export function sortedWordsKey(normalised: string): string {
  return placeTokens(normalised).sort().join(' ');
}

/** The halves of a compound name (`mumberes/maji mazuri` → both); empty for a simple name. */
export function slashHalves(normalised: string): string[] {
  if (!normalised.includes('/')) return [];
  return normalised.split('/').filter((half) => half.length > 0);
}

/** True for empty values and the placeholders partners use instead (`N/A`, `-`, `unknown`). */
export function isPlaceholderName(normalised: string): boolean {
  return PLACEHOLDERS.has(normalised) || PLACEHOLDERS.has(normalised.replace('/', ''));
}

function respellTokens(half: string): string {
  return half
    .split(' ')
    .filter((token) => token.length > 0)
    .map((token) => TOKEN_SPELLINGS.get(token) ?? token)
    .join(' ');
}

function dropUnitWords(normalised: string): string {
  const tokens = normalised.split(' ');
  // `sub` survives only as half of a spelt-out "sub county" that the regex above could not join.
  const isUnitWord = (token: string | undefined) => token !== undefined && (WRAPPER_WORDS.has(token) || token === 'sub');
  while (tokens.length > 1 && isUnitWord(tokens[tokens.length - 1])) tokens.pop();
  while (tokens.length > 1 && isUnitWord(tokens[0])) tokens.shift();
  return tokens.join(' ');
}

/**
 * A county name without the former province written before or after it (`rift valley nakuru` →
 * `nakuru`). Only for county names: `Central` and `Western` begin constituency names.
 */
export function withoutProvince(normalised: string): string {
  if (isPlaceholderName(normalised)) return normalised;
  // Nothing but a wrapper (`County` beside a code) names no county; a ward may be called `Municipality`.
  if (WRAPPER_WORDS.has(normalised)) return '';
  // No county name has halves: `Western/Kakamega` is a province and a county.
  let words = ` ${normalised.replace(/\//g, ' ')} `;
  // Said to be a province (`Nyanza Province`, `Province of Nyanza`, `Mkoa wa Nyanza`): dropped wherever it stands.
  for (const province of FORMER_PROVINCES) {
    for (const phrase of [`${province} province`, `${province} prov`, `province of ${province}`, `mkoa wa ${province}`]) {
      words = words.replace(` ${phrase} `, ' ');
    }
  }
  words = ` ${dropUnitWords(words.trim())} `;
  // A bare province name at either end, when a name that is no province remains.
  for (const province of FORMER_PROVINCES) {
    const rest = words.startsWith(` ${province} `) ? words.slice(province.length + 1)
      : words.endsWith(` ${province} `) ? words.slice(0, words.length - province.length - 1)
        : undefined;
    const remaining = rest === undefined ? '' : dropUnitWords(rest.trim());
    if (remaining !== '') words = ` ${remaining} `;
  }
  return words.trim();
}

/**
 * The official county code a county field gives beside or instead of the name (`047`,
 * `047 - Nairobi`, `Nairobi (047)`, `47`): county names hold no digits, so a lone number in
 * 1..47 is the code. Returns the code (3 digits) and the text without it.
 */
export function readCountyCode(raw: string): { code?: string; rest: string } {
  const numbers = raw.match(/\d+/g) ?? [];
  if (numbers.length !== 1) return { rest: raw };
  const value = Number(numbers[0]);
  if (!Number.isInteger(value) || value < 1 || value > 47 || numbers[0].length > 3) return { rest: raw };
  return { code: String(value).padStart(3, '0'), rest: raw.replace(numbers[0], ' ') };
}
