// The entity plan: for every true facility, a handful of small integers (kind, home file, ward,
// naming pattern, place, codes, guests, near-miss partner) in typed arrays. Everything else
// about an entity is rebuilt on demand from the plan and a per-entity random stream
// (entities.ts), so 200,000 records never need 200,000 entity objects in memory at once.
//
// Decisions that must be globally consistent live here: unique names within a county,
// one county referral hospital per county, unique KPS/MFL/branch/registration codes,
// and near-miss pairs placed side by side.
import { SOURCE_KINDS, type SourceKind } from '../../src/ingest/record.js';
import type { County, Geography, Ward } from './geo.js';
import { HEALTH, POLICE, SUBTYPES, brandedSubtype } from './names.js';
import { Rng } from './random.js';
import type { EntityKind } from './services.js';
import { NATIONAL_REFERRALS, REAL_INSTITUTIONS } from './vocabulary.js';

/** File kinds in the ingest contract's order; entity ids are handed out in this order too. */
export const KINDS: readonly SourceKind[] = SOURCE_KINDS;

export const ENTITY_KINDS: readonly EntityKind[] = [
  'police_station',
  'health_facility',
  'clinic_network_branch',
  'legal_aid',
  'shelter',
  'support_organisation',
];

/** Share of all records per file kind, as in the first real delivery. */
export const RECORD_SHARE: Record<SourceKind, number> = {
  kps_stations: 0.4,
  regional: 0.2,
  other_services: 0.12,
  category_A: 0.1,
  category_B: 0.08,
  equity_afya: 0.05,
  gbv_support_organizations: 0.05,
};

/** Which kinds of facility a file lists as its own. */
const HOME_MIX: Record<SourceKind, ReadonlyArray<readonly [EntityKind, number]>> = {
  regional: [['health_facility', 1]],
  kps_stations: [['police_station', 1]],
  equity_afya: [['clinic_network_branch', 1]],
  other_services: [['legal_aid', 0.5], ['shelter', 0.3], ['support_organisation', 0.2]],
  category_A: [['health_facility', 0.5], ['shelter', 0.3], ['support_organisation', 0.2]],
  category_B: [['shelter', 0.4], ['support_organisation', 0.35], ['legal_aid', 0.25]],
  gbv_support_organizations: [['support_organisation', 0.6], ['shelter', 0.2], ['legal_aid', 0.2]],
};

/** Where a facility also shows up as a guest, by kind and home file (weights). */
export function guestRoutes(kind: EntityKind, home: SourceKind): ReadonlyArray<readonly [SourceKind, number]> {
  switch (kind) {
    case 'police_station':
      return [['other_services', 0.85], ['category_B', 0.15]];
    case 'health_facility':
      return home === 'regional'
        ? [['category_A', 0.6], ['other_services', 0.4]]
        : [['regional', 0.5], ['other_services', 0.5]];
    case 'clinic_network_branch':
      return [['regional', 0.6], ['other_services', 0.25], ['category_A', 0.15]];
    default: {
      const routes: Array<readonly [SourceKind, number]> = [
        ['other_services', 0.35],
        ['category_B', 0.3],
        ['category_A', kind === 'shelter' ? 0.25 : 0.12],
        ['gbv_support_organizations', 0.2],
      ];
      return routes.filter(([k]) => k !== home);
    }
  }
}

export type NearMissType =
  | 'hc_vs_dispensary'
  | 'county_vs_subcounty_hospital'
  | 'branch_of_real_institution'
  | 'two_stations_same_ward'
  | 'neighbour_branch'
  | 'brand_branch';

export const NEAR_MISS_TYPES: readonly NearMissType[] = [
  'hc_vs_dispensary',
  'county_vs_subcounty_hospital',
  'branch_of_real_institution',
  'two_stations_same_ward',
  'neighbour_branch',
  'brand_branch',
];

/** How an entity's place word is chosen; the string itself is rebuilt from this. */
export const PLACE = { ward: 0, constituency: 1, county: 2, village: 3, central: 4, fixed: 5 } as const;
export type PlaceKind = (typeof PLACE)[keyof typeof PLACE];

/**
 * Near-miss pairs per home file, relative to nearMissRate. Police stations are 40% of all
 * entities; without this almost every pair would be two stations in one ward, where the
 * samples spread pairs over all the look-alike kinds.
 */
const NEAR_MISS_WEIGHT: Record<SourceKind, number> = {
  kps_stations: 0.35,
  regional: 1.6,
  equity_afya: 2,
  other_services: 1,
  category_A: 1.2,
  category_B: 1.2,
  gbv_support_organizations: 1,
};

export const NO_BRAND = 255;
const GUEST_SECOND_P = 0.3;
const MAX_BRANCHES_PER_INSTITUTION = 12;

export interface PlanOptions {
  seed: number;
  records: number;
  guestRate: number;
  duplicateRate: number;
  badRate: number;
  nearMissRate: number;
}

export interface Plan {
  readonly size: number;
  readonly kind: Uint8Array;
  readonly home: Uint8Array;
  readonly ward: Uint16Array;
  readonly subtype: Uint8Array;
  readonly placeKind: Uint8Array;
  /** Village ordinal (PLACE.village) or fixed-institution index (PLACE.fixed). */
  readonly ordinal: Uint32Array;
  readonly brand: Uint8Array;
  /** KPS number within the county, Equity Afya branch number, or registration serial. */
  readonly codeSeq: Int32Array;
  /** Serial into the MFL code space, or -1 for no MFL code. */
  readonly mflSeq: Int32Array;
  /** Up to two guest file kinds, each stored as KINDS index + 1 in 4 bits. */
  readonly guests: Uint8Array;
  /** NEAR_MISS_TYPES index + 1, or 0. */
  readonly nearMissType: Uint8Array;
  readonly nearMiss: ReadonlyMap<number, readonly number[]>;
}

export function guestKinds(plan: Plan, i: number): SourceKind[] {
  const packed = plan.guests[i];
  const out: SourceKind[] = [];
  if (packed & 0x0f) out.push(KINDS[(packed & 0x0f) - 1]);
  if (packed >> 4) out.push(KINDS[(packed >> 4) - 1]);
  return out;
}

/**
 * Home-file sizes such that, once guests from other files land, every file ends up near its
 * share of the records. Guests flow towards the list-like files (other_services, categories),
 * so their home counts shrink; a few fixed-point rounds settle it.
 */
function homeCounts(opts: PlanOptions): Record<SourceKind, number> {
  const perBase = 1 + opts.duplicateRate + opts.badRate;
  const guestsPerGuestEntity = 1 + GUEST_SECOND_P;
  const target = Object.fromEntries(KINDS.map((k) => [k, (RECORD_SHARE[k] * opts.records) / perBase])) as Record<SourceKind, number>;
  let homes = { ...target };
  for (let round = 0; round < 8; round++) {
    const inflow = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<SourceKind, number>;
    for (const h of KINDS) {
      for (const [kind, share] of HOME_MIX[h]) {
        const routes = guestRoutes(kind, h);
        const total = routes.reduce((s, [, w]) => s + w, 0);
        for (const [to, w] of routes) inflow[to] += homes[h] * share * opts.guestRate * guestsPerGuestEntity * (w / total);
      }
    }
    homes = Object.fromEntries(KINDS.map((k) => [k, Math.max(0, target[k] - inflow[k])])) as Record<SourceKind, number>;
  }
  return Object.fromEntries(KINDS.map((k) => [k, Math.round(homes[k])])) as Record<SourceKind, number>;
}

/** Mutable state while planning; dropped when the plan is done. */
class Planner {
  readonly rng: Rng;
  private n = 0;
  /** Place words already used, per naming group and county: names stay unique in a county. */
  private readonly usedPlaces = new Set<string>();
  private readonly villageNext: Uint32Array;
  private readonly kpsNext: Int32Array;
  private readonly countyReferral = new Set<number>();
  private readonly subCounty = new Set<number>();
  private readonly centralStation = new Set<number>();
  private readonly institutionMain = new Map<number, number>();
  private readonly institutionBranches = new Map<number, number>();
  private eaNext = 1;
  private regNext = 1;
  private mflNext = 0;
  readonly nearMiss = new Map<number, number[]>();

  readonly kind: Uint8Array;
  readonly home: Uint8Array;
  readonly ward: Uint16Array;
  readonly subtype: Uint8Array;
  readonly placeKind: Uint8Array;
  readonly ordinal: Uint32Array;
  readonly brand: Uint8Array;
  readonly codeSeq: Int32Array;
  readonly mflSeq: Int32Array;
  readonly guests: Uint8Array;
  readonly nearMissType: Uint8Array;

  constructor(
    readonly geo: Geography,
    readonly size: number,
    readonly opts: PlanOptions,
  ) {
    this.rng = Rng.derive(opts.seed, 'plan');
    this.kind = new Uint8Array(size);
    this.home = new Uint8Array(size);
    this.ward = new Uint16Array(size);
    this.subtype = new Uint8Array(size);
    this.placeKind = new Uint8Array(size);
    this.ordinal = new Uint32Array(size);
    this.brand = new Uint8Array(size).fill(NO_BRAND);
    this.codeSeq = new Int32Array(size).fill(-1);
    this.mflSeq = new Int32Array(size).fill(-1);
    this.guests = new Uint8Array(size);
    this.nearMissType = new Uint8Array(size);
    this.villageNext = new Uint32Array(geo.wards.length);
    this.kpsNext = new Int32Array(geo.counties.length).fill(1);
  }

  get count(): number {
    return this.n;
  }

  /** Adds one entity and returns its index; place, codes and guests are filled in after. */
  add(kind: EntityKind, home: SourceKind, ward: Ward, subtype: number): number {
    if (this.n >= this.size) throw new Error(`plan overflow: more than ${this.size} entities`);
    const i = this.n++;
    this.kind[i] = ENTITY_KINDS.indexOf(kind);
    this.home[i] = KINDS.indexOf(home);
    this.ward[i] = ward.index;
    this.subtype[i] = subtype;
    this.assignCodes(i, kind);
    this.assignGuests(i, kind, home);
    return i;
  }

  private assignCodes(i: number, kind: EntityKind): void {
    if (kind === 'police_station') {
      const county = this.geo.wards[this.ward[i]].county.index;
      this.codeSeq[i] = this.kpsNext[county]++;
    } else if (kind === 'clinic_network_branch') {
      this.codeSeq[i] = this.eaNext++;
      this.mflSeq[i] = this.mflNext++;
    } else if (kind === 'health_facility') {
      this.mflSeq[i] = this.mflNext++;
    } else {
      this.codeSeq[i] = this.regNext++;
    }
  }

  private assignGuests(i: number, kind: EntityKind, home: SourceKind): void {
    if (!this.rng.chance(this.opts.guestRate)) return;
    const routes = [...guestRoutes(kind, home)];
    const first = this.rng.weighted(routes);
    let packed = KINDS.indexOf(first) + 1;
    const rest = routes.filter(([k]) => k !== first);
    if (rest.length > 0 && this.rng.chance(GUEST_SECOND_P)) packed |= (KINDS.indexOf(this.rng.weighted(rest)) + 1) << 4;
    this.guests[i] = packed;
  }

  /** Claims a place word for a naming group in a county; false if another entity has it. */
  claim(group: string, county: County, place: string): boolean {
    const key = `${group}|${county.index}|${place.toLowerCase()}`;
    if (this.usedPlaces.has(key)) return false;
    this.usedPlaces.add(key);
    return true;
  }

  /** The next village of the ward whose name is still free for the group in the county. */
  claimVillage(group: string, ward: Ward, villageName: (w: number, o: number) => string): number {
    for (;;) {
      const ordinal = this.villageNext[ward.index]++;
      if (this.claim(group, ward.county, villageName(ward.index, ordinal))) return ordinal;
    }
  }

  setPlace(i: number, kind: PlaceKind, ordinal = 0): void {
    this.placeKind[i] = kind;
    this.ordinal[i] = ordinal;
  }

  pair(a: number, b: number, type: NearMissType): void {
    const t = NEAR_MISS_TYPES.indexOf(type) + 1;
    this.nearMissType[a] = t;
    this.nearMissType[b] = t;
    this.nearMiss.set(a, [...(this.nearMiss.get(a) ?? []), b]);
    this.nearMiss.set(b, [...(this.nearMiss.get(b) ?? []), a]);
  }

  hasCountyReferral(county: County): boolean {
    return this.countyReferral.has(county.index);
  }
  takeCountyReferral(county: County): void {
    this.countyReferral.add(county.index);
  }
  takeSubCounty(constituencyIndex: number): boolean {
    if (this.subCounty.has(constituencyIndex)) return false;
    this.subCounty.add(constituencyIndex);
    return true;
  }
  takeCentralStation(county: County): boolean {
    if (this.centralStation.has(county.index)) return false;
    this.centralStation.add(county.index);
    return true;
  }
  institutionMainOf(b: number): number | undefined {
    return this.institutionMain.get(b);
  }
  setInstitutionMain(b: number, i: number): void {
    this.institutionMain.set(b, i);
  }
  /** Counts a new branch of institution b; false once it has enough. */
  takeInstitutionBranch(b: number): boolean {
    const n = this.institutionBranches.get(b) ?? 0;
    if (n >= MAX_BRANCHES_PER_INSTITUTION) return false;
    this.institutionBranches.set(b, n + 1);
    return true;
  }
}

export function buildPlan(geo: Geography, opts: PlanOptions, villageName: (w: number, o: number) => string): Plan {
  const homes = homeCounts(opts);
  const size = KINDS.reduce((s, k) => s + homes[k], 0);
  const p = new Planner(geo, size, opts);
  const rng = p.rng;

  const randomWard = (): Ward => rng.pick(geo.wards);
  const findWard = (county: string, constituency: string, ward: string): Ward => {
    const c = geo.countyByName.get(county);
    const con = c?.constituencies.find((x) => x.name === constituency);
    const w = con?.wards.find((x) => x.name === ward) ?? con?.wards[0] ?? c?.wards[0];
    if (!w) throw new Error(`unknown place ${county}/${constituency}/${ward}`);
    return w;
  };

  // A ward or village place word for group `group`, claimed so the name stays unique.
  const placeWardOrVillage = (i: number, group: string, ward: Ward, pWard: number): void => {
    if (rng.chance(pWard) && p.claim(group, ward.county, ward.place)) p.setPlace(i, PLACE.ward);
    else p.setPlace(i, PLACE.village, p.claimVillage(group, ward, villageName));
  };

  const orgPlace = (i: number, kind: EntityKind, subtype: number, ward: Ward): void => {
    const group = `${kind}:${subtype}`;
    if (rng.chance(0.1) && p.claim(group, ward.county, ward.county.name)) p.setPlace(i, PLACE.county);
    else if (rng.chance(0.35) && p.claim(group, ward.county, ward.constituency.name)) p.setPlace(i, PLACE.constituency);
    else placeWardOrVillage(i, group, ward, 0.8);
    const st = SUBTYPES[kind][subtype];
    if (st.brands && p.brand[i] === NO_BRAND) p.brand[i] = rng.int(0, st.brands.length - 1);
  };

  const pickSubtype = (kind: EntityKind): number => {
    const list = SUBTYPES[kind];
    return rng.weighted(list.map((s, idx) => [idx, s.weight] as const).filter(([, w]) => w > 0));
  };

  const addOrdinary = (kind: EntityKind, home: SourceKind): void => {
    const ward = randomWard();
    let subtype = pickSubtype(kind);
    if (kind === 'health_facility') {
      if (subtype === HEALTH.subCounty && !p.takeSubCounty(ward.constituency.index)) subtype = HEALTH.healthCentre;
      const i = p.add(kind, home, ward, subtype);
      if (subtype === HEALTH.subCounty) p.setPlace(i, PLACE.constituency);
      else placeWardOrVillage(i, 'health', ward, 0.8);
      if (SUBTYPES[kind][subtype].brands) p.brand[i] = rng.int(0, (SUBTYPES[kind][subtype].brands ?? []).length - 1);
    } else if (kind === 'police_station') {
      const i = p.add(kind, home, ward, subtype);
      if (rng.chance(0.05) && p.takeCentralStation(ward.county)) p.setPlace(i, PLACE.central);
      else if (rng.chance(0.2) && p.claim('police', ward.county, ward.constituency.name)) p.setPlace(i, PLACE.constituency);
      else placeWardOrVillage(i, 'police', ward, 0.85);
    } else if (kind === 'clinic_network_branch') {
      const i = p.add(kind, home, ward, subtype);
      placeWardOrVillage(i, 'ea', ward, 0.9);
    } else {
      const i = p.add(kind, home, ward, subtype);
      orgPlace(i, kind, subtype, ward);
    }
  };

  // Near-miss pairs: two different facilities that look alike. Returns how many entities
  // it added (0 when the chosen type is not possible here, and an ordinary one is made).
  const addNearMiss = (kind: EntityKind, home: SourceKind, room: number): number => {
    if (kind === 'health_facility') {
      const type = rng.weighted<NearMissType>([
        ['hc_vs_dispensary', 0.6],
        ['county_vs_subcounty_hospital', 0.2],
        ['branch_of_real_institution', 0.2],
      ]);
      if (type === 'hc_vs_dispensary') {
        const ward = randomWard();
        const a = p.add(kind, home, ward, HEALTH.healthCentre);
        placeWardOrVillage(a, 'health', ward, 0.9);
        const b = p.add(kind, rng.chance(0.8) ? home : 'category_A', ward, HEALTH.dispensary);
        p.setPlace(b, p.placeKind[a] as PlaceKind, p.ordinal[a]);
        p.pair(a, b, type);
        return 2;
      }
      if (type === 'county_vs_subcounty_hospital') {
        const county = rng.pick(geo.counties);
        if (p.hasCountyReferral(county)) return 0;
        p.takeCountyReferral(county);
        const ward = rng.pick(county.wards);
        const a = p.add(kind, home, ward, HEALTH.countyReferral);
        p.setPlace(a, PLACE.county);
        const b = p.add(kind, home, ward, HEALTH.subCounty);
        p.setPlace(b, PLACE.county);
        p.pair(a, b, type);
        return 2;
      }
      const b = rng.int(0, REAL_INSTITUTIONS.length - 1);
      let main = p.institutionMainOf(b);
      if ((main === undefined && room < 2) || !p.takeInstitutionBranch(b)) return 0;
      let added = 0;
      if (main === undefined) {
        const inst = REAL_INSTITUTIONS[b];
        main = p.add(kind, home, findWard(inst.county, inst.constituency, inst.ward), HEALTH.institutionMain);
        p.setPlace(main, PLACE.fixed, b);
        p.brand[main] = b;
        p.setInstitutionMain(b, main);
        added++;
      }
      const ward = randomWard();
      const branch = p.add(kind, rng.chance(0.7) ? home : 'category_A', ward, HEALTH.institutionBranch);
      placeWardOrVillage(branch, `inst:${b}`, ward, 0.9);
      p.brand[branch] = b;
      p.pair(main, branch, 'branch_of_real_institution');
      return added + 1;
    }
    if (kind === 'police_station') {
      const ward = randomWard();
      const a = p.add(kind, home, ward, POLICE.station);
      placeWardOrVillage(a, 'police', ward, 0.85);
      const b = p.add(kind, home, ward, rng.chance(0.8) ? POLICE.post : POLICE.patrolBase);
      p.setPlace(b, p.placeKind[a] as PlaceKind, p.ordinal[a]);
      p.pair(a, b, 'two_stations_same_ward');
      return 2;
    }
    if (kind === 'clinic_network_branch') {
      const constituency = rng.pick(geo.constituencies.filter((c) => c.wards.length >= 2));
      const [w1, w2] = rng.sample(constituency.wards, 2);
      if (!p.claim('ea', w1.county, w1.place) || !p.claim('ea', w2.county, w2.place)) return 0;
      const a = p.add(kind, home, w1, 0);
      p.setPlace(a, PLACE.ward);
      const b = p.add(kind, home, w2, 0);
      p.setPlace(b, PLACE.ward);
      p.pair(a, b, 'neighbour_branch');
      return 2;
    }
    // Organisations: one brand, two places in the same county.
    const subtype = brandedSubtype(kind);
    const county = rng.pick(geo.counties);
    const [w1, w2] = county.wards.length >= 2 ? rng.sample(county.wards, 2) : [county.wards[0], county.wards[0]];
    const brand = rng.int(0, (SUBTYPES[kind][subtype].brands ?? ['']).length - 1);
    const a = p.add(kind, home, w1, subtype);
    p.brand[a] = brand;
    orgPlace(a, kind, subtype, w1);
    const b = p.add(kind, rng.pick(KINDS.filter((k) => HOME_MIX[k].some(([ek]) => ek === kind))), w2, subtype);
    p.brand[b] = brand;
    orgPlace(b, kind, subtype, w2);
    p.pair(a, b, 'brand_branch');
    return 2;
  };

  for (const home of KINDS) {
    let remaining = homes[home];
    if (home === 'regional' && remaining >= 20) {
      // The three national referral hospitals exist once, as in every real delivery.
      for (const [idx, nr] of NATIONAL_REFERRALS.entries()) {
        const i = p.add('health_facility', home, findWard(nr.county, nr.constituency, nr.ward), HEALTH.nationalReferral);
        p.setPlace(i, PLACE.fixed, idx);
        remaining--;
      }
    }
    while (remaining > 0) {
      const kind = rng.weighted(HOME_MIX[home]);
      if (remaining >= 2 && rng.chance(opts.nearMissRate * NEAR_MISS_WEIGHT[home])) {
        const added = addNearMiss(kind, home, remaining);
        if (added > 0) {
          remaining -= added;
          continue;
        }
      }
      addOrdinary(kind, home);
      remaining--;
    }
  }

  const n = p.count;
  return {
    size: n,
    kind: p.kind.subarray(0, n),
    home: p.home.subarray(0, n),
    ward: p.ward.subarray(0, n),
    subtype: p.subtype.subarray(0, n),
    placeKind: p.placeKind.subarray(0, n),
    ordinal: p.ordinal.subarray(0, n),
    brand: p.brand.subarray(0, n),
    codeSeq: p.codeSeq.subarray(0, n),
    mflSeq: p.mflSeq.subarray(0, n),
    guests: p.guests.subarray(0, n),
    nearMissType: p.nearMissType.subarray(0, n),
    nearMiss: p.nearMiss,
  };
}
