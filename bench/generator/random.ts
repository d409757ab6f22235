// A small seeded PRNG and the helpers the generator draws from. Everything the generator
// produces flows from `Rng` instances derived from (seed, label...), never from Math.random
// or the clock, so the same seed and size always give byte-identical files.

/**
 * FNV-1a over the parts, then a murmur3 finaliser. Used to derive independent streams
 * (`Rng.derive(seed, 'entity', 17)`) so that drawing more numbers in one place never shifts
 * what another place draws: adding a field to one renderer must not reshuffle every file.
 */
export function hash32(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `#${part}` : part;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    // A separator, so that ('ab', 'c') and ('a', 'bc') differ.
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: 32 bits of state, fast, and good enough for test data (not for secrets). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream for one purpose, e.g. `Rng.derive(seed, 'slot', kind, n)`. */
  static derive(seed: number, ...labels: ReadonlyArray<string | number>): Rng {
    return new Rng(hash32(seed, ...labels));
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** Fisher-Yates, in place; returns the same array for chaining. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** `count` distinct items in random order (all of them if there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle([...items]).slice(0, Math.max(0, count));
  }

  /** Rounds a fractional expectation up or down at random, keeping its mean. */
  round(expected: number): number {
    const floor = Math.floor(expected);
    return floor + (this.chance(expected - floor) ? 1 : 0);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * A bijection on [0, size): k -> (a*k + b) mod size. Turns a running counter into codes that
 * are unique by construction yet look scattered (MFL codes, phone numbers, village names),
 * without remembering which values were already handed out.
 */
export class Scrambler {
  private readonly a: number;
  private readonly b: number;

  constructor(
    readonly size: number,
    seed: number,
  ) {
    if (!(size >= 1 && size <= 90_000_000)) throw new RangeError(`Scrambler size out of range: ${size}`);
    const rng = new Rng(seed);
    // A multiplier near the golden ratio of the range spreads neighbours far apart.
    let a = Math.max(1, Math.floor(size * 0.6180339887) + rng.int(0, 999));
    while (gcd(a, size) !== 1) a++;
    this.a = a % size || 1;
    this.b = rng.int(0, size - 1);
  }

  map(k: number): number {
    // size <= 9e7 keeps a*k below 2^53, so plain numbers are exact.
    return (this.a * (k % this.size) + this.b) % this.size;
  }
}
