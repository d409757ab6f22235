import { pooledRandomBytes } from '../../security/random-pool.js';

// Crockford base32 without I, L, O, U: codes are read aloud and typed by people.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A public facility code: `GVRC-` and eight characters from 40 random bits. Random rather than
 * sequential so that codes reveal nothing about registry size or order, and are never reused:
 * the column is unique and a merged-away facility keeps its row and code.
 */
export function newFacilityCode(): string {
  const bytes = pooledRandomBytes(5);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return `GVRC-${out}`;
}
