// The API keys a process keeps: only while the change feed vouches for them, only keys that
// exist, and never past a change to any key.
import { describe, expect, test } from 'vitest';
import { ApiKeyCache, type ApiKeyRow } from '../../src/auth/api-key-cache.js';

const VIEWER: ApiKeyRow = { id: 'k1', name: 'partner', role: 'VIEWER', countyCode: null, revoked: false, lastUsedAt: null };

function setUp(maxEntries?: number) {
  const watch = { live: true, generation: 1 };
  let reads = 0;
  let answer: () => Promise<ApiKeyRow | undefined> = async () => ({ ...VIEWER });
  const cache = new ApiKeyCache(watch, maxEntries);
  const lookup = (hash: string) =>
    cache.lookup(hash, () => {
      reads += 1;
      return answer();
    });
  return { watch, cache, lookup, reads: () => reads, answers: (next: typeof answer) => (answer = next) };
}

describe('the API key cache', () => {
  test('reads a key once while the generation stands, and gives every request the same row', async () => {
    const { lookup, reads } = setUp();
    const first = await lookup('h1');
    expect(await lookup('h1')).toBe(first);
    expect(reads()).toBe(1);
  });

  test('reads every key again once the generation moves (any key changed: issued, revoked, touched)', async () => {
    const { lookup, watch, reads, answers } = setUp();
    await lookup('h1');
    watch.generation += 1;
    answers(async () => ({ ...VIEWER, revoked: true }));
    expect((await lookup('h1'))?.revoked).toBe(true);
    expect(reads()).toBe(2);
  });

  test('keeps nothing while the feed is down', async () => {
    const { lookup, watch, reads } = setUp();
    watch.live = false;
    await lookup('h1');
    await lookup('h1');
    expect(reads()).toBe(2);
  });

  test('forgets every key when told to (the revoking process itself)', async () => {
    const { lookup, cache, reads } = setUp();
    await lookup('h1');
    cache.forget();
    await lookup('h1');
    expect(reads()).toBe(2);
  });

  test('does not keep unknown keys, so made-up keys cannot fill its memory', async () => {
    const { lookup, reads, answers } = setUp();
    answers(async () => undefined);
    expect(await lookup('made-up')).toBeUndefined();
    expect(await lookup('made-up')).toBeUndefined();
    expect(reads()).toBe(2);
  });

  test('does not keep a failed read', async () => {
    const { lookup, reads, answers } = setUp();
    answers(async () => {
      throw new Error('database down');
    });
    await expect(lookup('h1')).rejects.toThrow('database down');
    answers(async () => ({ ...VIEWER }));
    expect(await lookup('h1')).toEqual(VIEWER);
    expect(reads()).toBe(2);
  });

  test('does not serve a read that began before a change to lookups after it', async () => {
    const { lookup, watch, reads, answers } = setUp();
    let finish!: (row: ApiKeyRow) => void;
    answers(() => new Promise((resolve) => (finish = resolve)));
    const early = lookup('h1');
    watch.generation += 1;
    answers(async () => ({ ...VIEWER, revoked: true }));
    const late = lookup('h1');
    finish({ ...VIEWER });
    expect((await early)?.revoked).toBe(false);
    expect((await late)?.revoked).toBe(true);
    expect(reads()).toBe(2);
  });

  test('starts again beyond its bound', async () => {
    const { lookup, reads } = setUp(2);
    await lookup('h1');
    await lookup('h2');
    await lookup('h3');
    await lookup('h1');
    expect(reads()).toBe(4);
  });
});
