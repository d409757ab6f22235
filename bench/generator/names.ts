// Facility types and naming patterns per entity kind, and the canonical name they produce.
// Canonical names are what entities.json records; the messy spellings a file shows are made
// from them in mess.ts.
import { FOUNDATION_BRANDS, LEGAL_BRANDS, MEDICAL_BRANDS, REAL_INSTITUTIONS, SAINTS, SHELTER_BRANDS } from './vocabulary.js';
import type { EntityKind } from './services.js';

export interface Subtype {
  /** `facility_type` as the entity truth states it (null for organisations). */
  facilityType: string | null;
  /** `{P}` is the place word, `{B}` a brand; the pattern decides how names look. */
  pattern: string;
  /** Brands `{B}` is drawn from, when the pattern has one. */
  brands?: readonly string[];
  /** Relative frequency among ordinary (not near-miss, not special) entities of the kind. */
  weight: number;
  ownership?: ReadonlyArray<readonly [string, number]>;
  /** E-mail/web slug word: tarbaj.hc@, kinango.rescue@, example.org/turkana-cpn. */
  tag: string;
}

const MOH_OR_COUNTY = [['Ministry of Health', 1], ['County Government', 1]] as const;
const PRIVATE = [['Private Practice', 1]] as const;

// Indexes into these tables are stored in the plan, so entries are only ever appended.
export const SUBTYPES: Record<EntityKind, readonly Subtype[]> = {
  health_facility: [
    { facilityType: 'Dispensary', pattern: '{P} Dispensary', weight: 35, ownership: MOH_OR_COUNTY, tag: 'disp' },
    { facilityType: 'Health Centre', pattern: '{P} Health Centre', weight: 24, ownership: MOH_OR_COUNTY, tag: 'hc' },
    { facilityType: 'Health Centre', pattern: '{B} {P} Health Centre', brands: SAINTS, weight: 4, ownership: [['Faith Based Organization', 1]], tag: 'hc' },
    { facilityType: 'Medical Centre', pattern: '{B} Medical Centre {P}', brands: MEDICAL_BRANDS, weight: 14, ownership: PRIVATE, tag: 'medical' },
    { facilityType: 'Medical Clinic', pattern: '{P} Family Health Clinic', weight: 4, ownership: [['NGO', 1], ['Private Practice', 1]], tag: 'clinic' },
    { facilityType: 'Nursing Home', pattern: '{P} Maternity & Nursing Home', weight: 3, ownership: PRIVATE, tag: 'nursinghome' },
    { facilityType: 'Mission Hospital', pattern: '{P} Mission Hospital', weight: 3, ownership: [['Faith Based Organization', 1]], tag: 'missionhosp' },
    // Special: one per constituency / county / institution, chosen by the plan, never by weight.
    { facilityType: 'Sub-County Hospital', pattern: '{P} Sub-County Hospital', weight: 8, ownership: MOH_OR_COUNTY, tag: 'sch' },
    { facilityType: 'County Referral Hospital', pattern: '{P} County Referral Hospital', weight: 0, ownership: [['County Government', 1]], tag: 'crh' },
    { facilityType: 'National Referral Hospital', pattern: '{P}', weight: 0, ownership: [['Ministry of Health', 1]], tag: 'hospital' },
    { facilityType: 'Hospital', pattern: '{B}', brands: REAL_INSTITUTIONS.map((i) => i.name), weight: 0, ownership: PRIVATE, tag: 'hospital' },
    { facilityType: 'Hospital', pattern: '{B} {P}', brands: REAL_INSTITUTIONS.map((i) => i.name), weight: 0, ownership: PRIVATE, tag: 'hospital' },
  ],
  police_station: [
    { facilityType: 'Police Station', pattern: '{P} Police Station', weight: 60, tag: 'police' },
    { facilityType: 'Police Post', pattern: '{P} Police Post', weight: 35, tag: 'police' },
    { facilityType: 'Patrol Base', pattern: '{P} Police Patrol Base', weight: 5, tag: 'police' },
  ],
  clinic_network_branch: [
    { facilityType: 'Medical Centre', pattern: 'Equity Afya {P}', weight: 1, ownership: PRIVATE, tag: 'equityafya' },
  ],
  legal_aid: [
    { facilityType: null, pattern: '{P} Legal Aid Clinic', weight: 30, tag: 'legalaid' },
    { facilityType: null, pattern: '{P} Paralegal Network', weight: 25, tag: 'paralegals' },
    { facilityType: null, pattern: '{P} Community Justice Centre', weight: 20, tag: 'cjc' },
    { facilityType: null, pattern: '{P} Justice & Legal Aid Centre', weight: 15, tag: 'justice' },
    { facilityType: null, pattern: '{B} Legal Aid Project {P}', brands: LEGAL_BRANDS, weight: 10, tag: 'legalaid' },
  ],
  shelter: [
    { facilityType: null, pattern: '{P} Safe House', weight: 25, tag: 'safehouse' },
    { facilityType: null, pattern: "{P} Women's Shelter", weight: 20, tag: 'shelter' },
    { facilityType: null, pattern: '{P} Rescue Centre', weight: 20, tag: 'rescue' },
    { facilityType: null, pattern: "{P} Children's Rescue Centre", weight: 15, tag: 'childrescue' },
    { facilityType: null, pattern: '{B} Safe Haven {P}', brands: SHELTER_BRANDS, weight: 20, tag: 'safehaven' },
  ],
  support_organisation: [
    { facilityType: null, pattern: '{P} Women & Girls Empowerment Initiative', weight: 25, tag: 'wgei' },
    { facilityType: null, pattern: '{P} GBV Survivors Network', weight: 20, tag: 'survivors' },
    { facilityType: null, pattern: '{P} Men for Gender Equality Network', weight: 10, tag: 'men4equality' },
    { facilityType: null, pattern: '{P} Child Protection Network', weight: 10, tag: 'cpn' },
    { facilityType: null, pattern: "{P} Women's Rights Network", weight: 15, tag: 'wrn' },
    { facilityType: null, pattern: '{B} Foundation {P}', brands: FOUNDATION_BRANDS, weight: 20, tag: 'foundation' },
  ],
};

/** Named indexes of the special health subtypes, so the plan does not hard-code numbers. */
export const HEALTH = {
  dispensary: 0,
  healthCentre: 1,
  subCounty: 7,
  countyReferral: 8,
  nationalReferral: 9,
  institutionMain: 10,
  institutionBranch: 11,
} as const;
export const POLICE = { station: 0, post: 1, patrolBase: 2 } as const;

/** Index of the subtype with a brand pattern, used for brand_branch near-miss pairs. */
export function brandedSubtype(kind: EntityKind): number {
  return SUBTYPES[kind].findIndex((s) => s.brands !== undefined && s.weight > 0);
}

/** Every pattern with `{B}` has brands, so plain substitution leaves no stray spaces. */
export function canonicalName(subtype: Subtype, place: string, brand: string | null): string {
  return subtype.pattern.replace('{B}', brand ?? '').replace('{P}', place);
}
