// One raw record through validate → normalise → resolve geography, ready to be matched and loaded.
import type { GeographyResolver } from './geography/types.js';
import type { ServiceVocabulary } from './services/vocabulary.js';
import { contentHashOf, sourceKeyOf, type KeyedDigest } from './normalise/identity.js';
import { normaliseRecord, type NormalisedRecord } from './normalise/normalise-record.js';
import type { CanonicalRecord, GeographyCodes, RawRecord, RecordResult } from './record.js';
import { validateRecord } from './validate/validate-record.js';

export interface ProcessDependencies {
  geography: GeographyResolver;
  /** Keys records found by name and place (identity.ts): such keys must not be guessable. */
  keyed: KeyedDigest;
  /** The service names known; the shipped vocabulary when absent. */
  vocabulary?: ServiceVocabulary;
}

export function processRecord(raw: RawRecord, deps: ProcessDependencies): RecordResult {
  const validated = validateRecord(raw);
  if (!validated.ok) return validated;

  const { place, ...normalised } = normaliseRecord(raw, validated.draft, deps.vocabulary);
  const resolution = deps.geography.resolve(place, { fileName: raw.fileName, pointer: raw.pointer });
  // A record that cannot be placed in a Kenyan county cannot be listed anywhere: rejected.
  if (!resolution.ok) return { ok: false, issues: [...resolution.issues, ...normalised.issues] };

  const geography = resolution.codes;
  return {
    ok: true,
    record: {
      ...normalised,
      geography,
      sourceKey: sourceKeyOf(normalised.identifiers, normalised.searchName, geography, deps.keyed),
      contentHash: contentHashOf(hashedContent(normalised, geography)),
      issues: [...normalised.issues, ...resolution.issues],
    },
  };
}

/** What a re-import compares: the normalised facts, not where in which file they were found. */
function hashedContent(record: Omit<NormalisedRecord, 'place'>, geography: GeographyCodes): Partial<CanonicalRecord> {
  const { kind, fileName, pointer, issues, payload, ...content } = record;
  return { ...content, geography };
}
