// Facility names: a display name (cleaned, capitals tamed) and a search name (the form that
// search and duplicate matching compare, with the partners' abbreviations spelled out).
import { cleanText, foldCase } from './text.js';

/** Words that stay in capitals when an all-capitals name is re-cased. */
const ACRONYMS = new Set([
  'ACK', 'AIC', 'AIDS', 'AMREF', 'CBO', 'CDF', 'CJC', 'COVAW', 'CREAW', 'DCC', 'FBO', 'FIDA', 'GBV', 'GBVRC',
  'HC', 'HIV', 'HQ', 'ICRH', 'II', 'III', 'IRC', 'IV', 'KMTC', 'KNH', 'KPS', 'LVCT', 'MOH', 'MSF', 'MTRH', 'NGO',
  'NPS', 'OCS', 'PCEA', 'PEP', 'PRC', 'SDA', 'SGBV', 'SOS', 'UN', 'UNICEF', 'VCT', 'YMCA', 'YWCA',
]);

/** Words written in lower case inside a title ("Men for Gender Equality"). */
const MINOR_WORDS = new Set(['and', 'for', 'of', 'the', 'in', 'on', 'at', 'to', 'by', 'with']);

export function displayName(raw: string): string {
  const name = cleanText(raw);
  return hasUniformCase(name) ? titleCase(name) : name;
}

/** All capitals or all lower case: the partner did not choose the casing, so we may. */
function hasUniformCase(text: string): boolean {
  const hasUpper = /\p{Lu}/u.test(text);
  const hasLower = /\p{Ll}/u.test(text);
  return hasUpper !== hasLower;
}

export function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word, index) => word.split(/([-/])/).map((part) => casePart(part, index === 0)).join(''))
    .join(' ');
}

function casePart(part: string, firstWord: boolean): string {
  const letters = part.replace(/[^\p{L}\p{N}]/gu, '');
  if (letters === '' || part === '-' || part === '/') return part;
  if (ACRONYMS.has(letters.toUpperCase()) || letters.length === 1) return part.toUpperCase();
  const lower = part.toLowerCase();
  if (!firstWord && MINOR_WORDS.has(lower)) return lower;
  // Capitalise the first letter only: "women's" → "Women's", "murang'a" → "Murang'a".
  return lower.replace(/\p{L}/u, (letter) => letter.toUpperCase());
}

/** Multi-word abbreviations, matched on the folded name before punctuation is dropped. */
const PHRASE_EXPANSIONS: readonly [RegExp, string][] = [
  [/\bh\s*\/\s*c\b/g, ' health centre '],
  [/\bh\.?\s*(?:centre|center)\b/g, ' health centre '],
  [/\bp\s*\/\s*post\b/g, ' police post '],
  [/\bp\s*\/\s*base\b/g, ' patrol base '],
  [/\bp\s*\/\s*stn\b/g, ' police station '],
];

/** Single-word abbreviations and spelling variants, after punctuation is dropped. */
const WORD_EXPANSIONS: Readonly<Record<string, string>> = {
  hosp: 'hospital',
  hospl: 'hospital',
  disp: 'dispensary',
  hc: 'health centre',
  stn: 'station',
  pst: 'post',
  pol: 'police',
  net: 'network',
  ntwk: 'network',
  nwk: 'network',
  org: 'organisation',
  orgs: 'organisations',
  organization: 'organisation',
  organizations: 'organisations',
  center: 'centre',
  ctr: 'centre',
  cntr: 'centre',
  subcounty: 'sub county',
  govt: 'government',
  assoc: 'association',
  intl: 'international',
};

/**
 * "Nairobi Women’s Hosp. (Kitengela)" → "nairobi womens hospital": folded, accent- and
 * punctuation-free, abbreviations expanded, and trailing bracketed branch names dropped.
 */
export function searchName(name: string): string {
  let text = foldCase(cleanText(name)).replace(/&/g, ' and ');
  text = dropTrailingBrackets(text);
  for (const [pattern, expansion] of PHRASE_EXPANSIONS) text = text.replace(pattern, expansion);
  const words = text
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .flatMap((word) => (WORD_EXPANSIONS[word] ?? word).split(' '))
    .filter((word) => word !== '');
  if (words[0] === 'the' && words.length > 1) words.shift();
  return words.join(' ');
}

function dropTrailingBrackets(text: string): string {
  let result = text.trim();
  for (;;) {
    const stripped = result.replace(/\s*[([][^()[\]]*[)\]]$/, '').trim();
    if (stripped === result || stripped === '') return result;
    result = stripped;
  }
}
