// Partner service names → taxonomy keys. A name known as a whole is taken whole ("HIV testing
// and counselling", "Gender & children desk"); otherwise it is split where partners list several:
// first at separators (",", ";", "/", "+", "|", "•", new lines), then each part at conjunctions
// ("and", "&", "na", "or", "au", "with"), so "HIV testing and counselling, Legal aid" keeps its
// first service whole. Names still unknown are reported with the nearest keys.
import { SERVICE_KEYS, type ServiceKey } from '../services/taxonomy.js';
import { SHIPPED_VOCABULARY, type ServiceVocabulary } from '../services/vocabulary.js';
import type { ServiceMention } from '../validate/draft.js';

// A slash between digits is part of the name ("24/7 helpline").
const SEPARATORS = /\s*(?:[;,+|•·\n\r\t]|(?<!\d)\/|\/(?!\d)|\s-\s|\s–\s)\s*/;
const CONJUNCTIONS = /\s+(?:and|&|na|or|au|with|pamoja na|plus)\s+|\s*&\s*/i;

export interface UnknownService {
  /** The name as written. */
  name: string;
  /** The keys nearest to it, nearest first (may be empty). */
  nearest: ServiceKey[];
}

export interface ServiceMapping {
  /** Taxonomy keys, deduplicated, in taxonomy order. */
  services: ServiceKey[];
  /** Names that match no taxonomy service, as written. */
  unknown: string[];
}

export function mapServices(
  mentions: readonly ServiceMention[],
  stated: readonly ServiceKey[] = [],
  vocabulary: ServiceVocabulary = SHIPPED_VOCABULARY,
): ServiceMapping {
  const found = new Set<ServiceKey>(stated);
  const unknown: string[] = [];
  for (const mention of mentions) {
    for (const result of mapMention(mention, vocabulary, 0)) {
      if (typeof result === 'string') found.add(result);
      else if (!unknown.includes(result.unknown)) unknown.push(result.unknown);
    }
  }
  return { services: SERVICE_KEYS.filter((key) => found.has(key)), unknown };
}

/** Each unknown name with the keys nearest to it, for a warning a person can act on. */
export function describeUnknown(unknown: readonly string[], vocabulary: ServiceVocabulary = SHIPPED_VOCABULARY): UnknownService[] {
  return unknown.map((name) => ({ name, nearest: vocabulary.nearest(name) }));
}

type Mapped = ServiceKey | { unknown: string };

/** `depth` 0 splits at separators, 1 at conjunctions, 2 no further. */
function mapMention(mention: string, vocabulary: ServiceVocabulary, depth: number): Mapped[] {
  const whole = vocabulary.lookup(mention);
  if (whole) return [whole];
  for (let level = depth; level < 2; level++) {
    const parts = splitOutsideBrackets(mention, level === 0 ? SEPARATORS : CONJUNCTIONS);
    if (parts.length > 1) return parts.flatMap((part) => mapMention(part, vocabulary, level === 0 ? 1 : 2));
  }
  // Only a single name may be known by its gloss alone: "Post Rape Care (PRC)", "Counselling (PSS)".
  const glossed = vocabulary.lookup(mention.replace(/\([^)]*\)/g, ' ')) ?? vocabulary.lookup(/\(([^)]*)\)/.exec(mention)?.[1] ?? '');
  return [glossed ?? { unknown: mention.trim() }];
}

/** Splits at `joiners`, leaving bracketed glosses ("(PEP, PrEP)") whole. */
function splitOutsideBrackets(text: string, joiners: RegExp): string[] {
  const glosses: string[] = [];
  const masked = text.replace(/\([^)]*\)/g, (gloss) => `\u0000${glosses.push(gloss) - 1}\u0000`);
  return masked
    .split(joiners)
    .map((part) => part.replace(/\u0000(\d+)\u0000/g, (_, index: string) => glosses[Number(index)]).trim())
    .filter((part) => part !== '');
}
