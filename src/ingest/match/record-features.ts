// A record, or a facility rebuilt as one, seen as the matcher sees it.
import type { CanonicalRecord } from '../record.js';
import type { MatchFeatures } from './features.js';
import { shareNameProfile } from './score.js';

export function matchFeatures(id: string, r: CanonicalRecord): MatchFeatures {
  return {
    id,
    name: r.name,
    searchName: r.searchName,
    type: r.type,
    countyCode: r.geography.countyCode,
    constituencyCode: r.geography.constituencyCode,
    wardCode: r.geography.wardCode,
    latitude: r.location?.latitude,
    longitude: r.location?.longitude,
    phones: r.contacts.filter((c) => c.type === 'PHONE' || c.type === 'HOTLINE').map((c) => c.value),
    emails: r.contacts.filter((c) => c.type === 'EMAIL').map((c) => c.value),
    identifiers: r.identifiers,
    confidential: r.confidentialLocation,
  };
}

/** The same features under another id (and identifiers), keeping the name already analysed. */
export function withId(features: MatchFeatures, id: string, identifiers = features.identifiers): MatchFeatures {
  return shareNameProfile(features, { ...features, id, identifiers });
}
