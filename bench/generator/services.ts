// Service vocabulary: the taxonomy keys a facility offers, and the many ways partner files
// word them. The wordings are the ones seen in the sample delivery; the importer's service
// normaliser is what a benchmark exercises, so the generator only states which key each
// wording stands for (the truth) and never reuses the product's own mapping.
import type { Rng } from './random.js';

export const SERVICE_KEYS = [
  'medical_care',
  'post_rape_care',
  'pep',
  'emergency_contraception',
  'hiv_testing',
  'psychosocial_support',
  'legal_aid',
  'police_reporting',
  'gender_desk',
  'shelter',
  'child_protection',
  'forensic_examination',
  'hotline',
  'economic_empowerment',
] as const;

export type ServiceKey = (typeof SERVICE_KEYS)[number];

const ORDER = new Map<ServiceKey, number>(SERVICE_KEYS.map((k, i) => [k, i]));

/** Deduplicated, in taxonomy order: how the truth lists services. */
export function taxonomyOrder(keys: Iterable<ServiceKey>): ServiceKey[] {
  return [...new Set(keys)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));
}

export const WORDINGS: Record<ServiceKey, readonly string[]> = {
  medical_care: ['Medical care', 'Medical services', 'Medical treatment', 'Treatment of injuries', 'Clinical care'],
  post_rape_care: ['Post-rape care', 'Post rape care', 'Post Rape Care (PRC)', 'PRC', 'Post-Rape Care services'],
  pep: ['PEP', 'P.E.P', 'Post-exposure prophylaxis', 'Post Exposure Prophylaxis (PEP)'],
  emergency_contraception: ['Emergency contraception', 'EC', 'ECP', 'Emergency contraceptive pill'],
  hiv_testing: ['HIV testing', 'HIV test', 'HTS', 'HIV Testing Services'],
  psychosocial_support: ['Counselling', 'Counseling', 'Psycho-social support', 'Psychosocial support', 'PSS', 'Trauma counselling'],
  legal_aid: ['Legal aid', 'Legal Aid', 'Legal advice', 'Legal representation', 'Pro bono legal services'],
  police_reporting: ['Reporting to police', 'OB reporting', 'Occurrence Book reporting', 'Police reporting'],
  gender_desk: ['Gender desk', 'Gender Desk', 'GBV desk', 'Gender-based violence desk'],
  shelter: ['Shelter', 'Safe house', 'Temporary shelter', 'Safe shelter', 'Rescue centre'],
  child_protection: ['Child protection', 'Child Protection Services', 'Child welfare', 'Children services'],
  forensic_examination: ['Forensic exam', 'Forensic examination', 'Forensic medical examination', 'Evidence collection'],
  hotline: ['Hotline', 'Toll-free line', '24/7 helpline', 'Helpline'],
  economic_empowerment: ['Economic empowerment', 'Economic Empowerment Programmes', 'Income generating activities', 'Livelihood support'],
};

/** Real services outside the taxonomy: they must be kept or ignored, never mapped to a key. */
export const HEALTH_NOISE = [
  'Laboratory', 'Family planning', 'Maternity', 'Dental', 'Antenatal care', 'Outpatient',
  'Nutrition', 'Referrals', 'Community outreach', 'Pharmacy', 'Immunisation', 'Radiology',
] as const;
export const COMMUNITY_NOISE = ['Advocacy', 'Awareness creation', 'Community outreach', 'Referrals', 'Mentorship'] as const;

export type EntityKind =
  | 'police_station'
  | 'health_facility'
  | 'clinic_network_branch'
  | 'legal_aid'
  | 'shelter'
  | 'support_organisation';

// Probability that an entity of a kind offers a service; the first key with p=1 guarantees
// that no entity ends up with an empty service list.
const OFFER: Record<EntityKind, ReadonlyArray<readonly [ServiceKey, number]>> = {
  police_station: [['police_reporting', 1], ['gender_desk', 0.75]],
  health_facility: [
    ['medical_care', 1], ['post_rape_care', 0.75], ['pep', 0.8], ['emergency_contraception', 0.6],
    ['hiv_testing', 0.7], ['psychosocial_support', 0.4], ['forensic_examination', 0.3],
    ['child_protection', 0.08], ['hotline', 0.04],
  ],
  clinic_network_branch: [
    ['medical_care', 1], ['pep', 0.7], ['emergency_contraception', 0.6], ['hiv_testing', 0.7],
    ['psychosocial_support', 0.4], ['post_rape_care', 0.2],
  ],
  legal_aid: [['legal_aid', 1], ['psychosocial_support', 0.4], ['hotline', 0.15], ['child_protection', 0.1], ['economic_empowerment', 0.05]],
  shelter: [['shelter', 1], ['psychosocial_support', 0.6], ['child_protection', 0.35], ['hotline', 0.2], ['economic_empowerment', 0.2], ['medical_care', 0.08]],
  support_organisation: [
    ['psychosocial_support', 1], ['economic_empowerment', 0.4], ['legal_aid', 0.3], ['child_protection', 0.3],
    ['hotline', 0.2], ['shelter', 0.08],
  ],
};

export function drawServices(rng: Rng, kind: EntityKind, extra: readonly ServiceKey[] = []): ServiceKey[] {
  const keys: ServiceKey[] = [...extra];
  for (const [key, p] of OFFER[kind]) if (rng.chance(p)) keys.push(key);
  return taxonomyOrder(keys);
}

/** Keys an entity does not offer, to list as `available: false` (they must not count). */
export function unofferedKeys(offered: readonly ServiceKey[]): ServiceKey[] {
  const have = new Set(offered);
  return SERVICE_KEYS.filter((k) => !have.has(k));
}
