// Official geography (kenya-locations) joined into a tree, with approximate positions.
// The package has codes and names but no coordinates; benchmarks only need coordinates that
// sit inside Kenya and near each other for places that are near each other, so each county
// gets a hand-entered approximate centre and radius and its constituencies and wards are
// scattered around it deterministically (from their codes, not from the seed: the geography
// is the same for every delivery).
import { constituencies, counties, wards } from 'kenya-locations';
import { hash32, Rng } from './random.js';

export interface County {
  index: number;
  code: string;
  name: string;
  /** Three letters used in KPS station codes and e-mail suffixes (KPS-MSA-001, .msa@). */
  abbr: string;
  lat: number;
  lng: number;
  constituencies: Constituency[];
  wards: Ward[];
}

export interface Constituency {
  index: number;
  code: string;
  name: string;
  county: County;
  wards: Ward[];
  lat: number;
  lng: number;
}

export interface Ward {
  index: number;
  code: string;
  name: string;
  /** The ward name as a place word in facility names: "Ainabkoi/Olare" -> "Ainabkoi". */
  place: string;
  constituency: Constituency;
  county: County;
  lat: number;
  lng: number;
}

export interface Geography {
  counties: County[];
  constituencies: Constituency[];
  wards: Ward[];
  countyByName: Map<string, County>;
}

/** Kenya's bounding box, slightly shrunk so generated "true" positions are clearly inside. */
export const KENYA_BOUNDS = { minLat: -4.6, maxLat: 4.9, minLng: 34.0, maxLng: 41.8 } as const;

// [abbr, lat, lng, radius in degrees] per county, by the package's spelling.
const COUNTY_SHAPE: Record<string, readonly [string, number, number, number]> = {
  Baringo: ['BRG', 0.47, 35.97, 0.45],
  Bomet: ['BMT', -0.78, 35.34, 0.2],
  Bungoma: ['BGM', 0.56, 34.56, 0.25],
  Busia: ['BSA', 0.46, 34.11, 0.2],
  'Elgeyo-Marakwet': ['EMK', 0.8, 35.5, 0.25],
  Embu: ['EMB', -0.53, 37.45, 0.25],
  Garissa: ['GRS', -0.45, 39.65, 0.8],
  'Homa Bay': ['HMB', -0.53, 34.46, 0.22],
  Isiolo: ['ISL', 0.35, 38.2, 0.6],
  Kajiado: ['KJD', -1.85, 36.78, 0.5],
  Kakamega: ['KKG', 0.28, 34.75, 0.25],
  Kericho: ['KRC', -0.37, 35.28, 0.2],
  Kiambu: ['KBU', -1.03, 36.83, 0.25],
  Kilifi: ['KLF', -3.2, 39.6, 0.4],
  Kirinyaga: ['KRG', -0.5, 37.28, 0.15],
  Kisii: ['KSI', -0.68, 34.77, 0.15],
  Kisumu: ['KSM', -0.09, 34.77, 0.2],
  Kitui: ['KTI', -1.37, 38.3, 0.7],
  Kwale: ['KWL', -4.18, 39.2, 0.3],
  Laikipia: ['LKP', 0.36, 36.78, 0.4],
  Lamu: ['LMU', -2.1, 40.6, 0.3],
  Machakos: ['MKS', -1.52, 37.26, 0.35],
  Makueni: ['MKN', -2.1, 37.62, 0.4],
  Mandera: ['MDR', 3.4, 40.8, 0.5],
  Marsabit: ['MRS', 2.7, 37.8, 0.9],
  Meru: ['MRU', 0.15, 37.7, 0.3],
  Migori: ['MGR', -1.06, 34.47, 0.22],
  Mombasa: ['MSA', -4.04, 39.66, 0.06],
  "Murang'a": ['MRG', -0.78, 37.05, 0.2],
  Nairobi: ['NRB', -1.29, 36.82, 0.1],
  Nakuru: ['NKR', -0.4, 36.07, 0.4],
  Nandi: ['NDI', 0.18, 35.13, 0.2],
  Narok: ['NRK', -1.2, 35.7, 0.6],
  Nyamira: ['NYM', -0.57, 34.94, 0.12],
  Nyandarua: ['NYD', -0.3, 36.52, 0.25],
  Nyeri: ['NYR', -0.42, 36.95, 0.2],
  Samburu: ['SBR', 1.3, 36.9, 0.5],
  Siaya: ['SYA', 0.06, 34.29, 0.22],
  'Taita-Taveta': ['TTV', -3.4, 38.4, 0.4],
  'Tana River': ['TRV', -1.5, 39.8, 0.7],
  'Tharaka-Nithi': ['TNT', -0.3, 37.9, 0.2],
  'Trans Nzoia': ['TNZ', 1.02, 35.0, 0.2],
  Turkana: ['TKN', 3.2, 35.6, 0.9],
  'Uasin Gishu': ['UGS', 0.52, 35.27, 0.25],
  Vihiga: ['VHG', 0.08, 34.72, 0.08],
  Wajir: ['WJR', 1.75, 40.06, 0.8],
  'West Pokot': ['WPK', 1.62, 35.39, 0.35],
};

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

/** A point within `radius` of (lat, lng), fixed by `key`, clamped inside Kenya. */
function scatter(lat: number, lng: number, radius: number, key: string): [number, number] {
  const rng = new Rng(hash32('geo', key));
  const r = radius * Math.sqrt(rng.next());
  const theta = rng.next() * 2 * Math.PI;
  return [
    clamp(lat + r * Math.cos(theta), KENYA_BOUNDS.minLat, KENYA_BOUNDS.maxLat),
    clamp(lng + r * Math.sin(theta), KENYA_BOUNDS.minLng, KENYA_BOUNDS.maxLng),
  ];
}

/** "Ainabkoi/Olare" -> "Ainabkoi", "Marenyo - shianda" -> "Marenyo", "kaptumo-kaboi" -> "Kaptumo-Kaboi". */
export function placeWord(name: string): string {
  const first = name.split(/\s*\/\s*|\s+-\s+/)[0].replace(/['"]\s*([a-z])\s*['"]/gi, '$1').trim();
  return first
    .split(/(\s+|-)/)
    .map((w) => (/^[a-z]/i.test(w) ? w[0].toUpperCase() + w.slice(1) : w))
    .join('');
}

/** Plain code-unit order: unlike localeCompare it cannot vary with the ICU build. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let cached: Geography | undefined;

export function loadGeography(): Geography {
  if (cached) return cached;
  // Sort by name so the tree (and every index in it) does not depend on the package's order.
  const countyList: County[] = [...counties]
    .sort((a, b) => byText(a.name, b.name))
    .map((c, index) => {
      const shape = COUNTY_SHAPE[c.name];
      if (!shape) throw new Error(`no approximate position for county ${c.name}`);
      return { index, code: c.code, name: c.name, abbr: shape[0], lat: shape[1], lng: shape[2], constituencies: [], wards: [] };
    });
  const countyByName = new Map(countyList.map((c) => [c.name, c]));
  const radius = new Map(Object.entries(COUNTY_SHAPE).map(([name, s]) => [name, s[3]]));

  const constituencyList: Constituency[] = [];
  const constituencyByName = new Map<string, Constituency>();
  for (const c of [...constituencies].sort((a, b) => byText(a.code, b.code))) {
    const county = countyByName.get(c.county);
    if (!county) throw new Error(`constituency ${c.name} in unknown county ${c.county}`);
    const [lat, lng] = scatter(county.lat, county.lng, (radius.get(county.name) ?? 0.3) * 0.75, c.code);
    const constituency: Constituency = { index: constituencyList.length, code: c.code, name: c.name, county, wards: [], lat, lng };
    constituencyList.push(constituency);
    constituencyByName.set(c.name, constituency);
    county.constituencies.push(constituency);
  }

  const wardList: Ward[] = [];
  for (const w of [...wards].sort((a, b) => byText(a.code, b.code))) {
    const constituency = constituencyByName.get(w.constituency);
    if (!constituency) throw new Error(`ward ${w.name} in unknown constituency ${w.constituency}`);
    const county = constituency.county;
    const [lat, lng] = scatter(constituency.lat, constituency.lng, (radius.get(county.name) ?? 0.3) * 0.3, w.code);
    const ward: Ward = { index: wardList.length, code: w.code, name: w.name, place: placeWord(w.name), constituency, county, lat, lng };
    wardList.push(ward);
    constituency.wards.push(ward);
    county.wards.push(ward);
  }

  cached = { counties: countyList, constituencies: constituencyList, wards: wardList, countyByName };
  return cached;
}
