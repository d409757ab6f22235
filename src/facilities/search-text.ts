// What a name search compares. Facility.searchName is written by the ingest's normaliser, so the
// query side runs the very same function over the caller's text: "Kenyatta Nat. Hosp" and the
// stored "kenyatta national hospital" then meet as "kenyatta nat hospital" vs the stored name,
// and every token is matched as a substring ("nat" inside "national").
import { searchName } from '../ingest/normalise/name.js';

/** Lower-case, accent- and punctuation-free, partner abbreviations spelled out. */
export function normaliseSearchText(text: string): string {
  return searchName(text);
}

/** The distinct words of a search, each of which a matching name must contain. */
export function searchTokens(text: string): string[] {
  const normalised = normaliseSearchText(text);
  return normalised === '' ? [] : [...new Set(normalised.split(' '))];
}
