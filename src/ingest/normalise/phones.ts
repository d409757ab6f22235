// Phone numbers to E.164 (Kenya by default) and short codes (1195, 116, 999) kept bare.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneReading =
  | { kind: 'phone'; e164: string }
  | { kind: 'short_code'; code: string }
  | { kind: 'invalid'; text: string };

/** Partners put several numbers in one field: "0722 000252 or 0797002844", "0769004339/1195". */
const SEPARATORS = /\s*(?:[/,;|\n]|\bor\b|\band\b)\s*/i;

const SHORT_CODE = /^\d{3,5}$/;

export function readPhones(text: string): PhoneReading[] {
  return text
    .split(SEPARATORS)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(readPhone);
}

export function readPhone(text: string): PhoneReading {
  const compact = text.replace(/[\s().-]/g, '');
  if (SHORT_CODE.test(compact)) return { kind: 'short_code', code: compact };
  // "00" is how many write the international prefix; Kenya's own is "000".
  const international = /^00[1-9]/.test(compact) ? `+${compact.slice(2)}` : text;
  const phone = parsePhoneNumberFromString(international, 'KE');
  return phone?.isValid() ? { kind: 'phone', e164: phone.number } : { kind: 'invalid', text };
}
