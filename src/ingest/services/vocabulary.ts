// Partner service names → taxonomy keys, as a lookup over data: the shipped synonyms
// (synonyms.json) plus what a data steward has taught the registry (the ServiceSynonym table).
// Exact forms first; a misspelling only when it is close to one service and clearly farther from
// every other, so a typo never turns one service into another.
import { editDistance } from '../../geography/string-similarity.js';
import { foldCase } from '../normalise/text.js';
import { SERVICE_TAXONOMY, type ServiceKey } from './taxonomy.js';

export interface TaughtSynonym { text: string; serviceKey: ServiceKey }

/** Words that wrap a service name without changing it: "… services", "huduma za …". */
const TAIL = / (services?|support|programmes?|programs?|provision|offered|available|huduma)$/;
const HEAD = /^(huduma (za|ya) |provision of |access to )/;

/**
 * Case, accents, punctuation and "&" folded; each word's plural "s" dropped, so "Shelters" and
 * "Safe houses" need no entry. Short words (abbreviations such as PSS, IGAs) keep their letters.
 */
export function serviceLookupKey(name: string): string {
  return foldCase(name)
    .replace(/&/g, ' and ')
    .replace(/[.'’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((word) => (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word))
    .join(' ');
}

/** Typo tolerance by length: none for abbreviations, one edit for short names, two for long. */
function allowedEdits(length: number): number {
  if (length < 6) return 0;
  return length < 12 ? 1 : 2;
}

/** How much farther the nearest other service must be than the best one. */
const MARGIN = 2;
/** Names whose near-miss answer is remembered. */
const FUZZY_MEMORY = 10_000;

export class ServiceVocabulary {
  private readonly byKey = new Map<string, ServiceKey>();
  private readonly fuzzy = new Map<string, ServiceKey | null>();

  constructor(entries: Iterable<readonly [string, ServiceKey]>) {
    for (const [name, key] of entries) {
      const lookup = serviceLookupKey(name);
      if (lookup !== '') this.byKey.set(lookup, key);
    }
  }

  /** The shipped vocabulary with names a steward taught (a taught name wins over a shipped one). */
  with(taught: readonly TaughtSynonym[]): ServiceVocabulary {
    if (taught.length === 0) return this;
    return new ServiceVocabulary([...this.byKey, ...taught.map((t) => [t.text, t.serviceKey] as const)]);
  }

  /** The key a single service name means, or undefined. */
  lookup(name: string): ServiceKey | undefined {
    const key = serviceLookupKey(name);
    if (key === '') return undefined;
    for (const form of wrappedForms(key)) {
      const found = this.byKey.get(form);
      if (found) return found;
    }
    return this.nearMiss(key);
  }

  /** Up to `limit` service keys whose names are nearest to `name`, nearest first: for the warning. */
  nearest(name: string, limit = 3): ServiceKey[] {
    const key = serviceLookupKey(name);
    const best = new Map<ServiceKey, number>();
    for (const [known, service] of this.byKey) {
      const distance = editDistance(key, known) / Math.max(key.length, known.length, 1);
      if (distance < (best.get(service) ?? Infinity)) best.set(service, distance);
    }
    return [...best].filter(([, d]) => d < 0.6).sort((a, b) => a[1] - b[1]).slice(0, limit).map(([service]) => service);
  }

  /** A misspelt name: within the allowed edits of one service, and MARGIN farther from any other. */
  private nearMiss(key: string): ServiceKey | undefined {
    const remembered = this.fuzzy.get(key);
    if (remembered !== undefined) return remembered ?? undefined;
    const allowed = allowedEdits(key.length);
    let found: ServiceKey | null = null;
    if (allowed > 0) {
      const nearestOf = new Map<ServiceKey, number>();
      for (const [known, service] of this.byKey) {
        const d = editDistance(key, known, allowed + MARGIN);
        if (d < (nearestOf.get(service) ?? Infinity)) nearestOf.set(service, d);
      }
      const ranked = [...nearestOf].sort((a, b) => a[1] - b[1]);
      const [best, runnerUp] = ranked;
      if (best && best[1] <= allowed && (!runnerUp || runnerUp[1] - best[1] >= MARGIN)) found = best[0];
    }
    // Unknown names recur across a delivery; the memory is bounded for a long-lived process.
    if (this.fuzzy.size >= FUZZY_MEMORY) this.fuzzy.clear();
    this.fuzzy.set(key, found);
    return found ?? undefined;
  }
}

/** The name itself, then without each wrapping word in turn ("Legal aid services", "Huduma za ushauri"). */
function wrappedForms(key: string): string[] {
  const forms = [key];
  for (let i = 0; i < forms.length; i++) {
    for (const next of [forms[i].replace(TAIL, ''), forms[i].replace(HEAD, '')]) {
      if (next !== '' && !forms.includes(next)) forms.push(next);
    }
  }
  return forms;
}

/** Every key's label and synonyms, and the key itself (`post_rape_care` as written by a system). */
export const SHIPPED_VOCABULARY = new ServiceVocabulary(
  SERVICE_TAXONOMY.flatMap(({ key, label, synonyms }) => [key, label, ...synonyms].map((name) => [name, key] as const)),
);
