// Match features and block keys are computed from records; a derived facility is turned back
// into one so that the registry is indexed exactly as incoming records are.
import type { CanonicalRecord } from '../record.js';
import type { DerivedFacility } from './survivorship.js';

/** Match features need a record shape; a derived facility provides the same fields. */
export function derivedAsRecord(d: DerivedFacility): CanonicalRecord {
  const v = d.values;
  return {
    kind: v.coordinateSourceKind ?? 'regional',
    fileName: '',
    pointer: '',
    sourceKey: '',
    contentHash: '',
    name: v.name,
    searchName: v.searchName,
    type: v.type,
    status: v.status,
    identifiers: {
      mflCode: v.mflCode ?? undefined,
      stationCode: v.stationCode ?? undefined,
      branchCode: v.branchCode ?? undefined,
      registrationNumber: v.registrationNumber ?? undefined,
    },
    geography: { countyCode: v.countyCode, constituencyCode: v.constituencyCode ?? undefined, wardCode: v.wardCode ?? undefined },
    location: v.latitude !== null && v.longitude !== null ? { latitude: v.latitude, longitude: v.longitude, origin: v.coordinateOrigin ?? 'SOURCE' } : undefined,
    services: d.services,
    contacts: d.contacts,
    persons: [],
    confidentialLocation: v.confidentialLocation,
    issues: [],
    payload: null,
  };
}
