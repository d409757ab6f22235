// The edges of the security helpers, where a comparison off by one or a missing anchor, trim or
// check would let something through: token and secret lengths, the JWKS transport, tokens
// without an expiry, masks of padded input, malformed personal-data tokens and keys. Written to
// kill the mutants StrykerJS found surviving (bench/mutation/README.md).
import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, createJwtVerifier, signDevJwt } from '../../src/security/jwt.js';
import { maskEmail, maskPhone } from '../../src/security/mask.js';
import {
  createPersonalDataCipher,
  loadPersonalDataKey,
  PERSONAL_DATA_KEY_FILE,
  PersonalDataCipherError,
  PersonalDataKeyError,
} from '../../src/security/personal-data-cipher.js';

const secret = 'a-development-secret-of-at-least-32-characters';
const issuer = 'https://id.gvrc.test/';
const audience = 'gvrc-registry';
const base = { secret, issuer, audience };
const MAX_TOKEN_LENGTH = 8192;

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof AuthenticationError ? error.code : `unexpected: ${String(error)}`),
  );
}

function sign(claims: JWTPayload, options: { exp?: boolean } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(audience).setSubject('user-1');
  if (options.exp !== false) jwt.setExpirationTime('1h');
  return jwt.sign(new TextEncoder().encode(secret));
}

/** A valid token padded by a claim to exactly `length` characters, if base64url allows that length. */
async function tokenOfLength(length: number): Promise<string | undefined> {
  for (let pad = Math.floor((length * 3) / 4) - 300; pad < length; pad++) {
    const token = await sign({ role: 'VIEWER', pad: 'x'.repeat(pad) });
    if (token.length === length) return token;
    if (token.length > length) return undefined;
  }
  return undefined;
}

describe('JWT edges', () => {
  const verify = createJwtVerifier(base);

  it('accepts a valid token of the longest allowed length and refuses one longer as malformed', async () => {
    const longest = (await tokenOfLength(MAX_TOKEN_LENGTH)) ?? (await tokenOfLength(MAX_TOKEN_LENGTH - 1));
    expect(longest).toBeDefined();
    expect(await outcome(verify(longest!))).toBe('accepted');
    const longer = await sign({ role: 'VIEWER', pad: 'x'.repeat(MAX_TOKEN_LENGTH) });
    expect(longer.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
    expect(await outcome(verify(longer))).toBe('malformed');
  });

  it('refuses an empty token as malformed', async () => {
    expect(await outcome(verify(''))).toBe('malformed');
  });

  it('refuses a correctly signed token without an expiry: it would never expire', async () => {
    expect(await outcome(verify(await sign({ role: 'VIEWER' })))).toBe('accepted');
    expect(await outcome(verify(await sign({ role: 'VIEWER' }, { exp: false })))).not.toBe('accepted');
  });

  it('takes a secret of exactly the minimum length, and refuses one character less', () => {
    expect(() => createJwtVerifier({ ...base, secret: 's'.repeat(32) })).not.toThrow();
    expect(() => createJwtVerifier({ ...base, secret: 's'.repeat(31) })).toThrow(/at least 32 characters/);
  });

  it('fetches keys over https, or plain http only from this machine', () => {
    const withJwks = (jwksUrl: string) => () => createJwtVerifier({ issuer, audience, jwksUrl });
    for (const url of ['https://id.example.org/jwks', 'http://localhost:9/jwks', 'http://127.0.0.1:9/jwks', 'http://[::1]:9/jwks']) {
      expect(withJwks(url), url).not.toThrow();
    }
    for (const url of ['http://id.example.org/jwks', 'http://10.0.0.1/jwks', 'ftp://localhost/jwks']) {
      expect(withJwks(url), url).toThrow(/must use https/);
    }
    expect(withJwks('not a url')).toThrow(/not a valid URL/);
  });

  it('a development token without a county gives a national principal', async () => {
    const principal = await verify(await signDevJwt({ ...base, subject: 'u', role: 'ADMIN' }));
    expect(principal).not.toHaveProperty('countyScope');
  });
});

describe('masks of padded input', () => {
  it('a phone number with surrounding spaces masks as without them', () => {
    expect(maskPhone('  +254711000222 \n')).toBe(maskPhone('+254711000222'));
    expect(maskPhone('+254711000222')).toMatch(/^\+254\*+222$/);
  });

  it('a number with an unknown country code keeps only its last three digits', () => {
    const masked = maskPhone('+999 1234 567');
    expect(masked.endsWith('567')).toBe(true);
    expect(masked.replace(/\*/g, '')).toBe('567');
  });

  it('reveals the tail from seven digits on, not below', () => {
    expect(maskPhone('1234567').endsWith('567')).toBe(true);
    expect(maskPhone('123456')).not.toMatch(/\d/);
  });

  it('an e-mail address with surrounding spaces masks as without them', () => {
    expect(maskEmail('  john.doe@example.org \t')).toBe(maskEmail('john.doe@example.org'));
  });
});

describe('malformed personal-data tokens', () => {
  const cipher = createPersonalDataCipher(Buffer.alloc(32, 3));
  const token = cipher.encrypt('Jane Doe');
  const [version, iv, tag, ciphertext] = token.split('.');

  function failure(candidate: string): { code?: string; message: string } {
    try {
      cipher.decrypt(candidate);
    } catch (error) {
      return error instanceof PersonalDataCipherError ? { code: error.code, message: error.message } : { message: String(error) };
    }
    return { message: 'decrypted' };
  }

  it.each([
    ['a fifth part', `${token}.${ciphertext}`, 'malformed', /four parts/],
    ['three parts', [version, iv, tag].join('.'), 'malformed', /four parts/],
    ['another version', ['v9', iv, tag, ciphertext].join('.'), 'unsupported_version', /version/],
    ['a character outside base64url', [version, `${iv}!`, tag, ciphertext].join('.'), 'malformed', /base64url/],
    ['a short IV', [version, iv.slice(0, 8), tag, ciphertext].join('.'), 'malformed', /IV or tag/],
    ['a short tag', [version, iv, tag.slice(0, 12), ciphertext].join('.'), 'malformed', /IV or tag/],
    ['a changed ciphertext', [version, iv, tag, ciphertext.startsWith('A') ? `B${ciphertext.slice(1)}` : `A${ciphertext.slice(1)}`].join('.'), 'unauthentic', /authentication/],
  ])('a token with %s is refused', (_, candidate, code, message) => {
    // (The case's name alone titles the test: the tokens are random, and a test's title must not change between runs.)
    expect(failure(candidate)).toEqual({ code, message: expect.stringMatching(message) });
  });

  it('the unchanged token still decrypts (the cases above differ from it only as named)', () => {
    expect(cipher.decrypt(token)).toBe('Jane Doe');
  });
});

describe('personal-data keys', () => {
  const hex = 'ab'.repeat(32);
  const base64 = Buffer.alloc(32, 5).toString('base64');
  const load = (envValue: string) => loadPersonalDataKey({ envValue, dataDir: mkdtempSync(path.join(os.tmpdir(), 'gvrc-key-')), production: true });

  it('a key with surrounding whitespace (a trailing newline in a secret file) is read', async () => {
    await expect(load(`  ${hex}\n`)).resolves.toEqual({ key: Buffer.from(hex, 'hex'), source: 'env' });
    await expect(load(`${base64}\n`)).resolves.toEqual({ key: Buffer.alloc(32, 5), source: 'env' });
  });

  it.each([
    ['64 hex characters with more after them', `${hex}zz`],
    ['64 hex characters with more before them', `zz${hex}`],
    ['base64 with a foreign character before it', `!${base64}`],
    ['base64 with a foreign character after it', `${base64}!`],
  ])('%s is refused, naming what is expected', async (_, value) => {
    const error = await load(value).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PersonalDataKeyError);
    expect((error as Error).message).toMatch(/PERSONAL_DATA_KEY .*expected 32 bytes as 64 hex or 44 base64 characters/);
    expect((error as Error).message).not.toContain(value.replace(/[!z]/g, ''));
  });

  it('a key created on first start is read back from its file on the next', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-key-'));
    const first = await loadPersonalDataKey({ dataDir, production: false });
    expect(first.source).toBe('created');
    await expect(loadPersonalDataKey({ dataDir, production: false })).resolves.toEqual({ key: first.key, source: 'file' });
  });

  it('a key file that cannot be read is an error, not a reason to make a new key', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-key-'));
    await mkdir(path.join(dataDir, PERSONAL_DATA_KEY_FILE));
    await expect(loadPersonalDataKey({ dataDir, production: false })).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
