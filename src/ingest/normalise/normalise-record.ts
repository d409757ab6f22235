// The normalise stage: a validated draft in the partner's words → canonical values, with a
// warning for everything that had to be corrected, guessed at or left out.
import type { GeographyInput } from '../geography/types.js';
import type { CanonicalRecord, RawRecord } from '../record.js';
import type { FacilityDraft } from '../validate/draft.js';
import { normaliseContacts } from './contacts.js';
import { normaliseCoordinates } from './coordinates.js';
import { classifyFacility } from './facility-type.js';
import { isConfidentialByDefault } from './confidential.js';
import { normaliseIdentifiers } from './identifiers.js';
import { Warnings } from './issues.js';
import { displayName, searchName } from './name.js';
import { describeUnknown, mapServices } from './services.js';
import { SHIPPED_VOCABULARY, type ServiceVocabulary } from '../services/vocabulary.js';
import { normaliseStatus } from './status.js';
import { cleanOptionalText } from './text.js';

/** A canonical record still to be placed: geography, and so identity, come next. */
export type NormalisedRecord = Omit<CanonicalRecord, 'sourceKey' | 'contentHash' | 'geography'> & {
  /** The place names as the record gives them, cleaned, for the geography resolver. */
  place: GeographyInput;
};

/** `vocabulary`: the service names known, shipped and taught by a steward. */
export function normaliseRecord(raw: RawRecord, draft: FacilityDraft, vocabulary: ServiceVocabulary = SHIPPED_VOCABULARY): NormalisedRecord {
  const warnings = new Warnings(raw);
  const name = displayName(draft.name);
  const nameKey = searchName(name);
  const typeText = cleanOptionalText(draft.typeText);
  const { type, subtype } = classifyFacility(raw.kind, nameKey, typeText, warnings);

  const servicesField = draft.servicesField ?? 'services';
  const { services, unknown } = mapServices(draft.services, draft.statedServices, vocabulary);
  if (unknown.length > 0) {
    const described = describeUnknown(unknown, vocabulary).map(({ name, nearest }) => `"${name}"${nearest.length ? ` (nearest: ${nearest.join(', ')})` : ''}`);
    warnings.add(
      'UNKNOWN_SERVICE',
      servicesField,
      `Not in the service taxonomy, so not listed: ${described.join(', ')}. Teach a service synonym if one of them is a known service.`,
    );
  }

  const { contacts, persons, website } = normaliseContacts(draft.contacts, draft.persons, warnings);
  const location = normaliseCoordinates(draft.coordinates, warnings);
  const status = normaliseStatus(cleanOptionalText(draft.statusText), 'status', warnings);
  const ownership = cleanOptionalText(draft.ownership);
  const address = cleanOptionalText(draft.address);
  const openingHours = cleanOptionalText(draft.openingHours);

  return {
    kind: raw.kind,
    fileName: raw.fileName,
    pointer: raw.pointer,
    name,
    searchName: nameKey,
    type,
    ...(subtype ? { subtype } : {}),
    ...(ownership ? { ownership } : {}),
    status,
    identifiers: normaliseIdentifiers(draft.identifiers),
    ...(location ? { location } : {}),
    ...(address ? { address } : {}),
    ...(openingHours ? { openingHours } : {}),
    ...(website ? { website } : {}),
    services,
    contacts,
    persons,
    // Safe houses survive by not being found: their position is never published.
    confidentialLocation: isConfidentialByDefault({ type, searchName: nameKey, services, ...(typeText ? { typeText } : {}) }),
    issues: warnings.issues,
    payload: raw.payload,
    place: cleanPlace(draft.place),
  };
}

function cleanPlace(place: GeographyInput): GeographyInput {
  const cleaned: GeographyInput = {};
  for (const field of ['county', 'constituency', 'ward', 'text'] as const) {
    const value = cleanOptionalText(place[field]);
    if (value) cleaned[field] = value;
  }
  return cleaned;
}
