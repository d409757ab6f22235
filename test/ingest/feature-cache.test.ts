// The run's memory of registry facilities' match features: read once, forgotten when the run
// changes a facility, bounded by evicting what was used longest ago.
import { describe, expect, it } from 'vitest';
import { FeatureCache } from '../../src/ingest/load/feature-cache.js';
import type { MatchFeatures } from '../../src/ingest/match/features.js';

const features = (id: string, name = `Facility ${id}`): MatchFeatures => ({
  id, name, searchName: name.toLowerCase(), type: 'HEALTH_FACILITY', countyCode: '047', phones: [], emails: [], identifiers: {},
});

/** A reader that records what it was asked for and answers with `name`. */
function reader(name = 'as read') {
  const asked: string[][] = [];
  return { asked, read: async (ids: string[]) => (asked.push(ids), ids.map((id) => features(id, `${name} ${id}`))) };
}

describe('the feature cache of a run', () => {
  it('reads each facility once, then answers from memory', async () => {
    const cache = new FeatureCache();
    const { asked, read } = reader();
    await cache.features(['a', 'b'], read);
    const again = await cache.features(['b', 'c', 'a'], read);
    expect(asked).toEqual([['a', 'b'], ['c']]);
    expect(again.map((f) => f.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('reads a forgotten facility again: its records changed', async () => {
    const cache = new FeatureCache();
    await cache.features(['a', 'b'], reader('before').read);
    cache.forget(['a']);
    const after = reader('after');
    const answer = await cache.features(['a', 'b'], after.read);
    expect(after.asked).toEqual([['a']]);
    expect(answer.find((f) => f.id === 'a')?.name).toBe('after a');
    expect(answer.find((f) => f.id === 'b')?.name).toBe('before b');
  });

  it('holds at most its capacity, evicting the least recently used', async () => {
    const cache = new FeatureCache(2);
    const { asked, read } = reader();
    await cache.features(['a', 'b'], read);
    await cache.features(['a'], read); // a is now the most recent
    await cache.features(['c'], read); // evicts b
    expect(cache.size).toBe(2);
    await cache.features(['a', 'b'], read);
    expect(asked).toEqual([['a', 'b'], ['c'], ['b']]);
  });

  it('with capacity 0 remembers nothing: every batch reads again', async () => {
    const cache = new FeatureCache(0);
    const { asked, read } = reader();
    await cache.features(['a'], read);
    expect(await cache.features(['a'], read)).toHaveLength(1);
    expect(asked).toEqual([['a'], ['a']]);
    expect(cache.size).toBe(0);
  });

  it('forgets everything on clear (a source rolled back)', async () => {
    const cache = new FeatureCache();
    const { asked, read } = reader();
    await cache.features(['a'], read);
    cache.clear();
    await cache.features(['a'], read);
    expect(asked).toEqual([['a'], ['a']]);
  });
});
