// The truth about a generated delivery, in the shapes of test/fixtures/truth: one line per
// record (truth.ndjson), one per entity (entities.ndjson), and counts (summary.json).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SourceKind } from '../../src/ingest/record.js';
import type { RejectClass, Role } from './appearances.js';
import type { ServiceKey } from './services.js';
import type { CoordIssue, Facts } from './render/common.js';

export interface TruthRecord {
  file: string;
  /** JSON Pointer into a .json file, or the 1-based line number in an .ndjson file. */
  pointer: string;
  entity_id: string | null;
  expected: 'load' | 'reject';
  reject_reason_class: RejectClass | null;
  county_code: string | null;
  constituency_code: string | null;
  ward_code: string | null;
  lat: number | null;
  lng: number | null;
  phones_e164: string[];
  services: ServiceKey[];
  appearance: Role;
  coord_issue: CoordIssue | null;
  short_codes: string[];
  personal_phones_e164: string[];
  emails: string[];
  near_miss_of: string[];
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

export function loadTruth(
  file: string,
  pointer: string,
  entityId: string,
  role: Exclude<Role, 'bad'>,
  facts: Facts,
  services: ServiceKey[],
  nearMissOf: string[],
): TruthRecord {
  return {
    file,
    pointer,
    entity_id: entityId,
    expected: 'load',
    reject_reason_class: null,
    county_code: facts.countyCode,
    constituency_code: facts.constituencyCode,
    ward_code: facts.wardCode,
    lat: facts.lat,
    lng: facts.lng,
    phones_e164: sorted(facts.phones),
    services,
    appearance: role,
    coord_issue: facts.coordIssue,
    short_codes: sorted(facts.shortCodes),
    personal_phones_e164: sorted(facts.personalPhones),
    emails: sorted(facts.emails),
    near_miss_of: nearMissOf,
  };
}

/** A rejected record states nothing the registry may keep. */
export function rejectTruth(file: string, pointer: string, reason: RejectClass): TruthRecord {
  return {
    file,
    pointer,
    entity_id: null,
    expected: 'reject',
    reject_reason_class: reason,
    county_code: null,
    constituency_code: null,
    ward_code: null,
    lat: null,
    lng: null,
    phones_e164: [],
    services: [],
    appearance: 'bad',
    coord_issue: null,
    short_codes: [],
    personal_phones_e164: [],
    emails: [],
    near_miss_of: [],
  };
}

export interface FileSummary {
  records: number;
  home: number;
  cross_file_guests: number;
  in_file_duplicates: number;
  bad: number;
}

export interface DeliverySummary {
  generator: 'bench/generator';
  generator_version: 1;
  seed: number;
  format: 'json' | 'ndjson';
  mess: string;
  records_requested: number;
  generated_at: string;
  files: Record<string, FileSummary>;
  total_records: number;
  entities: number;
  entities_in_multiple_files: number;
  /** cross_file: guest records (each repeats a facility listed elsewhere); in_file: duplicates. */
  duplicate_pairs: { total: number; cross_file: number; in_file: number };
  bad_records: Record<RejectClass | 'total' | 'broken_file', number>;
  near_miss_pairs: number;
  broken_files: string[];
}

export function emptyFileSummary(): FileSummary {
  return { records: 0, home: 0, cross_file_guests: 0, in_file_duplicates: 0, bad: 0 };
}

export function countRecord(s: FileSummary, role: Role): void {
  s.records++;
  if (role === 'home') s.home++;
  else if (role === 'guest') s.cross_file_guests++;
  else if (role === 'in_file_duplicate') s.in_file_duplicates++;
  else s.bad++;
}

/** Reads an NDJSON truth file line by line, for deliveries too big to keep in memory. */
export async function* readNdjson<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line.length > 0) yield JSON.parse(line) as T;
}

export function fileName(kind: SourceKind, format: 'json' | 'ndjson'): string {
  return `${kind}.${format}`;
}
