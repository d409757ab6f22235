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

/** Rounds of fresh codes tried before giving up; even a second round is rare. */
const ROUNDS = 5;

/**
 * `count` new codes, distinct from each other and from every code `inUse` reports. Forty random
 * bits make a clash rare but not impossible: a first import of 200,000 facilities draws two equal
 * codes about once in fifty (the benchmark met one), and the unique index then failed the
 * whole source.
 */
export async function unusedFacilityCodes(
  count: number,
  inUse: (codes: string[]) => Promise<Set<string>>,
  make: () => string = newFacilityCode,
): Promise<string[]> {
  const chosen = new Set<string>();
  for (let round = 0; chosen.size < count; round++) {
    if (round === ROUNDS) throw new Error(`no unused facility code found in ${ROUNDS} rounds of random codes`);
    const fresh = new Set<string>();
    for (let i = chosen.size; i < count; i++) {
      const code = make();
      if (!chosen.has(code)) fresh.add(code);
    }
    const taken = await inUse([...fresh]);
    for (const code of fresh) if (!taken.has(code)) chosen.add(code);
  }
  return [...chosen];
}
