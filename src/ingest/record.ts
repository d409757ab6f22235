// The shapes that flow between the ingest stages. Enum types come from the Prisma schema so
// that a record the pipeline produces is, field for field, what the load stage writes.
import type {
  ContactType,
  CoordinateOrigin,
  FacilityStatus,
  FacilityType,
  RecordOutcome,
  SourceKind,
} from '../generated/prisma/enums.js';

export type { ContactType, CoordinateOrigin, FacilityStatus, FacilityType, RecordOutcome, SourceKind };

export const SOURCE_KINDS = [
  'regional',
  'other_services',
  'kps_stations',
  'category_A',
  'category_B',
  'equity_afya',
  'gbv_support_organizations',
] as const satisfies readonly SourceKind[];

/** Where a record sits in its delivery: a JSON Pointer (JSON) or a 1-based line (NDJSON). */
export interface RecordOrigin {
  kind: SourceKind;
  fileName: string;
  /** `/regions/0/sub_counties/1/facilities/3` for JSON, `12` (the line number) for NDJSON. */
  pointer: string;
}

/** One record as the extract stage yields it: untyped, with the parent fields it inherits. */
export interface RawRecord extends RecordOrigin {
  /** The record object itself, untouched (may be of the wrong type: that is validate's job). */
  payload: unknown;
  /** Fields of enclosing objects (county, sub-county, category, network, ...), if any. */
  context: Record<string, unknown>;
}

export type IssueSeverity = 'ERROR' | 'WARNING';

export type IssueCode =
  | 'PARSE_ERROR'
  | 'MISSING_NAME'
  | 'VALUE_TOO_LONG'
  | 'WRONG_TYPE'
  | 'UNKNOWN_LOCATION'
  | 'UNKNOWN_KIND'
  | 'AMBIGUOUS_LOCATION'
  | 'UNRESOLVED_CONSTITUENCY'
  | 'UNRESOLVED_WARD'
  | 'INCONSISTENT_GEOGRAPHY'
  | 'INVALID_COORDINATES'
  | 'COORDINATES_ZERO'
  | 'COORDINATES_OUTSIDE_KENYA'
  | 'COORDINATES_SWAPPED'
  | 'INVALID_PHONE'
  | 'INVALID_EMAIL'
  | 'INVALID_URL'
  | 'UNKNOWN_SERVICE'
  | 'UNKNOWN_FACILITY_TYPE'
  | 'UNKNOWN_STATUS'
  | 'DUPLICATE_IN_FILE'
  | 'DUPLICATE_SOURCE_KEY'
  | 'CONFLICTING_IDENTIFIERS'
  | 'RECORD_FAILED'
  | 'WRONG_KIND'
  | 'NO_RECORDS'
  | 'MISSING_FROM_DELIVERY'
  | 'DELIVERY_SHRANK';

/** A problem with one record (or a whole file), phrased so that a person can act on it. */
export interface RecordIssue {
  code: IssueCode;
  severity: IssueSeverity;
  message: string;
  /** The field of the record the issue is about, as named in the source (`gps`, `contacts.phone`). */
  field?: string;
  fileName: string;
  pointer?: string;
}

export interface ExternalIdentifiers {
  mflCode?: string;
  stationCode?: string;
  branchCode?: string;
  registrationNumber?: string;
}

export interface GeographyCodes {
  countyCode: string;
  constituencyCode?: string;
  wardCode?: string;
}

export interface Coordinates {
  latitude: number;
  longitude: number;
  origin: CoordinateOrigin;
}

export interface NormalisedContact {
  type: ContactType;
  /** E.164 for phones, the bare short code for hotlines, lower-case e-mail, absolute URL. */
  value: string;
  isPrimary: boolean;
}

/** A named person: personal data, kept apart from the public contacts. */
export interface NormalisedPerson {
  role: string;
  name: string;
  phone?: string;
  email?: string;
}

/** A record after validate → normalise → resolve geography: ready to be matched and loaded. */
export interface CanonicalRecord extends RecordOrigin {
  /** Identity within the source (SOURCES.md: mfl_code, station_code, branch_code, registration_number, else a hash). */
  sourceKey: string;
  /** Hash of the normalised content: equal hashes mean re-importing changes nothing. */
  contentHash: string;
  name: string;
  /** Lower-case, accent-free, abbreviations expanded: what search and matching compare. */
  searchName: string;
  type: FacilityType;
  subtype?: string;
  ownership?: string;
  status: FacilityStatus;
  identifiers: ExternalIdentifiers;
  geography: GeographyCodes;
  location?: Coordinates;
  address?: string;
  openingHours?: string;
  website?: string;
  /** Taxonomy keys (post_rape_care, pep, ...), deduplicated, in taxonomy order. */
  services: string[];
  contacts: NormalisedContact[];
  persons: NormalisedPerson[];
  confidentialLocation: boolean;
  /** Warnings raised while normalising; the record is still loaded. */
  issues: RecordIssue[];
  payload: unknown;
}

/** What validate → normalise → resolve makes of one raw record. */
export type RecordResult =
  | { ok: true; record: CanonicalRecord }
  | { ok: false; issues: RecordIssue[] };
