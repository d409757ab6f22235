// Match features written by hand (tests) or made up in bulk (blocking growth checks), with
// names and phones normalised by the ingest pipeline's own functions, so a test states a
// partner's spelling and checks what matching makes of it.
import type { MatchFeatures } from '../../src/ingest/match/features.js';
import { displayName, searchName } from '../../src/ingest/normalise/name.js';
import { readPhone } from '../../src/ingest/normalise/phones.js';
import type { ExternalIdentifiers, FacilityType } from '../../src/ingest/record.js';

export interface FacilitySpec {
  id?: string;
  /** As a partner writes it: "KAPCHEMUTWA H/C", "Sigowet P/Post". */
  name: string;
  type?: FacilityType;
  county?: string;
  constituency?: string;
  ward?: string;
  at?: readonly [number, number];
  /** As partners write them: "0722 000 111", "+254 20 2053773"; short codes stay bare. */
  phones?: string[];
  emails?: string[];
  identifiers?: ExternalIdentifiers;
}

let counter = 0;

export function facilityFeatures(spec: FacilitySpec): MatchFeatures {
  return {
    id: spec.id ?? `f${++counter}`,
    name: displayName(spec.name),
    searchName: searchName(spec.name),
    type: spec.type ?? 'HEALTH_FACILITY',
    countyCode: spec.county ?? '047',
    constituencyCode: spec.constituency,
    wardCode: spec.ward,
    latitude: spec.at?.[0],
    longitude: spec.at?.[1],
    phones: (spec.phones ?? []).map(normalisedPhone),
    emails: (spec.emails ?? []).map((email) => email.trim().toLowerCase()),
    identifiers: spec.identifiers ?? {},
  };
}

function normalisedPhone(text: string): string {
  const reading = readPhone(text);
  if (reading.kind === 'phone') return reading.e164;
  if (reading.kind === 'short_code') return reading.code;
  throw new Error(`not a phone: ${text}`);
}

/** A small deterministic generator (mulberry32): the same seed gives the same registry. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'ki', 'ko', 'ma', 'mu', 'nya', 'lo', 'ga', 'bu', 'che', 'ta', 'wa', 'ru', 'se', 'ndi', 'ke', 'sa', 'mi', 'shi', 'ya'];
const LEVELS: ReadonlyArray<readonly [string, FacilityType]> = [
  ['Dispensary', 'HEALTH_FACILITY'],
  ['Health Centre', 'HEALTH_FACILITY'],
  ['Police Station', 'POLICE_STATION'],
  ['Police Post', 'POLICE_STATION'],
  ['Safe House', 'SHELTER'],
  ['Legal Aid Clinic', 'LEGAL_AID'],
];

export interface SyntheticOptions {
  /** Facilities per ward: the density. The number of wards grows with `size`. */
  perWard?: number;
}

/**
 * A registry of `size` facilities with a village name, a level, a point near its ward's and a
 * unique phone. Wards (about `perWard` facilities each) are laid out over the counties, so a
 * larger registry covers more places at the same density, as more partners' files would.
 */
export function syntheticRegistry(size: number, seed = 1, options: SyntheticOptions = {}): MatchFeatures[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const wards = Math.max(1, Math.ceil(size / (options.perWard ?? 10)));
  const out: MatchFeatures[] = [];
  for (let i = 0; i < size; i++) {
    const ward = Math.floor(next() * wards);
    const county = 1 + (ward % 47);
    const village = pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES);
    const [level, type] = pick(LEVELS);
    // Wards on a 0.1° grid, each facility within ~2 km of its ward's point.
    const wardLat = -4 + (ward % 80) * 0.1;
    const wardLng = 34 + Math.floor(ward / 80) * 0.1;
    out.push({
      id: `s${i}`,
      name: `${village} ${level}`,
      searchName: `${village} ${level.toLowerCase()}`,
      type,
      countyCode: String(county).padStart(3, '0'),
      wardCode: `w${ward}`,
      latitude: wardLat + (next() - 0.5) * 0.04,
      longitude: wardLng + (next() - 0.5) * 0.04,
      phones: [`+2547${String(10_000_000 + i).padStart(8, '0')}`],
      emails: [],
      identifiers: {},
    });
  }
  return out;
}
