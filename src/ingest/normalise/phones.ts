// Phone numbers in free text to E.164 (Kenya by default), and short codes (1195, 116, 999, 112)
// kept bare as hotlines. libphonenumber-js finds the numbers, whatever labels, grouping and
// punctuation surround them; this module only rewrites the country-code forms it does not read
// and decides what the digits it leaves over are.
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneReading =
  | { kind: 'phone'; e164: string }
  | { kind: 'short_code'; code: string }
  | { kind: 'invalid'; text: string };

/** A hotline short code: 3 to 5 digits, never with the trunk 0 a phone number starts with. */
const SHORT_CODE = /^[1-9]\d{2,4}$/;

/** Between the numbers of a list: punctuation, or a conjunction in English or Swahili (`na`, `au`). */
const LIST_SEPARATORS = /[,;/|\n]|\b(?:or|and|na|au)\b/i;

/** `P.O. Box 1234-00100`: contact fields hold postal addresses, whose digits are no short code. */
const POSTAL_ADDRESS = /\b(?:p\.?\s*o\.?\s*)?box\s*\d+(?:\s*[-–]\s*\d{5})?/gi;

/** A number as written: digits with the grouping and punctuation people put between them. */
const WRITTEN_NUMBER = /\+?\d[\d\s().-]*\d|\d/g;

/**
 * Kenya's country code in the forms libphonenumber does not read: `00 254` (the international
 * prefix most of the world dials), `(+254)`, and the trunk 0 kept after it (`+254 (0)722…`,
 * `+2540722…`).
 */
function writeCountryCode(text: string): string {
  return text
    // Only where a number starts: in `0110 002540` the `00254` is the end of the number.
    .replace(/(?<![\d+][\s.-]*)00[\s.-]*254/g, '+254')
    .replace(/\(\s*\+?\s*254\s*\)/g, '+254')
    .replace(/\+[\s.-]*254[\s.-]*(?:\(\s*0\s*\)|0(?=[\s.-]*[1-9]))/g, '+254 ');
}

/** Every phone number and short code in a field, in the order written; leftovers that are neither are `invalid`. */
export function readPhones(text: string): PhoneReading[] {
  const readings: { at: number; reading: PhoneReading }[] = [];
  // The finder reads `0722 000252, 0797002844` as one candidate and returns only its first
  // number, so the list separators people use are cut first and each part searched alone.
  const parts = text.replace(POSTAL_ADDRESS, (address) => ' '.repeat(address.length)).split(LIST_SEPARATORS);
  let offset = 0;
  for (const written of parts) {
    // Per part: `…000 00` ending one number and `254…` starting the next are no `00 254`.
    const part = writeCountryCode(written);
    let rest = part;
    for (const found of findPhoneNumbersInText(part, 'KE')) {
      if (!found.number.isValid()) continue;
      readings.push({ at: offset + found.startsAt, reading: { kind: 'phone', e164: found.number.number } });
      rest = rest.slice(0, found.startsAt) + ' '.repeat(found.endsAt - found.startsAt) + rest.slice(found.endsAt);
    }
    for (const match of rest.matchAll(WRITTEN_NUMBER)) {
      for (const reading of readLeftover(match[0])) readings.push({ at: offset + match.index, reading });
    }
    offset += written.length + 1;
  }
  if (readings.length === 0 && text.trim() !== '') return [{ kind: 'invalid', text: text.trim() }];
  return readings.sort((a, b) => a.at - b.at).map(({ reading }) => reading);
}

/** Digits the finder passed over: short codes, a number written without its `+` (`254 722 …`), or junk. */
function readLeftover(written: string): PhoneReading[] {
  const digits = written.replace(/\D/g, '');
  if (digits.length < 3) return []; // an extension or a house number, not a contact
  if (SHORT_CODE.test(digits)) return [{ kind: 'short_code', code: digits }];
  const groups = written.trim().split(/[\s().-]+/).filter((group) => group !== '');
  if (groups.length > 1 && groups.every((group) => SHORT_CODE.test(group))) {
    return groups.map((code) => ({ kind: 'short_code', code }));
  }
  return [readPhone(written.trim())];
}

export function readPhone(text: string): PhoneReading {
  const compact = text.replace(/[\s().-]/g, '');
  if (SHORT_CODE.test(compact)) return { kind: 'short_code', code: compact };
  const written = writeCountryCode(text);
  // `254…` without its plus is the country code when what follows is a whole Kenyan number.
  const international = /^254\d{9}$/.test(compact) ? `+${compact}` : written;
  const phone = parsePhoneNumberFromString(international, 'KE');
  return phone?.isValid() ? { kind: 'phone', e164: phone.number } : { kind: 'invalid', text };
}
