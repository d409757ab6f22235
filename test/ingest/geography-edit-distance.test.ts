// The edit distance behind fuzzy place names, checked against its definition: the optimal string
// alignment distance, computed here by the textbook full table, over random short strings from a
// small alphabet (so that repeats and transpositions are common).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, editsAtLeast, letterCounts, nameSimilarity } from '../../src/geography/string-similarity.js';

/** Optimal string alignment distance, straight from its recurrence. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const word = (maxLength: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'k', ' '), maxLength });

describe('editDistance', () => {
  it('is the optimal string alignment distance, for words of any length (the table grows when needed)', () => {
    fc.assert(fc.property(word(12), word(12), (a, b) => {
      expect(editDistance(a, b)).toBe(osa(a, b));
    }), { numRuns: 400 });
    fc.assert(fc.property(word(90), word(90), (a, b) => {
      expect(editDistance(a, b)).toBe(osa(a, b));
    }), { numRuns: 30 });
  });

  it('with a limit, is the distance when within it, and more than the limit (never less) otherwise', () => {
    // Beyond the limit it stops early where it can (limit + 1) and may finish otherwise: callers
    // only ask whether the result is within the limit.
    fc.assert(
      fc.property(word(12), word(12), fc.nat(6), (a, b, limit) => {
        const exact = osa(a, b);
        const bounded = editDistance(a, b, limit);
        if (exact <= limit) expect(bounded).toBe(exact);
        else {
          expect(bounded).toBeGreaterThan(limit);
          expect(bounded).toBeLessThanOrEqual(exact);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('counts a transposition of adjacent letters as one edit', () => {
    expect(editDistance('turkena', 'turkane')).toBe(osa('turkena', 'turkane'));
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('nameSimilarity', () => {
  it('is 1 for equal strings, the empty ones included, and 1 - distance / longer length otherwise', () => {
    expect(nameSimilarity('', '')).toBe(1);
    fc.assert(
      fc.property(word(12), word(12), (a, b) => {
        const expected = a === b ? 1 : 1 - osa(a, b) / Math.max(a.length, b.length);
        expect(nameSimilarity(a, b)).toBeCloseTo(expected, 12);
      }),
    );
  });

  it('is 0 between a name and nothing', () => {
    fc.assert(fc.property(word(12).filter((a) => a.length > 0), (a) => {
      expect(nameSimilarity(a, '')).toBe(0);
    }));
  });
});

describe('editsAtLeast', () => {
  it('never exceeds the edit distance, so it can rule keys out safely', () => {
    fc.assert(
      fc.property(word(12), word(12), (a, b) => {
        expect(editsAtLeast(letterCounts(a), letterCounts(b))).toBeLessThanOrEqual(osa(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('is half the letter-count difference, rounded up', () => {
    fc.assert(
      fc.property(word(12), word(12), (a, b) => {
        const [x, y] = [letterCounts(a), letterCounts(b)];
        let difference = 0;
        for (let i = 0; i < x.length; i++) difference += Math.abs(x[i] - y[i]);
        expect(editsAtLeast(x, y)).toBe(Math.ceil(difference / 2));
      }),
    );
  });
});
