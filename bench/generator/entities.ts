// True facilities ("entities"), rebuilt on demand from the plan. buildEntity(ctx, i) is a pure
// function of (seed, plan, i): every file that mentions entity i sees the same facility, and
// nothing needs to keep all entities in memory.
import type { SourceKind } from '../../src/ingest/record.js';
import type { Geography, Ward } from './geo.js';
import { HEALTH, SUBTYPES, canonicalName, type Subtype } from './names.js';
import { PhoneBook, SHORT_CODES, e164 } from './phones.js';
import {
  ENTITY_KINDS,
  KINDS,
  NEAR_MISS_TYPES,
  PLACE,
  guestKinds,
  type NearMissType,
  type Plan,
} from './plan.js';
import { Rng, Scrambler, hash32 } from './random.js';
import { drawServices, type EntityKind, type ServiceKey } from './services.js';
import { NATIONAL_REFERRALS, REAL_INSTITUTIONS, slug, villageName } from './vocabulary.js';

export interface Entity {
  index: number;
  id: string;
  kind: EntityKind;
  home: SourceKind;
  /** Canonical name, as entities.json states it. */
  name: string;
  /** The place word inside the name ("Kapchemutwa"), for variants that swap or bracket it. */
  place: string;
  subtype: Subtype;
  facilityType: string | null;
  ownership: string | null;
  ward: Ward;
  lat: number;
  lng: number;
  /** National significant numbers ("722123456", "202726300"); e164() makes them +254…. */
  phone: string;
  altPhone: string | null;
  /** A short code (999, 112, 1195, 116) the facility advertises, if any. */
  hotline: string | null;
  email: string | null;
  website: string | null;
  services: ServiceKey[];
  mflCode: string | null;
  stationCode: string | null;
  branchCode: string | null;
  registrationNumber: string | null;
  nearMissOf: number[];
  nearMissType: NearMissType | null;
  guests: SourceKind[];
}

/** MFL codes: unique 5-digit strings while they last (90,000), then 6 digits. */
class MflCodes {
  private readonly five: Scrambler;
  private readonly six: Scrambler;
  constructor(seed: number) {
    this.five = new Scrambler(90_000, hash32(seed, 'mfl5'));
    this.six = new Scrambler(900_000, hash32(seed, 'mfl6'));
  }
  code(serial: number): string {
    return serial < 90_000 ? String(10_000 + this.five.map(serial)) : String(100_000 + this.six.map(serial - 90_000));
  }
}

export interface EntityContext {
  seed: number;
  geo: Geography;
  plan: Plan;
  phones: PhoneBook;
  mfl: MflCodes;
  idWidth: number;
}

export function entityContext(seed: number, geo: Geography, plan: Plan): EntityContext {
  return {
    seed,
    geo,
    plan,
    phones: new PhoneBook(seed),
    mfl: new MflCodes(seed),
    idWidth: Math.max(6, String(plan.size).length),
  };
}

export function entityId(ctx: EntityContext, i: number): string {
  return 'E' + String(i + 1).padStart(ctx.idWidth, '0');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function placeOf(ctx: EntityContext, i: number, ward: Ward, subtypeIndex: number, kind: EntityKind): string {
  const { plan } = ctx;
  switch (plan.placeKind[i]) {
    case PLACE.ward:
      return ward.place;
    case PLACE.constituency:
      return ward.constituency.name;
    case PLACE.county:
      return ward.county.name;
    case PLACE.central:
      return 'Central';
    case PLACE.fixed:
      if (kind === 'health_facility' && subtypeIndex === HEALTH.nationalReferral) return NATIONAL_REFERRALS[plan.ordinal[i]].name;
      return REAL_INSTITUTIONS[plan.ordinal[i]].name;
    default:
      return villageName(ward.index, plan.ordinal[i]);
  }
}

function emailFor(rng: Rng, kind: EntityKind, e: Pick<Entity, 'place' | 'subtype' | 'ward'>, brand: string | null): string | null {
  const p = kind === 'police_station' ? 0.15 : kind === 'health_facility' ? 0.55 : 0.6;
  if (!rng.chance(p)) return null;
  // Fixed names (Kenyatta National Hospital) give their first word; brands prefix the place.
  const fixed = e.subtype.pattern === '{P}' || e.subtype.pattern === '{B}';
  const base = fixed ? slug(e.place.split(' ')[0]) : (brand ? slug(brand.split(' ')[0]) : '') + slug(e.place);
  const local = kind === 'police_station' ? `ocs.${base}.police` : `${base}.${e.subtype.tag}`;
  const prefix = rng.weighted([['', 3], ['info.', 1], ['contact.', 1], ['admin.', 1]] as const);
  const suffix = rng.chance(0.4) ? `.${e.ward.county.abbr.toLowerCase()}` : '';
  return `${prefix}${local}${suffix}@example.${rng.chance(0.7) ? 'org' : 'com'}`;
}

export function buildEntity(ctx: EntityContext, i: number): Entity {
  const { plan, geo, phones } = ctx;
  const rng = Rng.derive(ctx.seed, 'entity', i);
  const kind = ENTITY_KINDS[plan.kind[i]];
  const home = KINDS[plan.home[i]];
  const ward = geo.wards[plan.ward[i]];
  const subtypeIndex = plan.subtype[i];
  const subtype = SUBTYPES[kind][subtypeIndex];
  const brand = subtype.brands ? subtype.brands[plan.brand[i] % subtype.brands.length] : null;
  const place = placeOf(ctx, i, ward, subtypeIndex, kind);
  const name = canonicalName(subtype, place, brand);

  // Facilities sit near their ward's point; tighter in the two city counties.
  const spread = ward.county.abbr === 'NRB' || ward.county.abbr === 'MSA' ? 0.008 : 0.02;
  const lat = Number((ward.lat + rng.float(-spread, spread)).toFixed(6));
  const lng = Number((ward.lng + rng.float(-spread, spread)).toFixed(6));

  const landlineP = kind === 'police_station' ? 0.45 : kind === 'health_facility' ? 0.35 : kind === 'clinic_network_branch' ? 0 : 0.1;
  const phone = rng.chance(landlineP) ? phones.landlineFor(i) : phones.mobile('entity_main', i);
  const altPhone = rng.chance(0.3) ? phones.mobile('entity_alt', i) : null;

  const extra: ServiceKey[] = [];
  if (subtype.tag === 'childrescue' || subtype.tag === 'cpn') extra.push('child_protection');
  if (subtypeIndex === HEALTH.countyReferral || subtypeIndex === HEALTH.nationalReferral) {
    if (kind === 'health_facility') extra.push('post_rape_care', 'forensic_examination', 'psychosocial_support');
  }
  const services = drawServices(rng, kind, extra);

  let hotline: string | null = null;
  if (kind === 'police_station') hotline = rng.weighted([[SHORT_CODES.police, 0.75], [SHORT_CODES.emergency, 0.2], [null, 0.05]] as const);
  else if (services.includes('hotline')) hotline = services.includes('child_protection') ? SHORT_CODES.childHelpline : SHORT_CODES.gbvHotline;

  const email = emailFor(rng, kind, { place, subtype, ward }, brand);
  const isOrg = kind === 'legal_aid' || kind === 'shelter' || kind === 'support_organisation';
  const website = rng.chance(isOrg ? 0.4 : 0.05) ? `https://example.org/${slug(brand ?? '')}${slug(place)}-${subtype.tag}` : null;

  const seq = plan.codeSeq[i];
  const year = rng.int(2000, 2023);
  const registrationNumber = isOrg
    ? rng.chance(0.7)
      ? `OP.218/051/${year}/${pad(seq, 4)}`
      : `CBO/${ward.county.abbr}/${year}/${pad(seq, 4)}`
    : null;

  const nm = plan.nearMissType[i];
  return {
    index: i,
    id: entityId(ctx, i),
    kind,
    home,
    name,
    place,
    subtype,
    facilityType: subtype.facilityType,
    ownership: subtype.ownership ? rng.weighted(subtype.ownership) : null,
    ward,
    lat,
    lng,
    phone,
    altPhone,
    hotline,
    email,
    website,
    services,
    mflCode: plan.mflSeq[i] >= 0 ? ctx.mfl.code(plan.mflSeq[i]) : null,
    stationCode: kind === 'police_station' ? `KPS-${ward.county.abbr}-${pad(seq, 3)}` : null,
    branchCode: kind === 'clinic_network_branch' ? `EA-${pad(seq, 3)}` : null,
    registrationNumber,
    nearMissOf: [...(plan.nearMiss.get(i) ?? [])],
    nearMissType: nm > 0 ? NEAR_MISS_TYPES[nm - 1] : null,
    guests: guestKinds(plan, i),
  };
}

export interface AppearanceTruth {
  file: string;
  pointer: string;
  role: 'home' | 'guest' | 'in_file_duplicate';
}

/** One line of entities.json / entities.ndjson. */
export interface EntityTruth {
  entity_id: string;
  kind: EntityKind;
  name: string;
  facility_type: string | null;
  ownership: string | null;
  county_code: string;
  county: string;
  constituency_code: string;
  constituency: string;
  ward_code: string;
  ward: string;
  lat: number;
  lng: number;
  phone: string;
  alt_phone: string | null;
  hotline: string | null;
  email: string | null;
  website: string | null;
  services: ServiceKey[];
  mfl_code: string | null;
  station_code: string | null;
  branch_code: string | null;
  registration_number: string | null;
  home_file: SourceKind;
  near_miss_of: string[];
  near_miss_type: NearMissType | null;
  appearances: AppearanceTruth[];
}

export function toEntityTruth(ctx: EntityContext, e: Entity, appearances: AppearanceTruth[]): EntityTruth {
  return {
    entity_id: e.id,
    kind: e.kind,
    name: e.name,
    facility_type: e.facilityType,
    ownership: e.ownership,
    county_code: e.ward.county.code,
    county: e.ward.county.name,
    constituency_code: e.ward.constituency.code,
    constituency: e.ward.constituency.name,
    ward_code: e.ward.code,
    ward: e.ward.name,
    lat: e.lat,
    lng: e.lng,
    phone: e164(e.phone),
    alt_phone: e.altPhone ? e164(e.altPhone) : null,
    hotline: e.hotline,
    email: e.email,
    website: e.website,
    services: e.services,
    mfl_code: e.mflCode,
    station_code: e.stationCode,
    branch_code: e.branchCode,
    registration_number: e.registrationNumber,
    home_file: e.home,
    near_miss_of: e.nearMissOf.map((j) => entityId(ctx, j)),
    near_miss_type: e.nearMissType,
    appearances,
  };
}
