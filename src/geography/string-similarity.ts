// Edit distance for tolerating misspelt place names (`Kisumu Cental`, `Turkena West`, `Lbokat`).

// Rows of the distance table, reused across calls: the resolver computes thousands of distances
// for one misspelt name, and allocating per call dominated the cost.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
 * substitutions and transpositions of adjacent letters each cost one, which is how place names
 * get mistyped. Returns `limit + 1` as soon as the distance is known to exceed `limit`, so a
 * scan over a whole county's wards stays cheap.
 */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0].length <= b.length) rows = rows.map(() => new Int32Array(b.length * 2 + 1));
  let [beforePrevious, previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        best = Math.min(best, beforePrevious[j - 2] + 1);
      }
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > limit) return limit + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}

/** 1 for equal strings, 0 for nothing in common: the edit distance scaled by the longer length. */
export function nameSimilarity(a: string, b: string, distance = editDistance(a, b)): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance / longer;
}

/** How often each letter a-z occurs in a key, and (last) everything else. */
export type LetterCounts = Uint8Array;

/** Letter counts of a key (a-z, then everything else): cheap to compare, and they bound the edit distance. */
export function letterCounts(key: string): LetterCounts {
  const counts = new Uint8Array(27);
  for (let i = 0; i < key.length; i++) {
    const letter = key.charCodeAt(i) - 97;
    counts[letter >= 0 && letter < 26 ? letter : 26]++;
  }
  return counts;
}

/**
 * A lower bound of the edit distance: a substitution changes two letter counts by one, an
 * insertion or deletion one count, a transposition none. Rules out most keys before the full
 * distance is computed.
 */
export function editsAtLeast(a: LetterCounts, b: LetterCounts): number {
  let difference = 0;
  for (let i = 0; i < 27; i++) difference += Math.abs(a[i] - b[i]);
  return Math.ceil(difference / 2);
}
