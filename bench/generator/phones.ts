// Kenyan phone numbers: unique by construction, then written the many ways partners write them.
// Uniqueness matters for the deduplication benchmark: two different facilities sharing a
// number would be a false "same facility" signal the generator never meant to plant.
import { Rng, Scrambler, hash32 } from './random.js';

/** National significant number prefixes (after the trunk 0): Safaricom/Airtel/Telkom 07xx, 01xx. */
const MOBILE_PREFIXES: readonly string[] = [
  ...range(700, 729), ...range(740, 748), '757', '758', '759', '768', '769', ...range(790, 799),
  ...range(110, 115), '100', '101', '102',
];

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(String(n));
  return out;
}

/**
 * Number spaces. A mobile number is chosen by an integer `n`; distinct `n` give distinct numbers.
 * Entities use n = 4*i + slot (slot 0 main, 1 alternate); people named in records (officers,
 * focal persons) use 4*j + 2 for record j; rejected records use 4*j + 3.
 */
export type NumberSpace = 'entity_main' | 'entity_alt' | 'person' | 'reject';
const SPACE_SLOT: Record<NumberSpace, number> = { entity_main: 0, entity_alt: 1, person: 2, reject: 3 };

export class PhoneBook {
  private readonly mobiles: Scrambler;
  private readonly landline: Scrambler;

  constructor(seed: number) {
    // One bijection over every (prefix, 6 digits) pair: neighbouring serials (an entity's main
    // and alternate number) land on unrelated numbers, not on the same digits under two prefixes.
    this.mobiles = new Scrambler(MOBILE_PREFIXES.length * 1_000_000, hash32(seed, 'mobile'));
    this.landline = new Scrambler(1_000_000, hash32(seed, 'landline'));
  }

  /** A mobile as its 9-digit national significant number, e.g. "722123456". */
  mobile(space: NumberSpace, serial: number): string {
    const m = this.mobiles.map(serial * 4 + SPACE_SLOT[space]);
    const prefix = MOBILE_PREFIXES[m % MOBILE_PREFIXES.length];
    return prefix + String(Math.floor(m / MOBILE_PREFIXES.length)).padStart(6, '0');
  }

  /** A Nairobi-area landline (020 2xxxxxx) as national digits "202xxxxxx"; one per entity. */
  landlineFor(entityIndex: number): string {
    return '202' + String(this.landline.map(entityIndex)).padStart(6, '0');
  }
}

export function e164(national: string): string {
  return '+254' + national;
}

export const SHORT_CODES = { gbvHotline: '1195', childHelpline: '116', police: '999', emergency: '112' } as const;

function isLandline(national: string): boolean {
  return national.startsWith('20');
}

/** One number in a partner's style; `clean` keeps the tidy national format. */
export function formatPhone(rng: Rng, national: string, clean: boolean): string {
  if (isLandline(national)) {
    const local = national.slice(2);
    if (clean) return `020 ${local}`;
    return rng.pick([
      `020 ${local}`, `020-${local}`, `020${local}`, `+254${national}`, `+254 20 ${local}`, `254-20-${local}`, national,
    ]);
  }
  const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
  if (clean) return `0${a} ${b} ${c}`;
  return rng.weighted<string>([
    [`0${a} ${b} ${c}`, 4],
    [`0${national}`, 2],
    [`0${a}-${b}-${c}`, 1],
    [`+254${national}`, 2],
    [`+254 ${a} ${b} ${c}`, 1],
    [`254-${a}-${b}${c}`, 1],
    [national, 1],
    [`0${a} ${b}${c}`, 1],
  ]);
}

/** Several numbers in one string: "0722 000111 / 020 2000000", "0721007295; 0792 004 702". */
export function joinPhones(rng: Rng, parts: readonly string[]): string {
  if (parts.length < 2) return parts[0] ?? '';
  const sep = rng.pick([' / ', '/', '; ', ' or ', ', ']);
  return parts.join(sep);
}

/** What partners type when they have no number: the importer must read these as "none". */
export const PHONE_PLACEHOLDERS = ['N/A', 'none', '', '-'] as const;
