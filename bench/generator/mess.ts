// The mess: how partner files misspell, abbreviate and mangle what the entity truth states.
// Every function here takes the clean value and returns what a file shows; where the mangling
// changes what a record can be said to state (an ambiguous constituency), it says so, so the
// truth never expects more than the record carries.
import type { Constituency, County, Ward } from './geo.js';
import type { Rng } from './random.js';
import type { Entity } from './entities.js';

export type MessLevel = 'clean' | 'mild' | 'heavy';

/** How often each kind of mess happens; `clean` turns all of it off (a control delivery). */
export interface Mess {
  level: MessLevel;
  /** Probability that a home record's name is mangled at all. */
  homeName: number;
  /** Probability that a guest's or in-file duplicate's name is mangled. */
  otherName: number;
  /** Probability that a county, constituency or ward is spelt other than officially. */
  place: number;
  /** Probability of an odd phone format (else the tidy national one). */
  phone: number;
  /** Multiplier on the coordinate problems each file kind has. */
  coords: number;
  /** Misspellings (dropped or doubled letters): only in a heavy mess. */
  typos: number;
  /** Missing optional fields, placeholders ("N/A"), empty strings where null was meant. */
  gaps: number;
}

export function messProfile(level: MessLevel): Mess {
  switch (level) {
    case 'clean':
      return { level, homeName: 0, otherName: 0, place: 0, phone: 0, coords: 0, typos: 0, gaps: 0 };
    case 'heavy':
      return { level, homeName: 0.5, otherName: 0.95, place: 0.6, phone: 0.8, coords: 1.6, typos: 0.04, gaps: 0.2 };
    default:
      return { level, homeName: 0.25, otherName: 0.75, place: 0.35, phone: 0.6, coords: 1, typos: 0, gaps: 0.08 };
  }
}

// ------------------------------------------------------------------------------- names

const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/Sub-County Hospital/, ['Sub-County Hosp', 'Sub County Hospital', 'Sub-County Hosp.', 'SCH']],
  [/County Referral Hospital/, ['County Referral Hosp.', 'County Hospital', 'County Referral Hosp']],
  [/Health Centre/, ['H/C', 'HC', 'H. Centre', 'Health Center', 'Health Ctr']],
  [/Dispensary/, ['Disp.', 'Disp']],
  [/Mission Hospital/, ['Mission Hosp.', 'Mission Hosp']],
  [/Hospital/, ['Hosp.', 'Hosp']],
  [/Police Station/, ['Police Stn.', 'Pol. Station', 'Police Stn']],
  [/Police Post/, ['P/Post', 'Police Pst', 'Pol. Post']],
  [/Police Patrol Base/, ['Police P/Base', 'Patrol Base']],
  [/Network/, ['Ntwk', 'Net.']],
  [/Medical Centre/, ['Med. Centre', 'Medical Center']],
  [/Centre/, ['Center']],
  [/Children's/, ['Childrens', 'Children’s']],
  [/Women's/, ['Womens', 'Women’s']],
  [/ & /, [' and ']],
  [/ and /, [' & ']],
  [/Legal Aid/, ['Legal-Aid', 'Legal aid']],
  [/Initiative/, ['Init.']],
  [/Maternity & Nursing Home/, ['Maternity and Nursing Home', 'Nursing Home']],
  [/^St\. /, ['St ', 'Saint ']],
  [/^Equity Afya/, ['EQUITY AFYA', 'Equity-Afya']],
];

function brackets(e: Entity): string[] {
  const c = e.ward.constituency.name;
  switch (e.kind) {
    case 'health_facility':
      return ['(PRC Unit)', '(Main Branch)', `(${c})`, '(GBVRC)'];
    case 'police_station':
      return ['(Gender Desk)', `(${c} Division)`, `(${e.ward.county.name} Command)`];
    case 'clinic_network_branch':
      return [`(${c})`, `(${e.ward.place})`];
    default:
      return ['(HQ)', '(Main Branch)', `(${e.ward.place})`];
  }
}

function affix(rng: Rng, e: Entity, name: string): string {
  switch (e.kind) {
    case 'health_facility':
      return rng.chance(0.5) ? `GBVRC ${name}` : `${name} GBVRC`;
    case 'police_station':
      return `Gender Desk, ${name}`;
    case 'clinic_network_branch':
      return `${name} Clinic`;
    default:
      return `The ${name}`;
  }
}

function typo(rng: Rng, text: string): string {
  const letters = [...text.matchAll(/[a-z]/g)].map((m) => m.index ?? 0).filter((i) => i > 1);
  if (letters.length < 4) return text;
  const at = rng.pick(letters);
  return rng.chance(0.5) ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + text[at] + text.slice(at);
}

function whitespace(rng: Rng, text: string): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `  ${text}  `;
    case 1:
      return `${text} `;
    case 2:
      return `${text}\t`;
    case 3:
      return text.replace(' ', '  ');
    default:
      return text.replace(' ', ' \u00a0');
  }
}

type NameOp = 'abbreviate' | 'case' | 'space' | 'apostrophe' | 'html' | 'bracket' | 'affix' | 'typo';

function applyNameOp(rng: Rng, op: NameOp, e: Entity, name: string): string {
  switch (op) {
    case 'abbreviate': {
      const rules = ABBREVIATIONS.filter(([re]) => re.test(name));
      if (rules.length === 0) return name;
      const [re, options] = rng.pick(rules);
      return name.replace(re, rng.pick(options));
    }
    case 'case':
      return rng.chance(0.75) ? name.toUpperCase() : name.toLowerCase();
    case 'space':
      return whitespace(rng, name);
    case 'apostrophe':
      return name.replace(/'/g, '’');
    case 'html':
      return name.replace(/&/g, '&amp;');
    case 'bracket':
      return `${name} ${rng.pick(brackets(e))}`;
    case 'affix':
      return affix(rng, e, name);
    case 'typo':
      return typo(rng, name);
  }
}

/**
 * The name as one file writes it. Homes are mostly clean; guests and in-file duplicates are
 * mostly mangled (that is what makes them hard to match). Whitespace goes last so that it
 * survives the other operations.
 */
export function nameVariant(rng: Rng, mess: Mess, e: Entity, role: 'home' | 'guest' | 'in_file_duplicate'): string {
  const p = role === 'home' ? mess.homeName : mess.otherName;
  if (!rng.chance(p)) return e.name;
  const ops: Array<readonly [NameOp, number]> = [
    ['abbreviate', 4],
    ['case', 2],
    ['bracket', role === 'home' ? 0.5 : 1.5],
    ['affix', role === 'home' ? 0.2 : 0.7],
  ];
  if (e.name.includes("'")) ops.push(['apostrophe', 1.5]);
  if (e.name.includes('&')) ops.push(['html', 1.5]);
  if (mess.typos > 0) ops.push(['typo', 0.5]);
  const count = mess.level === 'heavy' || role !== 'home' ? rng.int(1, 2) : 1;
  let name = e.name;
  const chosen = new Set<NameOp>();
  for (let n = 0; n < count; n++) chosen.add(rng.weighted(ops));
  // A fixed order keeps results sensible: abbreviate before changing case, and so on.
  for (const op of ['abbreviate', 'apostrophe', 'html', 'bracket', 'affix', 'typo', 'case'] as const) {
    if (chosen.has(op)) name = applyNameOp(rng, op, e, name);
  }
  if (rng.chance(role === 'home' ? 0.15 : 0.3)) name = whitespace(rng, name);
  return name;
}

// ------------------------------------------------------------------------------- places

const COUNTY_ALIASES: Record<string, readonly string[]> = {
  Nairobi: ['Nairobi City', 'NAIROBI', 'Nairobi City County'],
  "Murang'a": ['Muranga', 'Murang’a', "MURANG'A"],
  'Homa Bay': ['Homabay', 'Homa-Bay'],
  'Elgeyo-Marakwet': ['Elgeyo Marakwet', 'ELGEYO MARAKWET', 'Elgeyo/Marakwet'],
  'Taita-Taveta': ['Taita Taveta', 'TAITA TAVETA'],
  'Tharaka-Nithi': ['Tharaka Nithi', 'Tharaka-Nithi County'],
  'Trans Nzoia': ['Trans-Nzoia', 'TRANS NZOIA'],
  'West Pokot': ['West-Pokot'],
  'Uasin Gishu': ['Uasin-Gishu'],
  'Tana River': ['Tana-River'],
};

export function countyText(rng: Rng, mess: Mess, county: County): string {
  if (!rng.chance(mess.place)) return county.name;
  const aliases = COUNTY_ALIASES[county.name] ?? [];
  const form = rng.weighted<string>([
    ['upper', 2],
    ['County', 2],
    ['county', 0.7],
    ['COUNTY', 1],
    ['spaces', 0.6],
    ['alias', aliases.length > 0 ? 4 : 0],
    ['typo', mess.typos > 0 ? 0.6 : 0],
  ]);
  switch (form) {
    case 'upper':
      return county.name.toUpperCase();
    case 'County':
      return `${county.name} County`;
    case 'county':
      return `${county.name} county`;
    case 'COUNTY':
      return `${county.name.toUpperCase()} COUNTY`;
    case 'spaces':
      return ` ${county.name} `;
    case 'alias':
      return rng.pick(aliases);
    default:
      return typo(rng, county.name);
  }
}

/**
 * A first word shared by several constituencies of the county ("Igembe" for Igembe North/
 * Central/South) that is not itself a constituency: a record saying only that does not
 * determine its constituency.
 */
function ambiguousStem(c: Constituency): string | null {
  const stem = c.name.split(' ')[0];
  if (stem === c.name) return null;
  const siblings = c.county.constituencies.filter((x) => x.name.split(' ')[0] === stem);
  const exact = c.county.constituencies.some((x) => x.name === stem);
  return siblings.length >= 2 && !exact ? stem : null;
}

export interface PlaceText {
  text: string;
  /** The official code the text still determines, or null when it no longer does. */
  code: string | null;
}

export function constituencyText(rng: Rng, mess: Mess, c: Constituency): PlaceText {
  if (!rng.chance(mess.place)) return { text: c.name, code: c.code };
  const stem = ambiguousStem(c);
  if (stem && rng.chance(0.04)) return { text: stem, code: null };
  const form = rng.weighted<string>([
    ['lower', 1],
    ['upper', 1],
    ['Sub County', 1.2],
    ['Sub-County', 1.2],
    ['Constituency', 1],
    ['space', 0.6],
    ['typo', mess.typos > 0 ? 0.5 : 0],
  ]);
  switch (form) {
    case 'lower':
      return { text: c.name.toLowerCase(), code: c.code };
    case 'upper':
      return { text: c.name.toUpperCase(), code: c.code };
    case 'Sub County':
      return { text: `${c.name} Sub County`, code: c.code };
    case 'Sub-County':
      return { text: `${c.name} Sub-County`, code: c.code };
    case 'Constituency':
      return { text: `${c.name} Constituency`, code: c.code };
    case 'space':
      return { text: ` ${c.name}`, code: c.code };
    default:
      return { text: typo(rng, c.name), code: c.code };
  }
}

export function wardText(rng: Rng, mess: Mess, w: Ward): string {
  if (!rng.chance(mess.place)) return w.name;
  const form = rng.weighted<string>([
    ['Ward', 1.2],
    ['sentence', 1],
    ['upper', 0.6],
    ['space', 1],
    ['typo', mess.typos > 0 ? 0.5 : 0],
  ]);
  switch (form) {
    case 'Ward':
      return `${w.name} Ward`;
    case 'sentence':
      return w.name[0] + w.name.slice(1).toLowerCase();
    case 'upper':
      return w.name.toUpperCase();
    case 'space':
      return ` ${w.name}`;
    default:
      return typo(rng, w.name);
  }
}

/** "County, Constituency[, Ward]" free text, as the category files write locations. */
export function locationLine(parts: readonly string[], rng: Rng, mess: Mess): string {
  const sep = rng.chance(mess.place) ? rng.pick([',', ',  ', ' , ']) : ', ';
  return parts.join(sep);
}
