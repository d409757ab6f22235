// Pooled random bytes: every byte is handed out once, across pool refills, and what was handed
// out never changes afterwards (an IV or a facility code is fixed once drawn).
import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/security/random-pool.js';

describe('pooled random bytes', () => {
  it('never hand out the same bytes twice, across many pool refills', () => {
    const seen = new Set<string>();
    // 20,000 IVs of 12 bytes: about 60 pools of 4 KB.
    for (let i = 0; i < 20_000; i += 1) seen.add(pooledRandomBytes(12).toString('hex'));
    expect(seen.size).toBe(20_000);
  });

  it('keep a slice as it was once the pool moves on', () => {
    const first = pooledRandomBytes(16);
    const copy = Buffer.from(first);
    for (let i = 0; i < 1_000; i += 1) pooledRandomBytes(64);
    expect(first.equals(copy)).toBe(true);
  });

  it('give the size asked for, also above the pool size', () => {
    expect(pooledRandomBytes(5)).toHaveLength(5);
    expect(pooledRandomBytes(10_000)).toHaveLength(10_000);
  });

  it('are not all zero or constant', () => {
    const bytes = pooledRandomBytes(4096);
    expect(new Set(bytes).size).toBeGreaterThan(200);
  });
});
