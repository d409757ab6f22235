// The service taxonomy: the fixed list of services the registry knows, with the names partners
// use for them. The ingest pipeline maps partner service names onto these keys, and the database
// seed writes the same list into ServiceCategory, so there is one source of truth for both.

export interface ServiceDefinition {
  key: string;
  label: string;
  description: string;
  /** Partner spellings; compared case-, punctuation- and whitespace-insensitively. */
  synonyms: readonly string[];
}

export const SERVICE_TAXONOMY = [
  {
    key: 'medical_care',
    label: 'Medical care',
    description: 'Clinical treatment of injuries and general medical care for survivors.',
    synonyms: [
      'Medical care',
      'Medical services',
      'Medical treatment',
      'Clinical care',
      'Clinical services',
      'Treatment of injuries',
      'Treatment',
      'Medical',
    ],
  },
  {
    key: 'post_rape_care',
    label: 'Post-rape care',
    description: 'Comprehensive clinical care after sexual violence (PRC).',
    synonyms: [
      'Post-rape care',
      'Post rape care services',
      'Post Rape Care (PRC)',
      'PRC',
      'Clinical management of rape',
      'CMR',
      'Sexual violence care',
    ],
  },
  {
    key: 'pep',
    label: 'Post-exposure prophylaxis (PEP)',
    description: 'HIV post-exposure prophylaxis within 72 hours.',
    synonyms: ['PEP', 'P.E.P', 'Post-exposure prophylaxis', 'Post Exposure Prophylaxis (PEP)', 'HIV PEP'],
  },
  {
    key: 'emergency_contraception',
    label: 'Emergency contraception',
    description: 'Emergency contraception to prevent pregnancy after rape.',
    synonyms: [
      'Emergency contraception',
      'Emergency contraceptive',
      'Emergency contraceptive pill',
      'Emergency contraceptives',
      'EC',
      'ECP',
      'Morning after pill',
    ],
  },
  {
    key: 'hiv_testing',
    label: 'HIV testing',
    description: 'HIV testing and counselling.',
    synonyms: [
      'HIV testing',
      'HIV test',
      'HIV testing services',
      'HTS',
      'HIV testing and counselling',
      'HIV counselling and testing',
      'HCT',
      'VCT',
    ],
  },
  {
    key: 'psychosocial_support',
    label: 'Psychosocial support',
    description: 'Counselling and psychosocial support for survivors.',
    synonyms: [
      'Psychosocial support',
      'Psycho-social support',
      'PSS',
      'Counselling',
      'Counseling',
      'Trauma counselling',
      'Trauma counseling',
      'Psychological support',
      'Psychological first aid',
      'Mental health support',
      'Counselling services',
    ],
  },
  {
    key: 'legal_aid',
    label: 'Legal aid',
    description: 'Legal advice, representation and paralegal support.',
    synonyms: [
      'Legal aid',
      'Legal advice',
      'Legal representation',
      'Legal services',
      'Legal assistance',
      'Legal counselling',
      'Pro bono legal services',
      'Paralegal services',
      'Paralegal support',
    ],
  },
  {
    key: 'police_reporting',
    label: 'Police reporting',
    description: 'Reporting an incident to the police (Occurrence Book).',
    synonyms: [
      'Police reporting',
      'Reporting to police',
      'Report to police',
      'OB reporting',
      'Occurrence Book reporting',
      'Police',
    ],
  },
  {
    key: 'gender_desk',
    label: 'Gender desk',
    description: 'A police gender desk handling gender-based violence cases.',
    synonyms: [
      'Gender desk',
      'GBV desk',
      'Gender-based violence desk',
      'Gender and children desk',
      'Gender & children desk',
    ],
  },
  {
    key: 'shelter',
    label: 'Shelter',
    description: 'Safe house or temporary shelter for survivors.',
    synonyms: [
      'Shelter',
      'Safe house',
      'Safe shelter',
      'Temporary shelter',
      'Rescue centre',
      'Rescue center',
      'Safe haven',
      'Safe house referral',
      'Emergency shelter',
    ],
  },
  {
    key: 'child_protection',
    label: 'Child protection',
    description: 'Protection and welfare services for children.',
    synonyms: [
      'Child protection',
      'Child protection services',
      'Child welfare',
      'Children services',
      "Children's services",
      'Child rights',
      'Child safeguarding',
    ],
  },
  {
    key: 'forensic_examination',
    label: 'Forensic examination',
    description: 'Medico-legal examination and evidence collection (P3/PRC forms).',
    synonyms: [
      'Forensic examination',
      'Forensic exam',
      'Forensic medical examination',
      'Evidence collection',
      'Medico-legal examination',
      'P3 form',
      'P3 forms',
    ],
  },
  {
    key: 'hotline',
    label: 'Hotline',
    description: 'A telephone helpline or toll-free line.',
    synonyms: ['Hotline', 'Helpline', 'Help line', 'Toll-free line', 'Toll free', '24/7 helpline', '24 hour helpline'],
  },
  {
    key: 'economic_empowerment',
    label: 'Economic empowerment',
    description: 'Livelihood and income-generating support for survivors.',
    synonyms: [
      'Economic empowerment',
      'Economic empowerment programmes',
      'Economic empowerment programs',
      'Income generating activities',
      'Income-generating activities',
      'IGAs',
      'Livelihood support',
      'Livelihoods',
    ],
  },
] as const satisfies readonly ServiceDefinition[];

export type ServiceKey = (typeof SERVICE_TAXONOMY)[number]['key'];

export const SERVICE_KEYS: readonly ServiceKey[] = SERVICE_TAXONOMY.map((service) => service.key);

export function isServiceKey(value: string): value is ServiceKey {
  return (SERVICE_KEYS as readonly string[]).includes(value);
}
