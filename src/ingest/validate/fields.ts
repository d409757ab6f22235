// Field schemas that accept every shape the partners actually send (numbers for text, empty
// strings for "nothing", gps as object or "lat,lng" text, contacts as object, list or free text)
// and reject only what cannot mean anything: an object where text belongs, and the like.
// Each schema's `error` is the second half of a sentence that starts with the field's name.
import { z } from 'zod';
import { stripInvisible } from '../normalise/text.js';
import type { ContactChannel, ContactInput, PersonInput, RawCoordinates, ServiceMention } from './draft.js';

/** Partners write these where they mean "no value". */
const PLACEHOLDERS = new Set(['', 'n/a', 'na', 'null', 'none', 'nil', '-', '--', 'not available', 'unknown']);

function blankToUndefined(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** Invisible characters alone are nothing too: a name of zero-width spaces is a missing name. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDERS.has(stripInvisible(text).trim().toLowerCase());
}

/** Text (numbers accepted as their digits); blank → undefined. Placeholders are kept: some fields warn about them. */
export const text = z
  .union([z.string(), z.number(), z.null()], { error: 'must be text' })
  .optional()
  .transform(blankToUndefined);

/** Like `text`, but "N/A", "none", "-" … also mean nothing. */
export const optionalText = text.transform((value) => (value === undefined || isPlaceholder(value) ? undefined : value));

/** An identifier such as an MFL code: text or a JSON number. */
export const code = optionalText;

/** A coordinate as sent: a number or numeric text; whether it is usable is normalise's call. */
export const coordinate = z
  .union([z.number(), z.string(), z.null()], { error: 'must be a number' })
  .optional()
  .transform((value) => (typeof value === 'string' ? blankToUndefined(value) : (value ?? undefined)));

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'available', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'unavailable']);

/** true/false, also as "yes"/"no" or 1/0; anything else is "not stated". */
export const flag = z
  .union([z.boolean(), z.number(), z.string(), z.null()], { error: 'must be true or false' })
  .optional()
  .transform((value): boolean | undefined => {
    if (typeof value === 'boolean') return value;
    if (value === null || value === undefined) return undefined;
    const word = String(value).trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return undefined;
  });

const serviceEntry = z.union(
  [z.string(), z.number(), z.null(), z.object({ name: text, available: flag })],
  { error: 'must be a service name or {name, available}' },
);

/**
 * Services as a list of names, a list of {name, available} (only available ones count), or one
 * string joined with ";" or "," (split later, with the other ways partners join names).
 */
export const services = z
  .union([z.string(), z.array(serviceEntry), z.null()], {
    error: 'must be a list of service names, a list of {name, available}, or text separated by ";"',
  })
  .optional()
  .transform((value): ServiceMention[] => {
    if (value === null || value === undefined) return [];
    if (typeof value === 'string') return mention(value);
    return value.flatMap((entry) => {
      if (entry === null) return [];
      if (typeof entry !== 'object') return mention(String(entry));
      return entry.available === false || entry.name === undefined ? [] : mention(entry.name);
    });
  });

function mention(name: string): ServiceMention[] {
  const trimmed = name.trim();
  return trimmed === '' ? [] : [trimmed];
}

const contactValue = z.union([z.string(), z.number(), z.null(), z.array(z.union([z.string(), z.number(), z.null()]))], {
  error: 'must be a phone number, e-mail or address as text',
});

const typedContact = z.object({ type: text, value: contactValue.optional() });

/**
 * Contacts as an object of labelled values (`phone`, `alt_phone`, `email`), a list of
 * {type, value}, or free text holding phones and e-mails separated by "/", "," or ";".
 */
export function contacts(field: string) {
  return z
    .union(
      [
        z.string(),
        z.number(),
        z.null(),
        z.array(z.union([z.string(), z.number(), z.null(), typedContact], { error: 'must be text or {type, value}' })),
        z.record(z.string(), contactValue.optional()),
      ],
      { error: 'must be an object such as {phone, email}, a list of {type, value}, or text' },
    )
    .optional()
    .transform((value): ContactInput[] => {
      if (value === null || value === undefined) return [];
      if (typeof value === 'string' || typeof value === 'number') return contactTexts(field, 'any', value);
      if (Array.isArray(value)) {
        return value.flatMap((entry, index) => {
          if (entry === null) return [];
          if (typeof entry !== 'object') return contactTexts(`${field}.${index}`, 'any', entry);
          return contactTexts(`${field}.${index}`, channelOf(entry.type ?? ''), entry.value);
        });
      }
      return Object.entries(value).flatMap(([label, entry]) => contactTexts(`${field}.${label}`, channelOf(label), entry));
    });
}

/** A single contact field (`phone`, `email`, `website`), text or a list of texts. */
export function contactField(field: string, channel: ContactChannel) {
  return contactValue.optional().transform((value) => contactTexts(field, channel, value));
}

function contactTexts(field: string, channel: ContactChannel, value: z.infer<typeof contactValue> | undefined): ContactInput[] {
  if (value === null || value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((entry) => {
    const contactText = blankToUndefined(entry);
    return contactText === undefined ? [] : [{ field, channel, text: contactText }];
  });
}

/** What a contact label or type ("alt_phone", "Hotline", "e-mail") says the value is. */
function channelOf(label: string): ContactChannel {
  const word = label.toLowerCase();
  if (/hot ?line|help ?line|toll|short ?code/.test(word)) return 'hotline';
  if (/mail/.test(word)) return 'email';
  if (/web|url|site|link/.test(word)) return 'website';
  if (/phone|tel|mobile|cell|landline|fax|whatsapp/.test(word)) return 'phone';
  return 'any';
}

/** A named person (station commander, focal person): personal data. */
export function person(field: string, role: PersonInput['role']) {
  return z
    .union([z.string(), z.null(), z.object({ name: text, phone: text, email: text })], {
      error: 'must be an object {name, phone, email}',
    })
    .optional()
    .transform((value): PersonInput[] => {
      if (value === null || value === undefined) return [];
      const details: Omit<PersonInput, 'role' | 'field'> = typeof value === 'string' ? { name: blankToUndefined(value) } : value;
      if (!details.name && !details.phone && !details.email) return [];
      return [{ role, field, ...details }];
    });
}

/** gps as {lat, lng} (or {latitude, longitude}), "lat,lng" text, or a [lat, lng] pair. */
export function latLng(field: string) {
  return z
    .union(
      [
        z.string(),
        z.null(),
        z.array(coordinate),
        z.object({ lat: coordinate, lng: coordinate, latitude: coordinate, longitude: coordinate, lon: coordinate }),
      ],
      { error: 'must be {lat, lng}, "lat,lng" text or a [lat, lng] pair' },
    )
    .optional()
    .transform((value): RawCoordinates | undefined => {
      if (value === null || value === undefined) return undefined;
      if (typeof value === 'string') return pairFromText(field, value, 'lat,lng');
      if (Array.isArray(value)) return pair(field, value, 'lat,lng');
      return {
        field,
        order: 'lat,lng',
        first: value.lat ?? value.latitude,
        second: value.lng ?? value.longitude ?? value.lon,
      };
    });
}

/** GeoJSON coordinates: [longitude, latitude], possibly as text. */
export function lngLat(field: string) {
  return z
    .union([z.string(), z.null(), z.array(coordinate)], { error: 'must be a GeoJSON [longitude, latitude] pair' })
    .optional()
    .transform((value): RawCoordinates | undefined => {
      if (value === null || value === undefined) return undefined;
      if (typeof value === 'string') return pairFromText(field, value, 'lng,lat');
      return pair(field, value, 'lng,lat');
    });
}

/** Text is handed on whole: its separators and decimal commas can only be told apart while reading the numbers. */
function pairFromText(field: string, value: string, order: RawCoordinates['order']): RawCoordinates | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return { field, order, first: undefined, second: undefined, text: trimmed };
}

function pair(
  field: string,
  values: readonly (string | number | undefined)[],
  order: RawCoordinates['order'],
): RawCoordinates | undefined {
  if (values.every((value) => value === undefined)) return undefined;
  if (values.length !== 2) return { field, order, first: undefined, second: undefined, malformed: JSON.stringify(values) };
  return { field, order, first: values[0], second: values[1] };
}

/** Separate latitude and longitude fields. */
export function latitudeLongitude(field: string, latitude: string | number | undefined, longitude: string | number | undefined): RawCoordinates | undefined {
  if (latitude === undefined && longitude === undefined) return undefined;
  return { field, order: 'lat,lng', first: latitude, second: longitude };
}
