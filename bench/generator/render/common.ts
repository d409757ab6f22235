// What every renderer shares: the facts a rendered record states (which become its truth),
// coordinates in their many broken forms, phones, e-mails and people.
import type { Entity } from '../entities.js';
import type { Geography } from '../geo.js';
import type { Mess } from '../mess.js';
import { PHONE_PLACEHOLDERS, e164, formatPhone, joinPhones, type PhoneBook } from '../phones.js';
import type { Rng } from '../random.js';
import { WORDINGS, type ServiceKey } from '../services.js';
import { BUILDINGS, FIRST_NAMES, LANDMARKS, LAST_NAMES, POLICE_RANKS, ROADS } from '../vocabulary.js';

export type CoordIssue = 'string' | 'missing' | 'zero' | 'swapped' | 'outside';

/** What a record states, collected while it is rendered: the record's truth line. */
export class Facts {
  countyCode: string | null = null;
  constituencyCode: string | null = null;
  wardCode: string | null = null;
  lat: number | null = null;
  lng: number | null = null;
  coordIssue: CoordIssue | null = null;
  readonly phones = new Set<string>();
  readonly shortCodes = new Set<string>();
  readonly personalPhones = new Set<string>();
  readonly emails = new Set<string>();
  readonly services = new Set<ServiceKey>();
}

/** The county / sub-county a nested file puts a record under, already spelt, with its codes. */
export interface GroupHeader {
  county: string;
  countyCode: string | null;
  subCounty?: string;
  constituencyCode?: string | null;
}

/** A place outside Kenya, for records that must be rejected as unknown_location. */
export interface ForeignPlace {
  county: string;
  sub: string;
  lat: number;
  lng: number;
}

export interface RenderInput {
  entity: Entity;
  role: 'home' | 'guest' | 'in_file_duplicate' | 'bad';
  rng: Rng;
  mess: Mess;
  phones: PhoneBook;
  geo: Geography;
  /** Unique per record in the delivery: numbers people's phones. */
  serial: number;
  group: GroupHeader | null;
  foreign: ForeignPlace | null;
}

export interface Rendered {
  record: Record<string, unknown>;
  facts: Facts;
}

/** One file kind's renderer: an entity in, the record the file shows (and what it states) out. */
export interface KindRenderer {
  /** The record field holding the name (emptied for missing_name rejects). */
  nameField: string;
  render(input: RenderInput): Rendered;
}

// ------------------------------------------------------------------------- coordinates

export interface CoordWeights {
  ok: number;
  string: number;
  missing: number;
  zero: number;
  swapped: number;
  outside: number;
}

export interface CoordDraw {
  issue: CoordIssue | null;
  lat: number | string | null;
  lng: number | string | null;
}

const OUTSIDE: ReadonlyArray<readonly [number, number]> = [
  [0.3476, 32.5825], // Kampala
  [-6.8161, 39.2803], // Dar es Salaam
  [9.0054, 38.7636], // Addis Ababa
  [-1.2921, 136.8219], // a slipped digit in the longitude
  [21.2921, 36.8219], // ... or in the latitude
];

/**
 * Draws how a record gives its coordinates and records the truth: the true position when the
 * record's numbers are usable (also when swapped or strings), null when missing, 0,0 or outside.
 */
export function drawCoords(rng: Rng, mess: Mess, w: CoordWeights, e: Entity, facts: Facts): CoordDraw {
  const m = mess.coords;
  const issue = m === 0 ? 'ok' : rng.weighted<CoordIssue | 'ok'>([
    ['ok', w.ok],
    ['string', w.string * m],
    ['missing', w.missing * m],
    ['zero', w.zero * m],
    ['swapped', w.swapped * m],
    ['outside', w.outside * m],
  ]);
  const decimals = rng.int(4, 6);
  const fmt = (v: number): number => Number(v.toFixed(decimals));
  const asString = rng.chance(0.5);
  const show = (v: number): number | string => (asString ? v.toFixed(decimals) : fmt(v));
  facts.coordIssue = issue === 'ok' ? null : issue;
  switch (issue) {
    case 'ok':
    case 'string':
    case 'swapped': {
      facts.lat = e.lat;
      facts.lng = e.lng;
      if (issue === 'ok') return { issue: null, lat: fmt(e.lat), lng: fmt(e.lng) };
      if (issue === 'string') return { issue, lat: e.lat.toFixed(decimals), lng: e.lng.toFixed(decimals) };
      return { issue, lat: show(e.lng), lng: show(e.lat) };
    }
    case 'zero':
      return { issue, lat: asString ? (0).toFixed(decimals) : 0, lng: asString ? (0).toFixed(decimals) : 0 };
    case 'outside': {
      const [lat, lng] = rng.pick(OUTSIDE);
      return { issue, lat: show(lat + rng.float(-0.05, 0.05)), lng: show(lng + rng.float(-0.05, 0.05)) };
    }
    default:
      return { issue, lat: null, lng: null };
  }
}

// ------------------------------------------------------------------------------ phones

/**
 * The facility's public numbers as a file writes them, noting each in the facts. Sometimes
 * only the main number is given; sometimes both are crammed into one string.
 */
export function publicPhones(input: RenderInput, facts: Facts, opts: { both?: boolean } = {}): string[] {
  const { rng, mess, entity } = input;
  const numbers = [entity.phone];
  if (entity.altPhone && (opts.both ?? rng.chance(0.6))) numbers.push(entity.altPhone);
  const clean = !rng.chance(mess.phone);
  return numbers.map((n) => {
    facts.phones.add(e164(n));
    return formatPhone(rng, n, clean);
  });
}

export function phoneText(rng: Rng, parts: readonly string[]): string {
  return joinPhones(rng, parts);
}

/** "N/A", "none", "" where a number was expected: states no phone at all. */
export function phonePlaceholder(rng: Rng): string {
  return rng.pick(PHONE_PLACEHOLDERS);
}

export function noteEmail(facts: Facts, email: string | null): void {
  if (email) facts.emails.add(email.trim().toLowerCase());
}

/** An e-mail as written: sometimes in capitals or with stray spaces (same address). */
export function emailText(rng: Rng, mess: Mess, email: string): string {
  if (rng.chance(mess.gaps)) return ` ${email} `;
  if (rng.chance(mess.gaps * 0.5)) return email.toUpperCase();
  return email;
}

// ------------------------------------------------------------------------------ people

export interface Person {
  name: string;
  phone: string;
  email: string;
}

/** An officer or focal person: personal data, with a personal number of their own. */
export function person(input: RenderInput, facts: Facts, withRank: boolean): Person {
  const { rng, mess, phones, serial } = input;
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const national = phones.mobile('person', serial);
  const blank = rng.chance(mess.gaps);
  if (!blank) facts.personalPhones.add(e164(national));
  return {
    name: withRank ? `${rng.pick(POLICE_RANKS)} ${first} ${last}` : `${first} ${last}`,
    phone: blank ? '' : formatPhone(rng, national, !rng.chance(mess.phone)),
    email: `${first.toLowerCase()}.${last.toLowerCase()}${rng.int(0, 99)}@example.org`,
  };
}

// ---------------------------------------------------------------------------- services

/**
 * The services one record states. A home record states all of them; a guest or a duplicate
 * a part (partners list what they refer for), at most `max` when the field is short.
 */
export function statedServices(input: RenderInput, max?: number): ServiceKey[] {
  const { rng, role, entity } = input;
  let keys: ServiceKey[] = role === 'home' ? [...entity.services] : entity.services.filter(() => rng.chance(0.65));
  if (keys.length === 0) keys = [rng.pick(entity.services)];
  if (max !== undefined && keys.length > max) keys = rng.sample(keys, max);
  return keys;
}

/**
 * Wordings for the stated keys (now and then one key twice, in two wordings), plus services
 * outside the taxonomy, in shuffled order. Notes the keys in the facts.
 */
export function serviceWords(input: RenderInput, facts: Facts, keys: readonly ServiceKey[], noise: readonly string[]): string[] {
  const { rng, mess } = input;
  const words: string[] = [];
  for (const key of keys) {
    facts.services.add(key);
    words.push(rng.pick(WORDINGS[key]));
    if (rng.chance(mess.gaps)) words.push(rng.pick(WORDINGS[key]));
  }
  if (mess.level !== 'clean') {
    const extra = rng.int(0, 2);
    for (let n = 0; n < extra; n++) words.push(rng.pick(noise));
  }
  return rng.shuffle(words);
}

/** "Hospital Road, near the main bus stage", "2nd floor, Baraka Building, Court Road", "". */
export function addressText(rng: Rng, withBuilding: boolean): string {
  if (withBuilding) return `${rng.chance(0.2) ? `${rng.pick(['1st', '2nd', '3rd'])} floor, ` : ''}${rng.pick(BUILDINGS)}, ${rng.pick(ROADS)}`;
  const landmark = rng.pick(LANDMARKS);
  return rng.chance(0.6) ? `${rng.pick(ROADS)}, ${landmark}` : landmark[0].toUpperCase() + landmark.slice(1);
}
