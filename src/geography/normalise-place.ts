// The one normalisation of a Kenyan place name used for every lookup: the gazetteer index, the
// resolver's cache key and (through the seed) the GeoAlias table all compare names in this form,
// so that `Murang’a County`, `MURANGA` and `murang'a` meet at the same key.

/** Words that say what kind of unit a name is, not which one; partners append them freely. */
const UNIT_WORDS = new Set(['county', 'constituency', 'ward', 'subcounty', 'subcounties']);

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
  const words = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&amp;/g, '&')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/\bsub[\s-]*count(y|ies)\b/g, 'subcounty')
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
  const isUnitWord = (token: string | undefined) => token !== undefined && (UNIT_WORDS.has(token) || token === 'sub');
  while (tokens.length > 1 && isUnitWord(tokens[tokens.length - 1])) tokens.pop();
  while (tokens.length > 1 && isUnitWord(tokens[0])) tokens.shift();
  return tokens.join(' ');
}
