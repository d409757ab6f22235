// Survivorship: a facility's values are derived from every source record that currently
// describes it, never edited in place. Updating, merging and unmerging therefore all come down to
// "which records belong to this facility" — the values follow, and can always be rebuilt.
//
// Rules, per field, over the facility's records in order of trust:
//   1. a record carrying an official code (MFL, police station, branch, registration number)
//      before one without;
//   2. then the most recently delivered;
//   3. then the most complete.
// The first record in that order with a value wins. Services, contacts and persons are unions.
// Geography comes from the most specific record (ward over constituency over county), so a
// vague guest record never erases a ward an official record gave. Values a person set by hand
// (Facility.overrides) win over all of them.
import type {
  CanonicalRecord,
  Coordinates,
  FacilityStatus,
  FacilityType,
  GeographyCodes,
  NormalisedContact,
  NormalisedPerson,
  SourceKind,
} from '../record.js';
import { searchName } from '../normalise/name.js';
import { SERVICE_KEYS } from '../services/taxonomy.js';

/** One record of a facility, as survivorship sees it. */
export interface SurvivorInput {
  record: CanonicalRecord;
  /** When the record was delivered (its import's time). */
  seenAt: Date;
}

export interface FacilityValues {
  name: string;
  searchName: string;
  type: FacilityType;
  subtype: string | null;
  ownership: string | null;
  status: FacilityStatus;
  mflCode: string | null;
  stationCode: string | null;
  branchCode: string | null;
  registrationNumber: string | null;
  countyCode: string;
  constituencyCode: string | null;
  wardCode: string | null;
  latitude: number | null;
  longitude: number | null;
  coordinateOrigin: Coordinates['origin'] | null;
  coordinateSourceKind: SourceKind | null;
  address: string | null;
  openingHours: string | null;
  website: string | null;
  confidentialLocation: boolean;
  qualityScore: number;
}

export interface DerivedFacility {
  values: FacilityValues;
  services: string[];
  contacts: NormalisedContact[];
  persons: NormalisedPerson[];
}

/** Fields a person may pin by hand. */
export type Overrides = Partial<Pick<FacilityValues, 'name' | 'type' | 'status' | 'confidentialLocation' | 'latitude' | 'longitude' | 'address'>>;

function hasOfficialCode(r: CanonicalRecord): boolean {
  const i = r.identifiers;
  return Boolean(i.mflCode || i.stationCode || i.branchCode || i.registrationNumber);
}

function completeness(r: CanonicalRecord): number {
  return [
    r.geography.constituencyCode,
    r.geography.wardCode,
    r.location,
    r.address,
    r.openingHours,
    r.website,
    r.subtype,
    r.ownership,
    r.status !== 'UNKNOWN' ? r.status : undefined,
  ].filter(Boolean).length + r.contacts.length + r.services.length;
}

function byTrust(a: SurvivorInput, b: SurvivorInput): number {
  return (
    Number(hasOfficialCode(b.record)) - Number(hasOfficialCode(a.record)) ||
    b.seenAt.getTime() - a.seenAt.getTime() ||
    completeness(b.record) - completeness(a.record) ||
    // Deterministic tie-break, so the same inputs always derive the same facility.
    `${a.record.kind}${a.record.sourceKey}${a.record.pointer}`.localeCompare(`${b.record.kind}${b.record.sourceKey}${b.record.pointer}`)
  );
}

function geographyDepth(g: GeographyCodes): number {
  return g.wardCode ? 3 : g.constituencyCode ? 2 : 1;
}

function first<T>(ordered: CanonicalRecord[], pick: (r: CanonicalRecord) => T | undefined | null): T | null {
  for (const r of ordered) {
    const v = pick(r);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return null;
}

/** What having a position adds to the quality score; the API adds it back where it is withheld. */
export const QUALITY_WEIGHTS = { coordinates: 0.15, ward: 0.1 } as const;

export function qualityScore(v: Omit<FacilityValues, 'qualityScore'>, services: string[], contacts: NormalisedContact[]): number {
  const has = (t: NormalisedContact['type']) => contacts.some((c) => c.type === t);
  const weights: [boolean, number][] = [
    [v.type !== 'OTHER', 0.05],
    [v.status !== 'UNKNOWN', 0.05],
    [true, 0.1], // county: every loaded facility has one
    [Boolean(v.constituencyCode), 0.1],
    [Boolean(v.wardCode), QUALITY_WEIGHTS.ward],
    [v.latitude !== null, QUALITY_WEIGHTS.coordinates],
    [has('PHONE') || has('HOTLINE'), 0.2],
    [has('EMAIL'), 0.05],
    [services.length > 0, 0.1],
    [Boolean(v.mflCode || v.stationCode || v.branchCode || v.registrationNumber), 0.1],
  ];
  return Math.round(weights.reduce((s, [ok, w]) => s + (ok ? w : 0), 0) * 100) / 100;
}

export function deriveFacility(inputs: SurvivorInput[], overrides: Overrides = {}): DerivedFacility {
  if (inputs.length === 0) throw new Error('a facility needs at least one source record');
  const ordered = [...inputs].sort(byTrust).map((i) => i.record);
  const top = ordered[0];
  const geoSource = [...ordered].sort((a, b) => geographyDepth(b.geography) - geographyDepth(a.geography))[0];
  const located = ordered.find((r) => r.location);

  const contacts = new Map<string, NormalisedContact>();
  for (const r of ordered) {
    for (const c of r.contacts) {
      const key = `${c.type}:${c.value}`;
      if (!contacts.has(key)) contacts.set(key, { ...c, isPrimary: false });
    }
  }
  const primaryOfTop = ordered.flatMap((r) => r.contacts).find((c) => c.isPrimary) ?? [...contacts.values()][0];
  if (primaryOfTop) contacts.get(`${primaryOfTop.type}:${primaryOfTop.value}`)!.isPrimary = true;

  const persons = new Map<string, NormalisedPerson>();
  for (const r of ordered) for (const p of r.persons) {
    const key = `${p.role}|${p.name.toLowerCase()}|${p.phone ?? ''}`;
    if (!persons.has(key)) persons.set(key, p);
  }

  const offered = new Set(ordered.flatMap((r) => r.services));
  const services = SERVICE_KEYS.filter((k) => offered.has(k));

  const base: Omit<FacilityValues, 'qualityScore'> = {
    name: top.name,
    searchName: top.searchName,
    type: top.type,
    subtype: first(ordered, (r) => r.subtype),
    ownership: first(ordered, (r) => r.ownership),
    status: first<FacilityStatus>(ordered, (r) => (r.status === 'UNKNOWN' ? undefined : r.status)) ?? 'UNKNOWN',
    mflCode: first(ordered, (r) => r.identifiers.mflCode),
    stationCode: first(ordered, (r) => r.identifiers.stationCode),
    branchCode: first(ordered, (r) => r.identifiers.branchCode),
    registrationNumber: first(ordered, (r) => r.identifiers.registrationNumber),
    countyCode: geoSource.geography.countyCode,
    constituencyCode: geoSource.geography.constituencyCode ?? null,
    wardCode: geoSource.geography.wardCode ?? null,
    latitude: located?.location?.latitude ?? null,
    longitude: located?.location?.longitude ?? null,
    coordinateOrigin: located?.location?.origin ?? null,
    coordinateSourceKind: located?.kind ?? null,
    address: first(ordered, (r) => r.address),
    openingHours: first(ordered, (r) => r.openingHours),
    website: first(ordered, (r) => r.website),
    // Safety first: one source calling it a shelter is enough to hide where it is.
    confidentialLocation: ordered.some((r) => r.confidentialLocation),
  };
  const pinned = { ...base, ...overrides };
  // A name set by hand is searched and matched like any other.
  if (overrides.name !== undefined) pinned.searchName = searchName(overrides.name);
  if (overrides.latitude !== undefined || overrides.longitude !== undefined) pinned.coordinateOrigin = 'MANUAL';
  const contactList = [...contacts.values()];
  return {
    values: { ...pinned, qualityScore: qualityScore(pinned, services, contactList) },
    services,
    contacts: contactList,
    persons: [...persons.values()],
  };
}
