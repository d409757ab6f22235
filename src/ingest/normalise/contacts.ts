// Public contacts (phones, hotlines, e-mails, websites) and named persons, normalised. Persons'
// details are personal data: they are kept apart and never published as contacts.
import type { ContactType, NormalisedContact, NormalisedPerson } from '../record.js';
import type { ContactInput, PersonInput } from '../validate/draft.js';
import { isPlaceholder } from '../validate/fields.js';
import type { Warnings } from './issues.js';
import { readPhone, readPhones } from './phones.js';
import { cleanText } from './text.js';

const EMAIL = /[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s,;]+/gi;

export interface NormalisedContacts {
  contacts: NormalisedContact[];
  website?: string;
  persons: NormalisedPerson[];
}

export function normaliseContacts(inputs: readonly ContactInput[], people: readonly PersonInput[], warnings: Warnings): NormalisedContacts {
  const found: { type: ContactType; value: string }[] = [];
  for (const input of inputs) found.push(...readContact(input, warnings));

  const persons = people.map((person) => normalisePerson(person, warnings));
  const personal = new Set(persons.flatMap((person) => [person.phone, person.email]).filter(Boolean));

  const seen = new Set<string>();
  const contacts: NormalisedContact[] = [];
  for (const { type, value } of found) {
    const key = `${type}:${value}`;
    // A person's own number stays private even if the partner also listed it publicly.
    if (seen.has(key) || personal.has(value)) continue;
    seen.add(key);
    contacts.push({ type, value, isPrimary: false });
  }
  const primaryPhone = contacts.find((contact) => contact.type === 'PHONE');
  if (primaryPhone) primaryPhone.isPrimary = true;

  const website = contacts.find((contact) => contact.type === 'WEBSITE')?.value;
  return { contacts, persons, ...(website ? { website } : {}) };
}

function readContact(input: ContactInput, warnings: Warnings): { type: ContactType; value: string }[] {
  // A line break between numbers separates them; cleaning would fold it into a space and join
  // the end of one number to the start of the next (`… 3598` + `00254 …`).
  const text = cleanText(input.channel === 'email' || input.channel === 'website' ? input.text : input.text.replace(/\s*[\r\n]+\s*/g, ' ; '));
  switch (input.channel) {
    case 'email':
      return readEmails(text, input.field, warnings);
    case 'website':
      return readWebsite(text, input.field, warnings);
    case 'phone':
    case 'hotline':
      return readPhoneField(text, input.channel, input.field, warnings);
    case 'any':
      return readFreeText(text, input.field, warnings);
  }
}

/** Free text mixing phones, e-mails and links: "0722 000111 / clinic@example.org". */
function readFreeText(text: string, field: string, warnings: Warnings): { type: ContactType; value: string }[] {
  const emails = text.match(EMAIL) ?? [];
  const urls = text.replace(EMAIL, ' ').match(URL_IN_TEXT) ?? [];
  let rest = text.replace(EMAIL, ' ');
  for (const url of urls) rest = rest.replace(url, ' ');
  const found = [
    ...readPhoneField(rest, 'phone', field, warnings, { quietWhenEmpty: emails.length + urls.length > 0 }),
    ...emails.map((email) => ({ type: 'EMAIL' as const, value: email.toLowerCase() })),
  ];
  for (const url of urls) found.push(...readWebsite(url, field, warnings));
  return found;
}

function readPhoneField(
  text: string,
  channel: 'phone' | 'hotline',
  field: string,
  warnings: Warnings,
  { quietWhenEmpty = false } = {},
): { type: ContactType; value: string }[] {
  if (text.replace(/[\s/,;|-]/g, '') === '') {
    if (!quietWhenEmpty) warnings.add('INVALID_PHONE', field, `"${field}" holds no phone number.`);
    return [];
  }
  if (isPlaceholder(text)) {
    warnings.add('INVALID_PHONE', field, `"${field}" is "${text}", not a phone number; leave it empty when there is none.`);
    return [];
  }
  return readPhones(text).flatMap((reading) => {
    switch (reading.kind) {
      case 'short_code':
        return [{ type: 'HOTLINE' as const, value: reading.code }];
      case 'phone':
        return [{ type: channel === 'hotline' ? ('HOTLINE' as const) : ('PHONE' as const), value: reading.e164 }];
      case 'invalid':
        warnings.add('INVALID_PHONE', field, `"${reading.text}" in "${field}" is not a valid phone number or short code.`);
        return [];
    }
  });
}

function readEmails(text: string, field: string, warnings: Warnings): { type: ContactType; value: string }[] {
  const emails = text.replace(/^mailto:/i, '').match(EMAIL);
  if (!emails) {
    if (!isPlaceholder(text)) warnings.add('INVALID_EMAIL', field, `"${text}" in "${field}" is not a valid e-mail address.`);
    return [];
  }
  return emails.map((email) => ({ type: 'EMAIL', value: email.toLowerCase() }));
}

function readWebsite(text: string, field: string, warnings: Warnings): { type: ContactType; value: string }[] {
  const url = normaliseUrl(text);
  if (!url) {
    if (!isPlaceholder(text)) warnings.add('INVALID_URL', field, `"${text}" in "${field}" is not a valid web address.`);
    return [];
  }
  return [{ type: 'WEBSITE', value: url }];
}

/** An absolute http(s) URL; "www.example.org/x" gains its missing scheme. */
export function normaliseUrl(text: string): string | undefined {
  const candidate = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    if (!/^https?:$/.test(url.protocol) || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname)) return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}

function normalisePerson(person: PersonInput, warnings: Warnings): NormalisedPerson {
  const normalised: NormalisedPerson = { role: person.role, name: person.name ? cleanText(person.name) : '' };
  if (person.phone && !isPlaceholder(person.phone)) {
    const reading = readPhone(cleanText(person.phone));
    if (reading.kind === 'phone') normalised.phone = reading.e164;
    else warnings.add('INVALID_PHONE', `${person.field}.phone`, `The ${describeRole(person.role)}'s phone is not a valid phone number.`);
  }
  if (person.email) {
    const email = cleanText(person.email).match(EMAIL)?.[0];
    if (email) normalised.email = email.toLowerCase();
    else if (!isPlaceholder(person.email)) warnings.add('INVALID_EMAIL', `${person.field}.email`, `The ${describeRole(person.role)}'s e-mail is not a valid address.`);
  }
  return normalised;
}

function describeRole(role: PersonInput['role']): string {
  return role === 'officer_commanding' ? 'officer commanding' : 'focal person';
}
