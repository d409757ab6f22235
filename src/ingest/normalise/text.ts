// Text as partners type it, cleaned: wrong-code-page decoding repaired, HTML entities decoded,
// typographic quotes straightened, invisible format characters dropped, whitespace (tabs,
// non-breaking spaces, runs) collapsed.
import { repairMojibake } from './encoding.js';

/**
 * Characters that take no space on screen: zero-width spaces and joiners, the word joiner, the
 * byte-order mark, and the bidirectional marks, embeddings, overrides and isolates. A name made
 * only of them looks empty but is not '' until they are gone; an override can make a listed
 * name read differently from what is stored and searched ("Trojan Source").
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u061C\uFEFF]/g;

/** The text without invisible format characters (see INVISIBLE). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  apos: "'",
  quot: '"',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  hellip: '…',
  deg: '°',
  ordm: 'º',
  prime: '′',
  Prime: '″',
  acirc: 'â',
  eacute: 'é',
  egrave: 'è',
  euro: '€',
  trade: '™',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const codePoint = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(codePoint) && codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    }
    return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

export function cleanText(text: string): string {
  // Entities first: `&acirc;&euro;&trade;` is mojibake too once decoded.
  return stripInvisible(repairMojibake(decodeHtmlEntities(text)))
    .replace(/[\u2018\u2019\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/** Cleaned text, or undefined when nothing is left. */
export function cleanOptionalText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = cleanText(text);
  return cleaned === '' ? undefined : cleaned;
}

/** Lower-case, accents removed: the first step of every comparison key. */
export function foldCase(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
