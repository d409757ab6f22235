// `regional`: health facilities nested by county and sub-county (SOURCES.md §1). The county
// and sub-county come from the group the record sits in, so they are not fields of the record.
import { nameVariant, wardText } from '../mess.js';
import { HEALTH_NOISE } from '../services.js';
import {
  Facts,
  drawCoords,
  emailText,
  noteEmail,
  phonePlaceholder,
  phoneText,
  publicPhones,
  serviceWords,
  statedServices,
  type KindRenderer,
  type RenderInput,
} from './common.js';

const OWNERSHIP: Record<string, readonly string[]> = {
  'Ministry of Health': ['MOH', 'MoH', 'Ministry of Health', 'Min. of Health'],
  'County Government': ['County Govt', 'County government', 'County Government'],
  'Private Practice': ['Private', 'Private Practice', 'PRIVATE'],
  'Faith Based Organization': ['FBO', 'Faith Based Organization', 'Faith-based'],
  NGO: ['Non-Governmental Organization', 'NGO'],
};
const STATUS = ['Operational', 'Functional', 'OPERATIONAL', 'operational'] as const;
/** Facility types the registry does not know: kept as given, never guessed. */
const ODD_TYPES = ['Comprehensive Care Centre', 'Hosp', 'GBVRC', 'Level 4'] as const;

function facilityType(input: RenderInput): string {
  const { rng, mess, entity } = input;
  const type = entity.facilityType ?? 'Medical Centre';
  if (rng.chance(mess.gaps * 0.3)) return '';
  if (rng.chance(mess.gaps * 0.2)) return rng.pick(ODD_TYPES);
  if (rng.chance(mess.place * 0.3)) return rng.chance(0.6) ? type.toUpperCase() : type.toLowerCase();
  return type;
}

function ownership(input: RenderInput): string | undefined {
  const { rng, mess, entity } = input;
  const o = entity.ownership ?? 'Private Practice';
  if (mess.level === 'clean') return o;
  return rng.pick(OWNERSHIP[o] ?? [o]);
}

function gps(input: RenderInput, facts: Facts): unknown {
  const { rng, mess, entity } = input;
  const c = drawCoords(rng, mess, { ok: 0.3, string: 0.3, missing: 0.3, zero: 0.05, swapped: 0.025, outside: 0.025 }, entity, facts);
  if (c.issue === 'missing') return rng.chance(0.7) ? undefined : '';
  // Strings come as "lat, lng" text half the time, the rest as an object of strings.
  if (typeof c.lat === 'string' && rng.chance(0.5)) return `${c.lat}${rng.pick([', ', ','])}${c.lng}`;
  return { lat: c.lat, lng: c.lng };
}

export const regional: KindRenderer = {
  nameField: 'name',
  render(input) {
    const { rng, mess, entity: e, group, role } = input;
    const facts = new Facts();
    facts.countyCode = group?.countyCode ?? null;
    facts.constituencyCode = group?.constituencyCode ?? null;
    const rec: Record<string, unknown> = { name: nameVariant(rng, mess, e, role === 'bad' ? 'home' : role) };

    if (e.mflCode) {
      const form = rng.weighted([
        ['string', 0.7],
        ['number', 0.2],
        ['empty', mess.gaps * 0.4],
        ['null', mess.gaps * 0.25],
        ['absent', mess.gaps * 0.6],
      ] as const);
      if (form === 'string') rec.mfl_code = e.mflCode;
      else if (form === 'number') rec.mfl_code = Number(e.mflCode);
      else if (form === 'empty') rec.mfl_code = '';
      else if (form === 'null') rec.mfl_code = null;
    }
    rec.facility_type = facilityType(input);
    rec.ownership = ownership(input);
    // A record placed abroad names no Kenyan ward: its group header is the foreign place.
    if (!input.foreign && !rng.chance(0.1 + mess.gaps)) {
      rec.ward = wardText(rng, mess, e.ward);
      facts.wardCode = e.ward.code;
    }
    rec.status = mess.level === 'clean' ? 'Operational' : rng.pick(STATUS);
    rec.services = serviceWords(input, facts, statedServices(input), HEALTH_NOISE);

    const contacts: Record<string, string> = {};
    if (rng.chance(mess.gaps * 0.5)) contacts.phone = phonePlaceholder(rng);
    else if (!rng.chance(mess.gaps * 0.3)) {
      const parts = publicPhones(input, facts);
      if (parts.length > 1 && rng.chance(0.3)) contacts.phone = phoneText(rng, parts);
      else {
        contacts.phone = parts[0];
        if (parts[1]) contacts.alt_phone = parts[1];
      }
    }
    if (e.email && rng.chance(0.85)) {
      contacts.email = emailText(rng, mess, e.email);
      noteEmail(facts, e.email);
    } else if (rng.chance(mess.gaps)) contacts.email = '';
    rec.contacts = contacts;

    const g = gps(input, facts);
    if (g !== undefined) rec.gps = g;
    return { record: rec, facts };
  },
};
