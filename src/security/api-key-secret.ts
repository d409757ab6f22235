// API key secrets: made here, shown to their owner once, and stored only as a hash
// (ApiKey.keyHash). Looking a key up means hashing what the client sent and finding the row.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Makes keys recognisable in config files and to secret scanners, and tells them from JWTs. */
export const API_KEY_PREFIX = 'gvrc_';
/** `gvrc_` plus seven characters: enough to tell keys apart in a listing, far too few to guess. */
export const API_KEY_LISTING_PREFIX_LENGTH = 12;
const SECRET_BYTES = 32;
/** 32 bytes in unpadded base64url are 43 characters. */
const API_KEY_PATTERN = /^gvrc_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiKey {
  /** The full secret. Return it to the creator once; never store or log it. */
  key: string;
  /** Stored in ApiKey.prefix, shown in listings. */
  prefix: string;
  /** Stored in ApiKey.keyHash. */
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const key = API_KEY_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return { key, prefix: key.slice(0, API_KEY_LISTING_PREFIX_LENGTH), hash: hashApiKey(key) };
}

/**
 * SHA-256 of the whole key, hex encoded.
 *
 * A slow password hash (bcrypt, scrypt, argon2) exists to make guessing low-entropy human
 * passwords expensive. These keys carry 256 random bits, so there is nothing to guess: a
 * preimage search on SHA-256 is infeasible regardless of speed. A fast, unsalted, deterministic
 * hash is also what lets the database find the key by a unique index on `keyHash` instead of
 * running a slow comparison against every row on every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Whether a presented string has the shape of one of our keys. Checking first keeps arbitrary
 * input (a JWT sent to the wrong header, a huge string) away from the hash and the database.
 */
export function looksLikeApiKey(candidate: string): boolean {
  return API_KEY_PATTERN.test(candidate);
}

/**
 * Compares two strings in time independent of where they first differ. Both sides are hashed
 * first so that unequal lengths neither throw (timingSafeEqual demands equal lengths) nor
 * return early and reveal the length.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

/**
 * Whether `key` is the secret behind `storedHash`. A lookup by `keyHash` already selects the
 * row; this re-check, in constant time, is for callers that hold the row by other means (by id
 * or by prefix) and must not let comparison timing guide a forger.
 */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  return constantTimeEqual(hashApiKey(key), storedHash);
}
