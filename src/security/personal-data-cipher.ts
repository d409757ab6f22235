// Encryption at rest for named contact persons (ContactPerson.nameEncrypted, phoneEncrypted,
// emailEncrypted). A database dump, a backup or a stray log line must not expose an officer's
// name or phone, so these columns hold only tokens this module can open.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pooledRandomBytes } from './random-pool.js';

const KEY_BYTES = 32;
/** 96 bits is GCM's native nonce size; other sizes are hashed into one and are slower. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
/**
 * Bound into every token as additional authenticated data, so a token only opens as the
 * format version it claims: relabelling a future v2 token as v1 (or the reverse) fails.
 */
const AAD = Buffer.from(`gvrc/personal-data/${VERSION}`, 'utf8');
const FINGERPRINT_INFO = 'gvrc/personal-data/fingerprint/v1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type PersonalDataCipherErrorCode = 'malformed' | 'unsupported_version' | 'unauthentic';

/** Messages never contain the token or any part of the plaintext. */
export class PersonalDataCipherError extends Error {
  override readonly name = 'PersonalDataCipherError';

  constructor(
    readonly code: PersonalDataCipherErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface PersonalDataCipher {
  /** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. A fresh IV each call. */
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /**
   * A deterministic keyed digest (hex) of the normalised parts, for finding the same person
   * twice without decrypting (ContactPerson @@unique([facilityId, fingerprint])). Keyed, so that
   * whoever holds the database cannot confirm a guessed name by hashing it themselves.
   * Parts are trimmed, whitespace-collapsed, NFKC-normalised and lower-cased; callers pass
   * phone numbers already in E.164 so formatting differences do not split a person in two.
   */
  fingerprint(...parts: string[]): string;
  /** Whether the token is under the current key (false: a previous key's, still to re-encrypt). */
  opensWithCurrentKey(token: string): boolean;
}

/**
 * `key` encrypts and fingerprints; `previous` keys only decrypt (the window of a key rotation,
 * PERSONAL_DATA_KEY_PREVIOUS), so a service keeps answering while `npm run keys --
 * rotate-personal-data` re-encrypts what they wrote.
 */
export function createPersonalDataCipher(key: Buffer, previous: Buffer[] = []): PersonalDataCipher {
  for (const k of [key, ...previous]) {
    if (k.length !== KEY_BYTES) throw new Error(`personal data key must be ${KEY_BYTES} bytes, got ${k.length}`);
  }
  // Copies, so that a caller reusing or zeroing its buffer cannot change this cipher's key.
  const encryptionKey = Buffer.from(key);
  const decryptionKeys = [encryptionKey, ...previous.map((k) => Buffer.from(k))];
  // The MAC gets its own key, derived with HKDF, so that the AES key is never also an HMAC key
  // and one use cannot weaken the other.
  const fingerprintKey = Buffer.from(
    hkdfSync('sha256', key, Buffer.alloc(0), FINGERPRINT_INFO, KEY_BYTES),
  );

  return {
    encrypt(plain) {
      const iv = pooledRandomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(AAD);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      const encoded = [iv, tag, ciphertext].map((part) => part.toString('base64url'));
      return [VERSION, ...encoded].join('.');
    },

    decrypt(token) {
      const { iv, tag, ciphertext } = parseToken(token);
      for (const k of decryptionKeys) {
        const plain = openWith(k, iv, tag, ciphertext);
        if (plain !== null) return plain;
      }
      throw new PersonalDataCipherError(
        'unauthentic',
        'personal data token failed authentication (tampered, or another key)',
      );
    },

    opensWithCurrentKey(token) {
      const { iv, tag, ciphertext } = parseToken(token);
      return openWith(encryptionKey, iv, tag, ciphertext) !== null;
    },

    fingerprint(...parts) {
      if (parts.length === 0) throw new Error('fingerprint needs at least one part');
      // JSON keeps part boundaries: ("ann e", "x") and ("ann", "e x") must differ.
      const canonical = JSON.stringify(parts.map(normaliseFingerprintPart));
      return createHmac('sha256', fingerprintKey).update(canonical, 'utf8').digest('hex');
    },
  };
}

function openWith(key: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer): string | null {
  // authTagLength pins the tag size: without it Node accepts truncated tags, which makes
  // forgery far cheaper.
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(AAD);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

function normaliseFingerprintPart(part: string): string {
  return part.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

function parseToken(token: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 4) {
    throw new PersonalDataCipherError('malformed', 'personal data token must have four parts');
  }
  const [version, ivText, tagText, ciphertextText] = parts;
  if (version !== VERSION) {
    throw new PersonalDataCipherError('unsupported_version', 'unsupported token version');
  }
  // Buffer.from(..., 'base64url') skips characters it does not know; checking first means a
  // corrupted token fails as malformed rather than decoding to something shorter.
  if (![ivText, tagText, ciphertextText].every((text) => BASE64URL.test(text))) {
    throw new PersonalDataCipherError('malformed', 'personal data token is not base64url');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new PersonalDataCipherError('malformed', 'personal data token has a bad IV or tag');
  }
  return { iv, tag, ciphertext: Buffer.from(ciphertextText, 'base64url') };
}

// ---------------------------------------------------------------- key loading

export const PERSONAL_DATA_KEY_FILE = 'personal-data.key';

export class PersonalDataKeyError extends Error {
  override readonly name = 'PersonalDataKeyError';
}

export interface PersonalDataKeySource {
  /** The value of PERSONAL_DATA_KEY, if set. Empty or blank counts as unset. */
  envValue?: string;
  /** Where a development key file is kept. Not used in production. */
  dataDir: string;
  production: boolean;
}

export interface LoadedPersonalDataKey {
  key: Buffer;
  /**
   * Where the key came from. Worth logging at start-up: a `created` key cannot open anything
   * encrypted before, so seeing it unexpectedly means the previous key was lost.
   */
  source: 'env' | 'file' | 'created';
}

/**
 * The key comes from PERSONAL_DATA_KEY (32 bytes as 64 hex characters or as base64). Outside
 * production a missing variable falls back to `<dataDir>/personal-data.key`, created with mode
 * 0600 on first use, so a developer never has to invent a key. Production refuses to start
 * without the variable: a key generated on the fly there would silently orphan all data when
 * the container is replaced.
 */
export async function loadPersonalDataKey(
  source: PersonalDataKeySource,
): Promise<LoadedPersonalDataKey> {
  const envValue = source.envValue?.trim();
  if (envValue) return { key: decodeKey(envValue, 'PERSONAL_DATA_KEY'), source: 'env' };
  if (source.production) {
    throw new PersonalDataKeyError(
      'PERSONAL_DATA_KEY must be set in production (32 bytes, hex or base64)',
    );
  }

  const file = path.join(source.dataDir, PERSONAL_DATA_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) return { key: existing, source: 'file' };

  await mkdir(source.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  if (await publishKeyFile(file, key)) return { key, source: 'created' };
  // Another process starting at the same moment published first: use its key.
  const published = await readKeyFile(file);
  if (published === undefined) throw new PersonalDataKeyError(`${file} vanished while starting`);
  return { key: published, source: 'file' };
}

/**
 * Writes the key under a temporary name, then hard-links it into place. link() refuses to
 * replace an existing file and the linked file is already complete, so a concurrent reader sees
 * either no key file or a whole one, and an existing key is never overwritten.
 * Returns false when another key file got there first.
 */
async function publishKeyFile(file: string, key: Buffer): Promise<boolean> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

async function readKeyFile(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  return decodeKey(text.trim(), file);
}

/**
 * 64 hex characters, or base64 (either alphabet, padding optional) of exactly 32 bytes.
 * A hex string of another length is also valid base64, so the length decides, and a wrong
 * length is reported in characters rather than as a confusing decoded byte count.
 * `label` names where the value came from; the value itself never appears in a message.
 */
function decodeKey(text: string, label: string): Buffer {
  const expected = `${KEY_BYTES} bytes as 64 hex or 44 base64 characters`;
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new PersonalDataKeyError(`${label} is neither hex nor base64; expected ${expected}`);
  }
  // Node's base64 decoder reads both the standard and the URL-safe alphabet.
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new PersonalDataKeyError(
      `${label} has the wrong length (${text.length} characters); expected ${expected}`,
    );
  }
  return key;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

const KEY_ID_INFO = 'gvrc/personal-data/key-id/v1';

/**
 * Names a key without revealing it: 16 hex characters of an HKDF output, shown in backup
 * manifests and start-up errors so an operator can tell which key a database or backup needs.
 */
export function personalDataKeyId(key: Buffer): string {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), KEY_ID_INFO, 8)).toString('hex');
}

/** The key loadPersonalDataKey would use, without creating one when there is none. */
export async function findPersonalDataKey(source: PersonalDataKeySource): Promise<Buffer | undefined> {
  const envValue = source.envValue?.trim();
  if (envValue) return decodeKey(envValue, 'PERSONAL_DATA_KEY');
  if (source.production) return undefined;
  return readKeyFile(path.join(source.dataDir, PERSONAL_DATA_KEY_FILE));
}

/** PERSONAL_DATA_KEY_PREVIOUS: comma-separated keys that may still open data during a rotation. */
export function loadPreviousPersonalDataKeys(value: string | undefined): Buffer[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v, i) => decodeKey(v, `PERSONAL_DATA_KEY_PREVIOUS (key ${i + 1})`));
}
