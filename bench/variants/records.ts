// Records of one variant family: a clean facility drawn from the gazetteer, its truth, and the
// record as the family's table rewrites it (as an equity_afya record, whose fields carry every
// category: a name, county/constituency/ward, coordinates, a services string and a phone).
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import type { GazetteerWard } from '../../src/ingest/geography/types.js';
import type { RawRecord } from '../../src/ingest/record.js';
import { Rng } from '../generator/random.js';
import { SERVICE_KEYS } from '../generator/services.js';
import type { CoordinateNotation, EncodingDamage, VariantFamily } from '../generator/variants.js';

export interface VariantTruth {
  countyCode: string;
  constituencyCode: string;
  wardCode: string;
  services: string[];
  phones: string[];
  /** Undefined when the written point is no usable position (0,0 or abroad). */
  point?: { latitude: number; longitude: number };
}

export interface VariantCase {
  record: RawRecord;
  truth: VariantTruth;
  /** The same facility as another source names it (`cross_source_names` only). */
  guest?: RawRecord;
}

const TYPE_WORDS = ['Health Centre', 'Dispensary', 'Hospital', 'Sub-County Hospital', 'Police Station', 'Clinic'];
const CLEAN_WORDING: Record<string, string> = {
  medical_care: 'Medical care', post_rape_care: 'Post-rape care', pep: 'PEP', emergency_contraception: 'Emergency contraception',
  hiv_testing: 'HIV testing', psychosocial_support: 'Psychosocial support', legal_aid: 'Legal aid', police_reporting: 'Police reporting',
  gender_desk: 'Gender desk', shelter: 'Shelter', child_protection: 'Child protection', forensic_examination: 'Forensic examination',
  hotline: 'Hotline', economic_empowerment: 'Economic empowerment',
};
const SHORT_CODES = ['1195', '116', '999', '112'];

export function variantCases(family: VariantFamily, count: number, seed: number): VariantCase[] {
  const gazetteer = kenyaGazetteer();
  const cases: VariantCase[] = [];
  for (let i = 0; i < count; i++) {
    const rng = Rng.derive(seed, family.name, i);
    cases.push(variantCase(family, rng, gazetteer.wards, i));
  }
  return cases;
}

function variantCase(family: VariantFamily, rng: Rng, wards: readonly GazetteerWard[], i: number): VariantCase {
  const gazetteer = kenyaGazetteer();
  const ward = rng.pick(wards);
  const county = gazetteer.counties.find((unit) => unit.code === ward.countyCode);
  const constituency = gazetteer.constituencies.find((unit) => unit.code === ward.constituencyCode);
  const place = ward.name.split('/')[0].trim();
  const typeWord = rng.pick(TYPE_WORDS);
  const name = `${place} ${typeWord}`;
  const services = rng.sample(SERVICE_KEYS, rng.int(1, 3));
  const national = `7${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const latitude = Math.round(rng.float(-4.5, 4.8) * 1e7) / 1e7;
  const longitude = Math.round(rng.float(34.1, 41.7) * 1e7) / 1e7;
  const truth: VariantTruth = {
    countyCode: ward.countyCode, constituencyCode: ward.constituencyCode, wardCode: ward.code,
    services: [...services], phones: [`+254${national}`], point: { latitude, longitude },
  };
  const payload: Record<string, unknown> = {
    facility_name: name,
    location: { county: county?.name, constituency: constituency?.name, ward: ward.name, latitude: String(latitude), longitude: String(longitude) },
    services: services.map((key) => CLEAN_WORDING[key]).join('; '),
    phone: `0${national.slice(0, 3)} ${national.slice(3)}`,
  };
  const location = payload.location as Record<string, unknown>;
  let guest: RawRecord | undefined;

  if (family.places) {
    location.county = wrap(rng.pick(family.places.county), typo(rng, county?.name ?? '', family.typos ?? ['none']), ward.countyCode, rng);
    location.constituency = wrap(rng.pick(family.places.constituency), constituency?.name ?? '', ward.countyCode, rng);
    location.ward = wrap(rng.pick(family.places.ward), ward.name, ward.countyCode, rng);
  }
  if (family.services) {
    const { wordings, joiners } = family.services;
    const joiner = rng.pick(joiners);
    payload.services = services.map((key) => rng.pick(wordings[key] ?? [CLEAN_WORDING[key]])).join(joiner);
  }
  if (family.phones) {
    const { countryForms, labels, groupSeparators, joiners, withShortCode } = family.phones;
    const second = `1${String(rng.int(10_000_000, 19_999_999)).slice(0, 8)}`;
    const numbers = rng.chance(0.4) ? [national, second] : [national];
    truth.phones = numbers.map((n) => `+254${n}`);
    const layouts = numbers.map((n) => `${rng.pick(labels)}${rng.pick(countryForms)}${group(n, rng.pick(groupSeparators), rng)}`);
    if (rng.chance(withShortCode)) layouts.push(`hotline ${rng.pick(SHORT_CODES)}`);
    payload.phone = layouts.join(rng.pick(joiners));
  }
  if (family.coordinates) {
    const { notations, swapped, zero, abroad } = family.coordinates;
    const notation = rng.pick(notations);
    let [lat, lng] = [latitude, longitude];
    if (rng.chance(zero)) { [lat, lng] = [0, 0]; truth.point = undefined; }
    else if (rng.chance(abroad)) { [lat, lng] = [51.5 + rng.float(0, 1), -0.1]; truth.point = undefined; }
    const latText = writeCoordinate(lat, 'lat', notation);
    const lngText = writeCoordinate(lng, 'lng', notation);
    const lettered = /[NSEW]/.test(latText);
    const swap = rng.chance(swapped) && (lettered || notation !== 'numbers');
    if (notation === 'numbers' && !swap) {
      location.latitude = lat;
      location.longitude = lng;
    } else {
      // The latitude and longitude fields carry one value each, swapped when the family says so.
      location.latitude = swap ? lngText : latText;
      location.longitude = swap ? latText : lngText;
    }
  }
  if (family.encoding) {
    const damage = rng.pick(family.encoding);
    payload.facility_name = damageText(name, damage);
    location.county = damageText(String(location.county), damage);
    location.ward = damageText(String(location.ward), damage);
    payload.services = damageText(String(payload.services), damage);
  }
  if (family.names) {
    const replacements = family.names.typeWords.filter(([from]) => name.endsWith(from));
    const renamed = replacements.length > 0 ? (() => { const [from, to] = rng.pick(replacements); return name.slice(0, -from.length) + to; })() : name;
    guest = {
      kind: 'equity_afya', fileName: 'guest.json', pointer: `/guests/${i}`, context: {},
      payload: { facility_name: `${renamed}${rng.pick(family.names.tails)}`, location: { county: county?.name, constituency: constituency?.name, ward: ward.name } },
    };
  }
  const record: RawRecord = { kind: 'equity_afya', fileName: `${family.name}.json`, pointer: `/facilities/${i}`, payload, context: {} };
  return guest ? { record, truth, guest } : { record, truth };
}

function wrap(form: string, name: string, code: string, rng: Rng): string {
  const written = form.replace('{}', name).replace('{code}', rng.chance(0.5) ? code : String(Number(code)));
  return rng.chance(0.2) ? written.toUpperCase() : written;
}

/** A typing slip in a name of at least five letters: two letters swapped, one doubled or one dropped. */
function typo(rng: Rng, name: string, kinds: readonly string[]): string {
  const kind = rng.pick(kinds);
  if (kind === 'none' || name.length < 5) return name;
  const at = rng.int(1, name.length - 3);
  if (kind === 'transpose') return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
  if (kind === 'double') return name.slice(0, at) + name[at] + name.slice(at);
  return name.slice(0, at) + name.slice(at + 1);
}

function group(national: string, separator: string, rng: Rng): string {
  const first = rng.int(2, 4);
  return [national.slice(0, first), national.slice(first, first + 3), national.slice(first + 3)].filter((part) => part !== '').join(separator);
}

function writeCoordinate(value: number, axis: 'lat' | 'lng', notation: CoordinateNotation): string {
  const letter = axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E';
  const magnitude = Math.abs(value);
  const degrees = Math.floor(magnitude);
  const minutesExact = (magnitude - degrees) * 60;
  const minutes = Math.floor(minutesExact);
  const seconds = ((minutesExact - minutes) * 60).toFixed(4);
  switch (notation) {
    case 'decimal': case 'numbers': return value.toFixed(7);
    case 'decimal_comma': return value.toFixed(7).replace('.', ',');
    case 'decimal_letter': return `${magnitude.toFixed(7)} ${letter}`;
    case 'dms': return `${degrees}°${minutes}'${seconds}"${letter}`;
    case 'dms_letter_first': return `${letter} ${degrees}° ${minutes}′ ${seconds}″`;
    case 'decimal_minutes': return `${degrees}° ${minutesExact.toFixed(6)}' ${letter}`;
  }
}

function damageText(text: string, damage: EncodingDamage): string {
  const withApostrophe = text.replace(/'/g, '’');
  switch (damage) {
    case 'cp1252': return new TextDecoder('windows-1252').decode(new TextEncoder().encode(withApostrophe));
    case 'html_entities': return withApostrophe.replace(/&/g, '&amp;').replace(/’/g, '&rsquo;');
    case 'bom': return `\uFEFF${text}`;
    case 'crlf': return `${text}\r\n`;
    case 'nbsp': return text.replace(/ /g, '\u00A0');
  }
}
