// Type words in either language: Swahili names of facility types, scopes, directions and the
// sector's words read as their English equivalents before a name is analysed, so that "Zahanati
// ya Ngei" and "Ngei Dispensary" compare as one name, and "Kituo cha Afya Ngei" still conflicts
// with "Ngei Dispensary" exactly as "Ngei Health Centre" does. Matching only: the stored search
// name keeps the partner's words.

/** Swahili phrase → English words; the longest phrase at a position wins. */
const EQUIVALENTS: ReadonlyArray<readonly [string, string]> = [
  ['hospitali ya rufaa ya kaunti', 'county referral hospital'],
  ['hospitali ya rufaa', 'referral hospital'],
  ['hospitali ya kaunti ndogo', 'sub county hospital'],
  ['hospitali ya wilaya', 'district hospital'],
  ['hospitali ya kaunti', 'county hospital'],
  ['hospitali', 'hospital'],
  ['zahanati', 'dispensary'],
  ['kituo cha afya', 'health centre'],
  ['kituo kidogo cha polisi', 'police post'],
  ['kituo cha polisi', 'police station'],
  ['kituo cha doria', 'patrol base'],
  ['kituo cha uokoaji', 'rescue centre'],
  ['kituo cha msaada wa kisheria', 'legal aid centre'],
  ['msaada wa kisheria', 'legal aid'],
  ['nyumba salama', 'safe house'],
  ['makazi salama', 'safe house'],
  ['kliniki', 'clinic'],
  ['polisi', 'police'],
  ['kituo', 'centre'],
  ['mtandao', 'network'],
  ['chama', 'association'],
  ['wakfu', 'foundation'],
  ['shirika', 'organisation'],
  ['kaunti ndogo', 'sub county'],
  ['kaunti', 'county'],
  ['kaskazini', 'north'],
  ['kusini', 'south'],
  ['mashariki', 'east'],
  ['magharibi', 'west'],
  ['kati', 'central'],
  ['wanawake', 'women'],
  ['watoto', 'children'],
  ['wasichana', 'girls'],
  ['vijana', 'youth'],
  // English shorthand for sub-county that the normaliser leaves as written.
  ['sub co', 'sub county'],
  ['subco', 'subcounty'],
];

/** Swahili connectors ("of", "for", "and"): they carry no identity, like English articles. */
export const SWAHILI_CONNECTORS: ReadonlySet<string> = new Set(['ya', 'cha', 'la', 'wa', 'za', 'kwa', 'na', 'vya']);

interface Phrase { words: string[]; english: string[] }

const BY_FIRST_WORD = new Map<string, Phrase[]>();
for (const [swahili, english] of EQUIVALENTS) {
  const phrase = { words: swahili.split(' '), english: english.split(' ') };
  BY_FIRST_WORD.set(phrase.words[0], [...(BY_FIRST_WORD.get(phrase.words[0]) ?? []), phrase]);
}
for (const phrases of BY_FIRST_WORD.values()) phrases.sort((a, b) => b.words.length - a.words.length);

/** The words with each Swahili type phrase replaced by its English words. */
export function inEnglish(words: readonly string[]): string[] {
  // Most names hold no Swahili word at all: return them as they are, without copying.
  if (!words.some((word) => BY_FIRST_WORD.has(word))) return words as string[];
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const phrase = BY_FIRST_WORD.get(words[i])?.find((p) => p.words.every((word, k) => words[i + k] === word));
    if (phrase) {
      out.push(...phrase.english);
      i += phrase.words.length - 1;
    } else {
      out.push(words[i]);
    }
  }
  return out;
}
