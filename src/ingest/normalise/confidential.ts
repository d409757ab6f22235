// Which facilities' positions are secret from the moment they are loaded. A safe house survives
// by not being found, and partners do not always call it one: a support organisation that
// offers shelter, or whose name says refuge, rescue or safe house (in English or Swahili), is
// treated as one. Wrongly hiding a clinic costs a directory entry its map pin until a
// DATA_ENGINEER lifts it (audited); wrongly publishing a safe house can cost a life.
import type { FacilityType } from '../record.js';
import { foldCase } from './text.js';

/**
 * Words of a name or a partner's type text that say "refuge". Matched against search names and
 * folded type text (lower case, accent-free). The re-classifying migration
 * (20261208100100_confidential_by_default) holds the same pattern for PostgreSQL: change both.
 */
const REFUGE_WORDS =
  /\bsafe ?(house|haven|home|space)s?\b|\bshelters?\b|\brefuges?\b|\brescue\b|\bnyumba (salama|ya (hifadhi|usalama|wanawake|matumaini))\b|\bkimbilio\b|\bmakazi\b|\bhifadhi\b|\buokoaji\b/;

export interface ConfidentialitySignals {
  type: FacilityType;
  /** The record's search name (name.ts). */
  searchName: string;
  /** The partner's own type text, as given. */
  typeText?: string;
  /** Service keys of the taxonomy. */
  services: readonly string[];
}

export function isConfidentialByDefault(record: ConfidentialitySignals): boolean {
  return (
    record.type === 'SHELTER' ||
    record.services.includes('shelter') ||
    REFUGE_WORDS.test(record.searchName) ||
    (record.typeText !== undefined && REFUGE_WORDS.test(foldCase(record.typeText)))
  );
}
