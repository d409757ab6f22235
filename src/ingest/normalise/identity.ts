// A record's identity within its source, and a fingerprint of its content, both stable across
// re-imports: the same record always gets the same key, and the same hash until it changes.
import { createHash } from 'node:crypto';
import type { ExternalIdentifiers, GeographyCodes } from '../record.js';

/** SOURCES.md's order of preference: mfl_code, station_code, branch_code, registration_number. */
const IDENTIFIER_PREFIXES: readonly (readonly [keyof ExternalIdentifiers, string])[] = [
  ['mflCode', 'mfl'],
  ['stationCode', 'station'],
  ['branchCode', 'branch'],
  ['registrationNumber', 'reg'],
];

const NAME_HASH_LENGTH = 24;

export function sourceKeyOf(identifiers: ExternalIdentifiers, searchName: string, geography: GeographyCodes): string {
  for (const [field, prefix] of IDENTIFIER_PREFIXES) {
    const value = identifiers[field];
    if (value) return `${prefix}:${value}`;
  }
  const place = [geography.countyCode, geography.constituencyCode ?? '', geography.wardCode ?? ''].join('/');
  return `hash:${sha256(`${searchName}|${place}`).slice(0, NAME_HASH_LENGTH)}`;
}

export function contentHashOf(content: unknown): string {
  return sha256(canonicalJson(content));
}

/** JSON with object keys sorted and undefined members left out, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
