// Acronyms and their expansions: "AGSN" for "Ashabito GBV Survivors Network". A short
// distinctive word of one name that spells the initials of consecutive words of the other is
// read as those words, so the two names compare as one; a name whose initials differ ("… Forum")
// finds nothing to expand.

/** Words left out of an acronym's letters ("Federation of Women Lawyers"). */
const SKIPPED = new Set(['of', 'and', 'the', 'for', 'ya', 'wa', 'na', 'la', 'cha', 'za']);

/** Lengths a word may have to be taken for an acronym: shorter ones match too much by chance. */
export const ACRONYM_LENGTH = { min: 3, max: 6 } as const;

export function looksLikeAcronym(token: string): boolean {
  return token.length >= ACRONYM_LENGTH.min && token.length <= ACRONYM_LENGTH.max && /^[a-z]+$/.test(token);
}

/** The name's initials, with and without the skipped words, when it has enough words to be abbreviated. */
export function initialsOf(sequence: readonly string[]): string[] {
  const all = sequence.map((word) => word[0]).join('');
  const content = sequence.filter((word) => !SKIPPED.has(word)).map((word) => word[0]).join('');
  return [...new Set([all, content])].filter((initials) => initials.length >= ACRONYM_LENGTH.min && /^[a-z]+$/.test(initials));
}

/**
 * The consecutive words of `sequence` whose initials spell `acronym` (skipped words may sit
 * between them, and are kept), or undefined.
 */
export function expansionOf(acronym: string, sequence: readonly string[]): string[] | undefined {
  for (let start = 0; start < sequence.length; start++) {
    if (sequence[start][0] !== acronym[0]) continue;
    let letter = 0;
    let end = start;
    while (end < sequence.length && letter < acronym.length) {
      const word = sequence[end];
      if (word[0] === acronym[letter]) letter += 1;
      else if (!SKIPPED.has(word)) break;
      end += 1;
    }
    if (letter === acronym.length) return sequence.slice(start, end);
  }
  return undefined;
}
