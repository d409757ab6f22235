// The service taxonomy: the fixed list of services the registry knows, with the names partners
// use for them. The ingest pipeline maps partner service names onto these keys, and the database
// seed writes the same list into ServiceCategory, so there is one source of truth for both.
// The names themselves are data (synonyms.json), reviewed like data rather than edited as code.
import SYNONYMS from './synonyms.json' with { type: 'json' };

interface ServiceTerm {
  key: string;
  label: string;
  description: string;
}

export interface ServiceDefinition extends ServiceTerm {
  /** Partner spellings; compared case-, punctuation-, plural- and whitespace-insensitively. */
  synonyms: readonly string[];
}

/** The names of one key, by where they come from. */
export interface ServiceNames { en: string[]; sw: string[]; abbreviations: string[] }

const TERMS = [
  {
    key: 'medical_care',
    label: 'Medical care',
    description: 'Clinical treatment of injuries and general medical care for survivors.',
  },
  {
    key: 'post_rape_care',
    label: 'Post-rape care',
    description: 'Comprehensive clinical care after sexual violence (PRC).',
  },
  {
    key: 'pep',
    label: 'Post-exposure prophylaxis (PEP)',
    description: 'HIV post-exposure prophylaxis within 72 hours.',
  },
  {
    key: 'emergency_contraception',
    label: 'Emergency contraception',
    description: 'Emergency contraception to prevent pregnancy after rape.',
  },
  {
    key: 'hiv_testing',
    label: 'HIV testing',
    description: 'HIV testing and counselling.',
  },
  {
    key: 'psychosocial_support',
    label: 'Psychosocial support',
    description: 'Counselling and psychosocial support for survivors.',
  },
  {
    key: 'legal_aid',
    label: 'Legal aid',
    description: 'Legal advice, representation and paralegal support.',
  },
  {
    key: 'police_reporting',
    label: 'Police reporting',
    description: 'Reporting an incident to the police (Occurrence Book).',
  },
  {
    key: 'gender_desk',
    label: 'Gender desk',
    description: 'A police gender desk handling gender-based violence cases.',
  },
  {
    key: 'shelter',
    label: 'Shelter',
    description: 'Safe house or temporary shelter for survivors.',
  },
  {
    key: 'child_protection',
    label: 'Child protection',
    description: 'Protection and welfare services for children.',
  },
  {
    key: 'forensic_examination',
    label: 'Forensic examination',
    description: 'Medico-legal examination and evidence collection (P3/PRC forms).',
  },
  {
    key: 'hotline',
    label: 'Hotline',
    description: 'A telephone helpline or toll-free line.',
  },
  {
    key: 'economic_empowerment',
    label: 'Economic empowerment',
    description: 'Livelihood and income-generating support for survivors.',
  },
] as const satisfies readonly ServiceTerm[];

export type ServiceKey = (typeof TERMS)[number]['key'];

export const SERVICE_NAMES = SYNONYMS as unknown as Readonly<Record<ServiceKey, ServiceNames>>;

export const SERVICE_TAXONOMY: readonly (ServiceDefinition & { key: ServiceKey })[] = TERMS.map((term) => {
  const names = SERVICE_NAMES[term.key];
  return { ...term, synonyms: [...names.en, ...names.sw, ...names.abbreviations] };
});

export const SERVICE_KEYS: readonly ServiceKey[] = SERVICE_TAXONOMY.map((service) => service.key);

export function isServiceKey(value: string): value is ServiceKey {
  return (SERVICE_KEYS as readonly string[]).includes(value);
}
