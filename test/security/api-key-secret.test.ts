import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  apiKeyMatches,
  constantTimeEqual,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
} from '../../src/security/api-key-secret.js';

describe('generateApiKey', () => {
  it('starts every key with the recognisable gvrc_ prefix', () => {
    expect(generateApiKey().key.startsWith('gvrc_')).toBe(true);
  });

  it('carries 32 random bytes as base64url after the prefix', () => {
    const secret = generateApiKey().key.slice('gvrc_'.length);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it('gives the first 12 characters as the listing prefix', () => {
    const { key, prefix } = generateApiKey();
    expect(prefix).toHaveLength(12);
    expect(key.startsWith(prefix)).toBe(true);
  });

  it('returns the hash of the key, not the key', () => {
    const { key, hash } = generateApiKey();
    expect(hash).toBe(hashApiKey(key));
    expect(hash).not.toContain(key.slice(5));
  });

  it('produces keys that pass the shape check', () => {
    expect(looksLikeApiKey(generateApiKey().key)).toBe(true);
  });
});

describe('hashApiKey', () => {
  it('is the SHA-256 of the whole key in hex', () => {
    const key = 'gvrc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
  });

  it('is deterministic, so a key can be found by its hash', () => {
    const { key } = generateApiKey();
    expect(hashApiKey(key)).toBe(hashApiKey(key));
  });
});

describe('looksLikeApiKey', () => {
  it('rejects a JWT sent in place of a key', () => {
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln')).toBe(false);
  });

  it('rejects a key with another prefix', () => {
    expect(looksLikeApiKey(`sk_${generateApiKey().key.slice(5)}`)).toBe(false);
  });

  it('rejects a truncated key', () => {
    expect(looksLikeApiKey(generateApiKey().key.slice(0, -1))).toBe(false);
  });
});

describe('comparing secrets', () => {
  it('constantTimeEqual holds for equal strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
  });

  it('constantTimeEqual fails for different strings of the same length', () => {
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
  });

  it('constantTimeEqual fails, without throwing, for strings of different lengths', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('apiKeyMatches accepts the key behind a stored hash', () => {
    const { key, hash } = generateApiKey();
    expect(apiKeyMatches(key, hash)).toBe(true);
  });

  it('apiKeyMatches rejects another key', () => {
    const { hash } = generateApiKey();
    expect(apiKeyMatches(generateApiKey().key, hash)).toBe(false);
  });
});
