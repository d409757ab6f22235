// Text that was UTF-8 but got decoded with a single-byte code page (Windows-1252 or Latin-1),
// the commonest damage a spreadsheet export does: `Murang’a` arrives as `Murangâ€™a`, `Kâ€“` for
// a dash, `Ã©` for `é`. The repair re-encodes the text with that code page and decodes it as
// UTF-8 again; it is kept only when that decoding is valid, so correct text is never touched.

/** Windows-1252 puts printable characters where Latin-1 has C1 controls (0x80-0x9F). */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const BYTE_OF = new Map<string, number>([...WINDOWS_1252_HIGH].map((char, i) => [char, 0x80 + i]));

/** A UTF-8 lead byte (Â-ô as Latin-1) followed by a continuation byte, as the wrong code page shows them. */
const MOJIBAKE = /[\u00C2-\u00F4][\u0080-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const byte = code <= 0xff ? code : BYTE_OF.get(char);
    // A character no single-byte page can produce: the text was not decoded that way.
    if (byte === undefined) return text;
    bytes.push(byte);
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return text;
  }
}
