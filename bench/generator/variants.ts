// Variant families: one per category of partner mess (issue 23), as tables. A family says how a
// clean record's text is rewritten; adding a form is adding a row, not code. `heldOut` families
// were written after the importer was tuned and are never tuned on: their figures are the
// estimate of how the importer does on forms nobody has shown it.

/** A place-name wrapper: `{}` is the official name. */
export interface PlaceForms { county: readonly string[]; constituency: readonly string[]; ward: readonly string[] }

export type Category = 'admin_text' | 'service_names' | 'phones' | 'coordinates' | 'encoding' | 'cross_source_names';

export interface VariantFamily {
  name: string;
  category: Category;
  heldOut: boolean;
  /** Wrappers around place names (`admin_text`). */
  places?: PlaceForms;
  /** Letter-level typing slips applied to the county name (`admin_text`). */
  typos?: readonly ('transpose' | 'double' | 'drop' | 'none')[];
  /** How each service key is written, and how several are joined (`service_names`). */
  services?: { wordings: Readonly<Record<string, readonly string[]>>; joiners: readonly string[] };
  /** Phone layouts (`phones`): `{n}` the national number grouped, `{c}` a short code. */
  phones?: { countryForms: readonly string[]; labels: readonly string[]; groupSeparators: readonly string[]; joiners: readonly string[]; withShortCode: number };
  /** Coordinate notations (`coordinates`), and how often a pair is swapped, 0/0 or abroad. */
  coordinates?: { notations: readonly CoordinateNotation[]; swapped: number; zero: number; abroad: number };
  /** Damage done to all text fields (`encoding`). */
  encoding?: readonly EncodingDamage[];
  /** How a second source renames a facility (`cross_source_names`): [from, to] replacements, and tails. */
  names?: { typeWords: readonly (readonly [string, string])[]; tails: readonly string[] };
}

export type CoordinateNotation = 'decimal' | 'decimal_comma' | 'decimal_letter' | 'dms' | 'dms_letter_first' | 'decimal_minutes' | 'numbers';
export type EncodingDamage = 'cp1252' | 'html_entities' | 'bom' | 'crlf' | 'nbsp';

export const VARIANT_FAMILIES: readonly VariantFamily[] = [
  {
    name: 'admin-text',
    category: 'admin_text',
    heldOut: false,
    places: {
      county: ['{}', '{} County', 'County Government of {}', 'Kaunti ya {}', '{} City County', '{code} - {}', '{} ({code})', '{code}', 'Rift Valley Province, {}', '{} - Nyanza Province', 'COUNTY OF {}'],
      constituency: ['{}', '{} Sub-County', '{} S/C', '{} Constituency', 'Jimbo la {}', '{} SC', '{} Sub County'],
      ward: ['{}', '{} Ward', 'Wadi ya {}', '{} Location', 'Kata ya {}'],
    },
    typos: ['none', 'none', 'transpose', 'double'],
  },
  {
    // Written after the importer was tuned; never used to tune it.
    name: 'admin-text-heldout',
    category: 'admin_text',
    heldOut: true,
    places: {
      county: ['Serikali ya Kaunti ya {}', '{} County Govt.', '{}-County', 'The County of {}', '{} Cnty', 'Cty Gov of {}', '{} [{code}]', 'County No. {code} ({})', 'Eastern Province / {}', '{} County, Coast'],
      constituency: ['{} Sub-Cty', 'S/County {}', '{} Subcounty', '{} constituency office', 'Jimbo: {}'],
      ward: ['Ward of {}', '{} ward (county assembly)', 'Wadi: {}', '{} Division'],
    },
    typos: ['none', 'drop', 'transpose'],
  },
  {
    name: 'service-names',
    category: 'service_names',
    heldOut: false,
    services: {
      wordings: {
        medical_care: ['Medical care', 'Matibabu', 'Medical services', 'medical treatment'],
        post_rape_care: ['PRC', 'Post rape care services', 'Huduma baada ya ubakaji', 'Post-Rape Care'],
        pep: ['PEP', 'P.E.P.', 'Post exposure prophylaxis', 'Dawa za PEP'],
        emergency_contraception: ['EC', 'ECP', 'Emergency contraceptives', 'Uzazi wa mpango wa dharura'],
        hiv_testing: ['HTS', 'VCT', 'HIV testing & counselling', 'Upimaji wa HIV'],
        psychosocial_support: ['PSS', 'Counselling', 'Ushauri nasaha', 'Psychosocial support services'],
        legal_aid: ['Legal aid', 'Msaada wa kisheria', 'Legal advise', 'Legal support'],
        police_reporting: ['P3', 'Reporting to police', 'OB reporting', 'Kuripoti polisi'],
        gender_desk: ['Gender desk', 'Gender & Children desk', 'Dawati la jinsia'],
        shelter: ['Shelter', 'Safe house', 'Nyumba salama', 'Rescue centre'],
        child_protection: ['Child protection', 'Ulinzi wa watoto', 'Child protection services'],
        forensic_examination: ['Forensic exam', 'CMR', 'Uchunguzi wa kitabibu', 'Medico-legal examination'],
        hotline: ['Hotline', 'Toll free line', 'Simu ya msaada'],
        economic_empowerment: ['Economic empowerment', 'Uwezeshaji wa kiuchumi', 'Livelihood support'],
      },
      joiners: [', ', '; ', ' & ', ' and ', ' / ', ' + ', ' na '],
    },
  },
  {
    name: 'phones',
    category: 'phones',
    heldOut: false,
    phones: {
      countryForms: ['0', '+254', '+254 ', '254', '00254', '00 254 ', '(+254) ', '+254 (0)', '+2540'],
      labels: ['', 'Tel: ', 'Office ', 'Mobile - ', 'Simu: ', 'Cell '],
      groupSeparators: [' ', '-', '.', ''],
      joiners: [' / ', ', ', ' or ', '; ', ' na ', '\n'],
      withShortCode: 0.3,
    },
  },
  {
    name: 'coordinates',
    category: 'coordinates',
    heldOut: false,
    coordinates: {
      notations: ['decimal', 'decimal_comma', 'decimal_letter', 'dms', 'dms_letter_first', 'decimal_minutes', 'numbers'],
      swapped: 0.1,
      zero: 0.05,
      abroad: 0.05,
    },
  },
  {
    name: 'encoding',
    category: 'encoding',
    heldOut: false,
    encoding: ['cp1252', 'html_entities', 'bom', 'crlf', 'nbsp'],
  },
  {
    name: 'cross-source-names',
    category: 'cross_source_names',
    heldOut: false,
    names: {
      typeWords: [
        ['Health Centre', 'Kituo cha Afya'], ['Health Centre', 'H/C'], ['Dispensary', 'Zahanati'], ['Dispensary', 'Disp.'],
        ['Hospital', 'Hospitali'], ['Sub-County Hospital', 'SCH'], ['Sub-County Hospital', 'Sub County Hosp.'],
        ['Police Station', 'Kituo cha Polisi'], ['Police Station', 'Police Stn'], ['Clinic', 'Kliniki'],
      ],
      tails: ['', ' (HQ)', ' - Main Branch', ' Branch'],
    },
  },
];
