// The edit distance behind spelling tolerance.
import { describe, expect, it } from 'vitest';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { normalisePlaceName, placeKey } from '../../src/geography/normalise-place.js';
import { editDistance, editsAtLeast, letterCounts, nameSimilarity } from '../../src/geography/string-similarity.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions as one edit each', () => {
    expect(editDistance('kisumucentral', 'kisumucental')).toBe(1);
    expect(editDistance('lobokat', 'lbokat')).toBe(1);
    expect(editDistance('turkana', 'turkena')).toBe(1);
    expect(editDistance('kitui', 'kitui')).toBe(0);
    expect(editDistance('', 'embu')).toBe(4);
  });

  it('counts swapped neighbouring letters as one edit (Damerau)', () => {
    expect(editDistance('kilome', 'kiloem')).toBe(1);
  });

  it('stops early once the distance exceeds the limit', () => {
    expect(editDistance('mandera', 'mombasa', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('handles names longer than its preallocated rows', () => {
    const long = 'x'.repeat(200);
    expect(editDistance(long, `${long}y`)).toBe(1);
  });
});

describe('nameSimilarity', () => {
  it('scales the distance by the longer name', () => {
    expect(nameSimilarity('kitui', 'kitui')).toBe(1);
    expect(nameSimilarity('kiti', 'kitui')).toBeCloseTo(0.8);
  });
});

describe('editsAtLeast', () => {
  it('never exceeds the true edit distance (it is only a filter)', () => {
    const keys = kenyaGazetteer().constituencies.map((unit) => placeKey(normalisePlaceName(unit.name)));
    for (const a of keys.slice(0, 60)) {
      for (const b of keys) expect(editsAtLeast(letterCounts(a), letterCounts(b))).toBeLessThanOrEqual(editDistance(a, b));
    }
  });
});
