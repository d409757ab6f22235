// Partner service names → taxonomy keys. Names are compared case-, accent- and
// punctuation-insensitively; a name that is not known as a whole is split where partners join
// several ("Legal advice, Counselling", "GBV desk / Police reporting", "... and Legal representation").
import { SERVICE_KEYS, SERVICE_TAXONOMY, type ServiceKey } from '../services/taxonomy.js';
import type { ServiceMention } from '../validate/draft.js';
import { foldCase } from './text.js';

export function serviceLookupKey(name: string): string {
  return foldCase(name)
    .replace(/&/g, ' and ')
    .replace(/[.'’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const SERVICE_BY_NAME: ReadonlyMap<string, ServiceKey> = new Map(
  SERVICE_TAXONOMY.flatMap(({ key, label, synonyms }) =>
    [key, label, ...synonyms].map((name) => [serviceLookupKey(name), key] as const),
  ),
);

const JOINERS = /\s*(?:[;,/+|]|\band\b|&)\s*/i;

export interface ServiceMapping {
  /** Taxonomy keys, deduplicated, in taxonomy order. */
  services: ServiceKey[];
  /** Names that match no taxonomy service, as written. */
  unknown: string[];
}

export function mapServices(mentions: readonly ServiceMention[], stated: readonly ServiceKey[] = []): ServiceMapping {
  const found = new Set<ServiceKey>(stated);
  const unknown: string[] = [];
  for (const mention of mentions) {
    for (const result of mapMention(mention)) {
      if (typeof result === 'string') found.add(result);
      else if (!unknown.includes(result.unknown)) unknown.push(result.unknown);
    }
  }
  return { services: SERVICE_KEYS.filter((key) => found.has(key)), unknown };
}

function mapMention(mention: string): (ServiceKey | { unknown: string })[] {
  const whole = lookup(mention);
  if (whole) return [whole];
  const parts = splitOutsideBrackets(mention);
  if (parts.length > 1) return parts.flatMap(mapMention);
  // Only a single name may be known by its gloss alone: "Post Rape Care (PRC)", "Counselling (PSS)".
  const glossed = lookup(mention.replace(/\([^)]*\)/g, ' ')) ?? lookup(/\(([^)]*)\)/.exec(mention)?.[1] ?? '');
  return [glossed ?? { unknown: mention.trim() }];
}

/** Exact name, or the name without a trailing "services"/"programmes". */
function lookup(name: string): ServiceKey | undefined {
  const key = serviceLookupKey(name);
  if (key === '') return undefined;
  return SERVICE_BY_NAME.get(key) ?? SERVICE_BY_NAME.get(key.replace(/ (services?|programmes?|programs?)$/, ''));
}

/** Splits on the joiners, leaving bracketed glosses ("(PEP, PrEP)") whole. */
function splitOutsideBrackets(text: string): string[] {
  const glosses: string[] = [];
  const masked = text.replace(/\([^)]*\)/g, (gloss) => `\u0000${glosses.push(gloss) - 1}\u0000`);
  return masked
    .split(JOINERS)
    .map((part) => part.replace(/\u0000(\d+)\u0000/g, (_, index: string) => glosses[Number(index)]).trim())
    .filter((part) => part !== '');
}
