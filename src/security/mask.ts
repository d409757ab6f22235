// Masked forms of personal data for callers whose role may not read it. A masked value lets a
// reader tell that a contact exists and roughly which one it is (country, last digits, an
// initial) without being able to call, e-mail or identify the person.
//
// Every mask is a fixed "***" whatever the length of what it hides, so the output does not
// reveal how long a name or number was.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const MASK = '***';
const VISIBLE_PHONE_DIGITS = 3;
/**
 * Below this many digits after the country code the last three are too large a share of the
 * number (and short numbers are guessable), so nothing is kept.
 */
const MIN_DIGITS_TO_REVEAL_TAIL = 7;

/**
 * `+254711000222` → `+254***222`: the country calling code and the last three digits.
 * Numbers without a recognisable `+<country code>` keep only the last three digits
 * (`0711000222` → `***222`); very short numbers become `***`.
 */
export function maskPhone(phone: string): string {
  const trimmed = phone.trim();
  const parsed = trimmed.startsWith('+') ? parsePhoneNumberFromString(trimmed) : undefined;
  if (parsed !== undefined) {
    return `+${parsed.countryCallingCode}${maskDigits(parsed.nationalNumber)}`;
  }
  // The `+` was not a recognisable country code: do not guess where the code ends, since a
  // wrong guess would show part of the subscriber number.
  return maskDigits(trimmed.replace(/\D/g, ''));
}

function maskDigits(digits: string): string {
  if (digits.length < MIN_DIGITS_TO_REVEAL_TAIL) return MASK;
  return MASK + digits.slice(-VISIBLE_PHONE_DIGITS);
}

/**
 * Every word becomes its first character and `***`: `Jane Doe` → `J*** D***`,
 * `Insp. John Doe` → `I*** J*** D***`. Titles are masked like names: they are few, but
 * together with a station they narrow down who the officer is.
 *
 * Only a letter is kept: a partner sometimes types a phone number into the name field, and
 * spaced out (`Jane 0 7 1 1 …`) each digit would be a word of its own, shown whole. A word
 * that does not start with a letter becomes `***`.
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/u)
    .filter((word) => word.length > 0)
    .map((word) => {
      const first = firstCharacter(word);
      return /^\p{L}$/u.test(first) ? first + MASK : MASK;
    })
    .join(' ');
}

/**
 * `john.doe@example.org` → `j***@example.org`. The domain stays: it usually names the
 * organisation, which is public, and it tells a reader which channel the contact is. A string
 * without a usable `@` becomes `***`.
 */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  // The last `@`: quoted local parts may contain one, domains may not.
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return MASK;
  return firstCharacter(trimmed.slice(0, at)) + MASK + trimmed.slice(at);
}

/**
 * By code point after NFC, so neither a character outside the BMP nor a decomposed accented
 * letter is cut in half.
 */
function firstCharacter(text: string): string {
  return Array.from(text.normalize('NFC'))[0] ?? '';
}
