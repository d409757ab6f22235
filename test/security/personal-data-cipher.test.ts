import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createPersonalDataCipher,
  loadPersonalDataKey,
  PersonalDataCipherError,
  PersonalDataKeyError,
} from '../../src/security/personal-data-cipher.js';

const key = randomBytes(32);
const cipher = createPersonalDataCipher(key);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PersonalDataCipherError);
    return (error as PersonalDataCipherError).code;
  }
  return undefined;
}

/** Flips one bit in the decoded bytes of one token part. */
function flipBit(token: string, partIndex: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[partIndex], 'base64url');
  bytes[0] ^= 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('personal data encryption', () => {
  it('decrypts what it encrypted', () => {
    expect(cipher.decrypt(cipher.encrypt('+254711000222'))).toBe('+254711000222');
  });

  it('round-trips non-ASCII names', () => {
    expect(cipher.decrypt(cipher.encrypt('Wanjirũ Nyambura'))).toBe('Wanjirũ Nyambura');
  });

  it('round-trips the empty string', () => {
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('writes tokens as v1.<iv>.<tag>.<ciphertext> in base64url', () => {
    const [version, iv, tag, ciphertext] = cipher.encrypt('Jane Doe').split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('uses a fresh IV, so the same plaintext never gives the same token', () => {
    const first = cipher.encrypt('Jane Doe');
    const second = cipher.encrypt('Jane Doe');
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  it('does not contain the plaintext in the token', () => {
    const token = cipher.encrypt('Jane Doe');
    expect(token).not.toContain('Jane');
    expect(Buffer.from(token.split('.')[3], 'base64url').toString('utf8')).not.toContain('Jane');
  });

  it('a tampered ciphertext does not decrypt', () => {
    const token = flipBit(cipher.encrypt('Jane Doe'), 3);
    expect(codeOf(() => cipher.decrypt(token))).toBe('unauthentic');
  });

  it('a tampered tag does not decrypt', () => {
    const token = flipBit(cipher.encrypt('Jane Doe'), 2);
    expect(codeOf(() => cipher.decrypt(token))).toBe('unauthentic');
  });

  it('a tampered IV does not decrypt', () => {
    const token = flipBit(cipher.encrypt('Jane Doe'), 1);
    expect(codeOf(() => cipher.decrypt(token))).toBe('unauthentic');
  });

  it('a truncated tag is refused rather than checked', () => {
    const parts = cipher.encrypt('Jane Doe').split('.');
    parts[2] = Buffer.from(parts[2], 'base64url').subarray(0, 4).toString('base64url');
    expect(codeOf(() => cipher.decrypt(parts.join('.')))).toBe('malformed');
  });

  it('a token from another key does not decrypt', () => {
    const other = createPersonalDataCipher(randomBytes(32));
    expect(codeOf(() => cipher.decrypt(other.encrypt('Jane Doe')))).toBe('unauthentic');
  });

  it('rejects a token of an unknown version', () => {
    const token = cipher.encrypt('Jane Doe').replace(/^v1\./, 'v2.');
    expect(codeOf(() => cipher.decrypt(token))).toBe('unsupported_version');
  });

  it('rejects a token with the wrong number of parts', () => {
    expect(codeOf(() => cipher.decrypt('v1.abc.def'))).toBe('malformed');
  });

  it('rejects a token with characters outside base64url', () => {
    const parts = cipher.encrypt('Jane Doe').split('.');
    parts[3] = `${parts[3]}!`;
    expect(codeOf(() => cipher.decrypt(parts.join('.')))).toBe('malformed');
  });

  it('keeps the plaintext and token out of error messages', () => {
    const token = flipBit(cipher.encrypt('Jane Doe'), 3);
    let message = '';
    try {
      cipher.decrypt(token);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('Jane');
    expect(message).not.toContain(token.split('.')[3]);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createPersonalDataCipher(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('is not affected by later changes to the key buffer it was given', () => {
    const mutable = Buffer.from(key);
    const own = createPersonalDataCipher(mutable);
    const token = own.encrypt('Jane Doe');
    mutable.fill(0);
    expect(own.decrypt(token)).toBe('Jane Doe');
  });
});

describe('personal data fingerprints', () => {
  it('is the same for the same parts', () => {
    expect(cipher.fingerprint('Jane Doe', '+254711000222')).toBe(
      cipher.fingerprint('Jane Doe', '+254711000222'),
    );
  });

  it('ignores case, surrounding space and repeated inner space', () => {
    expect(cipher.fingerprint('  JANE   doe ')).toBe(cipher.fingerprint('Jane Doe'));
  });

  it('treats compatibility-equivalent Unicode forms as the same', () => {
    expect(cipher.fingerprint('Ｊａｎｅ')).toBe(cipher.fingerprint('Jane'));
  });

  it('keeps part boundaries, so shifting a word between parts changes it', () => {
    expect(cipher.fingerprint('Jane Doe', 'Nairobi')).not.toBe(
      cipher.fingerprint('Jane', 'Doe Nairobi'),
    );
  });

  it('differs for different people', () => {
    expect(cipher.fingerprint('Jane Doe')).not.toBe(cipher.fingerprint('John Doe'));
  });

  it('depends on the key, so it cannot be recomputed without it', () => {
    const other = createPersonalDataCipher(randomBytes(32));
    expect(other.fingerprint('Jane Doe')).not.toBe(cipher.fingerprint('Jane Doe'));
  });

  it('is 64 hex characters', () => {
    expect(cipher.fingerprint('Jane Doe')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('needs at least one part', () => {
    expect(() => cipher.fingerprint()).toThrow();
  });
});

describe('loadPersonalDataKey', () => {
  let dataDir: string;
  const load = (production: boolean, envValue?: string) =>
    loadPersonalDataKey({ envValue, dataDir, production });

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'gvrc-key-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads a hex key from the environment', async () => {
    const loaded = await load(true, key.toString('hex'));
    expect(loaded).toEqual({ key, source: 'env' });
  });

  it('reads a base64 key from the environment', async () => {
    const loaded = await load(true, key.toString('base64'));
    expect(loaded.key.equals(key)).toBe(true);
  });

  it('reads a base64url key from the environment', async () => {
    const loaded = await load(true, key.toString('base64url'));
    expect(loaded.key.equals(key)).toBe(true);
  });

  it('rejects an environment key of the wrong length, without echoing it', async () => {
    const short = randomBytes(16).toString('hex');
    const error = await load(true, short).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersonalDataKeyError);
    expect((error as Error).message).toMatch(/PERSONAL_DATA_KEY has the wrong length/);
    expect((error as Error).message).not.toContain(short);
  });

  it('rejects an environment key that is neither hex nor base64', async () => {
    await expect(
      load(true, 'not a key at all!'),
    ).rejects.toThrow(PersonalDataKeyError);
  });

  it('refuses to start in production without an environment key', async () => {
    await expect(load(true)).rejects.toThrow(
      /PERSONAL_DATA_KEY must be set in production/,
    );
  });

  it('treats a blank environment value as unset', async () => {
    await expect(load(true, '  ')).rejects.toThrow(
      PersonalDataKeyError,
    );
  });

  it('does not fall back to a key file in production', async () => {
    await writeFile(path.join(dataDir, 'personal-data.key'), key.toString('base64'));
    await expect(load(true)).rejects.toThrow(PersonalDataKeyError);
  });

  it('creates a key file readable only by its owner outside production', async () => {
    const loaded = await load(false);
    expect(loaded.source).toBe('created');
    expect(loaded.key).toHaveLength(32);
    const file = path.join(dataDir, 'personal-data.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    expect(stored.equals(loaded.key)).toBe(true);
  });

  it('leaves nothing but the key file behind when creating it', async () => {
    await load(false);
    expect(await readdir(dataDir)).toEqual(['personal-data.key']);
  });

  it('creates the data directory if it does not exist yet', async () => {
    const nested = path.join(dataDir, 'not', 'yet');
    const loaded = await loadPersonalDataKey({ dataDir: nested, production: false });
    expect(loaded.source).toBe('created');
  });

  it('reuses the key file on the next start', async () => {
    const first = await load(false);
    const second = await load(false);
    expect(second.source).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('prefers the environment key over the key file', async () => {
    await load(false);
    const loaded = await load(false, key.toString('hex'));
    expect(loaded).toEqual({ key, source: 'env' });
  });

  it('rejects a corrupt key file rather than replacing it', async () => {
    const file = path.join(dataDir, 'personal-data.key');
    await writeFile(file, 'garbage!');
    await expect(load(false)).rejects.toThrow(PersonalDataKeyError);
    expect(await readFile(file, 'utf8')).toBe('garbage!');
  });

  it('gives two processes starting together the same key', async () => {
    const [a, b] = await Promise.all([
      load(false),
      load(false),
    ]);
    expect(a.key.equals(b.key)).toBe(true);
  });
});
