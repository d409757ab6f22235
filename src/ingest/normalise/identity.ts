// A record's identity within its source, and a fingerprint of its content, both stable across
// re-imports: the same record always gets the same key, and the same hash until it changes.
import { createHash } from 'node:crypto';
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import type { ExternalIdentifiers, GeographyCodes } from '../record.js';

/** SOURCES.md's order of preference: mfl_code, station_code, branch_code, registration_number. */
const IDENTIFIER_PREFIXES: readonly (readonly [keyof ExternalIdentifiers, string])[] = [
  ['mflCode', 'mfl'],
  ['stationCode', 'station'],
  ['branchCode', 'branch'],
  ['registrationNumber', 'reg'],
];

const NAME_HASH_LENGTH = 24;
const KEYED_LENGTH = 32;

/**
 * A keyed MAC (the server's secret) of a digest. A key made of a record's name and ward is
 * stored and quoted in issue messages; unkeyed, anyone who sees the name, county and
 * constituency of a shelter could confirm its ward by hashing each of the constituency's wards.
 */
export type KeyedDigest = (digest: string) => string;

/** HMAC-SHA-256 under a key derived (HKDF) from the personal-data key, with its own purpose label. */
export function keyedDigestWith(cipher: Pick<PersonalDataCipher, 'fingerprint'>): KeyedDigest {
  return (digest) => cipher.fingerprint('gvrc/source-key/v1', digest).slice(0, KEYED_LENGTH);
}

export const KEYED_NAME_PREFIX = 'hmac:';
/** Keys of the unkeyed form, stored before 20261208; rekey-source-keys.ts replaces them. */
export const UNKEYED_NAME_PREFIX = 'hash:';

/**
 * The keyed form of a name-and-place key. Keyed over the unkeyed digest (not the name itself),
 * so that a key stored in the unkeyed form can be re-keyed from the stored value alone.
 */
export function keyedNameKey(unkeyedDigest: string, keyed: KeyedDigest): string {
  return `${KEYED_NAME_PREFIX}${keyed(unkeyedDigest)}`;
}

export function sourceKeyOf(identifiers: ExternalIdentifiers, searchName: string, geography: GeographyCodes, keyed: KeyedDigest): string {
  for (const [field, prefix] of IDENTIFIER_PREFIXES) {
    const value = identifiers[field];
    if (value) return `${prefix}:${value}`;
  }
  return keyedNameKey(nameKeyDigest(searchName, geography), keyed);
}

/** The unkeyed digest a name-and-place key is keyed over (a key rotation recomputes keys from it). */
export function nameKeyDigest(searchName: string, geography: GeographyCodes): string {
  const place = [geography.countyCode, geography.constituencyCode ?? '', geography.wardCode ?? ''].join('/');
  return sha256(`${searchName}|${place}`).slice(0, NAME_HASH_LENGTH);
}

export function contentHashOf(content: unknown): string {
  return sha256(canonicalJson(content));
}

/** JSON with object keys sorted and undefined members left out, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  // Built in one pass into one string: this runs for every record, and the version made of
  // entries, sort, map and join allocated several arrays per object.
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return text + ']';
  }
  const object = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, as the `<` it replaces did.
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    text += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
    first = false;
  }
  return text + '}';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
