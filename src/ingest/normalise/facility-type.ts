// What kind of place a record describes. The kind of file decides where it can (police stations
// are police stations, the regional file lists health facilities); elsewhere the name and the
// partner's type text tell, the specific words before the generic ones.
import type { FacilityType, SourceKind } from '../record.js';
import type { Warnings } from './issues.js';
import { displayName } from './name.js';
import { foldCase } from './text.js';

type Rule = readonly [FacilityType, RegExp];

/** Matched against the search name, where abbreviations are already spelled out. */
const SPECIFIC_NAME_RULES: readonly Rule[] = [
  ['POLICE_STATION', /\bpolice\b|\bpatrol base\b/],
  ['SHELTER', /\bsafe (house|haven)\b|\bshelters?\b|\brescue centre\b/],
  ['LEGAL_AID', /\blegal\b|\bparalegals?\b|\bjustice\b|\blaw\b/],
  ['HEALTH_FACILITY', /\bhospital\b|\bhealth centre\b|\bdispensary\b|\bclinic\b|\bmedical\b|\bnursing home\b|\bmaternity\b/],
];

const GENERIC_NAME_RULES: readonly Rule[] = [
  ['SUPPORT_ORGANISATION', /\bnetwork\b|\bfoundation\b|\binitiative\b|\borganisation\b|\bassociation\b|\bsurvivors\b|\brights\b|\bproject\b|\btrust\b|\bsociety\b|\bgroup\b|\bprotection\b/],
];

/** Matched against the partner's own type text (other_services' service_type). */
const TYPE_TEXT_RULES: readonly Rule[] = [
  ['POLICE_STATION', /police|\bob\b|occurrence book|gender desk|gbv desk|gender.based violence desk/],
  ['SHELTER', /shelter|safe house|safe haven|rescue/],
  ['LEGAL_AID', /legal|paralegal|justice|pro bono/],
  ['HEALTH_FACILITY', /medical|clinical|health|hospital|post.rape care|\bprc\b|\bpep\b|forensic/],
  ['SUPPORT_ORGANISATION', /counsel|psycho|support|empowerment|income|livelihood|child/],
];

/** Health-facility type words of the regional file; others are reported as unknown. */
const HEALTH_TYPE_TEXT = /hosp|health cent|dispensary|\bdisp\b|clinic|medical|nursing home|maternity|care cent|referral|\bh\/?c\b|health facility/;

export interface FacilityClassification {
  type: FacilityType;
  /** The partner's own finer type, as given (re-cased when written in capitals). */
  subtype?: string;
}

export function classifyFacility(
  kind: SourceKind,
  /** The record's search name (name.ts), which the record keeps too: analysed once. */
  nameKey: string,
  typeText: string | undefined,
  warnings: Warnings,
): FacilityClassification {
  const typeKey = typeText ? foldCase(typeText) : '';
  const subtype = typeText ? displayName(typeText) : undefined;
  const withSubtype = (type: FacilityType): FacilityClassification => (subtype ? { type, subtype } : { type });

  switch (kind) {
    case 'kps_stations':
      return policeStation(nameKey);
    case 'regional':
      if (typeText && !HEALTH_TYPE_TEXT.test(typeKey)) {
        warnings.add('UNKNOWN_FACILITY_TYPE', 'facility_type', `"${typeText}" is not a known type of health facility; kept as given.`);
      }
      return withSubtype('HEALTH_FACILITY');
    case 'equity_afya':
      return withSubtype('HEALTH_FACILITY');
    case 'other_services': {
      const type = firstMatch(SPECIFIC_NAME_RULES, nameKey) ?? firstMatch(TYPE_TEXT_RULES, typeKey) ?? firstMatch(GENERIC_NAME_RULES, nameKey);
      if (type) return withSubtype(type);
      warnings.add(
        'UNKNOWN_FACILITY_TYPE',
        'service_type',
        typeText
          ? `Cannot tell what kind of provider "${typeText}" is; recorded as OTHER.`
          : 'The provider has no service_type and its name does not tell its kind; recorded as OTHER.',
      );
      return withSubtype('OTHER');
    }
    case 'category_A':
    case 'category_B':
    case 'gbv_support_organizations':
      // These files list GBV organisations; a hospital or shelter among them says so in its name.
      return withSubtype(firstMatch(SPECIFIC_NAME_RULES, nameKey) ?? 'SUPPORT_ORGANISATION');
  }
}

function policeStation(nameKey: string): FacilityClassification {
  if (/\bpatrol base\b/.test(nameKey)) return { type: 'POLICE_STATION', subtype: 'Police Patrol Base' };
  if (/\bpost\b/.test(nameKey)) return { type: 'POLICE_STATION', subtype: 'Police Post' };
  if (/\bstation\b/.test(nameKey)) return { type: 'POLICE_STATION', subtype: 'Police Station' };
  return { type: 'POLICE_STATION' };
}

function firstMatch(rules: readonly Rule[], text: string): FacilityType | undefined {
  if (text === '') return undefined;
  return rules.find(([, pattern]) => pattern.test(text))?.[0];
}
