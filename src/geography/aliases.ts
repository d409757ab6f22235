// Alternate names of Kenyan units, as data: the DB seed copies them into GeoAlias, the resolver
// indexes them. Spellings that differ from the official name only in case, punctuation,
// spacing or a `County`/`Sub County`/`Constituency`/`Ward` suffix need no entry (normalisation
// equates them); those listed in SOURCES.md are kept anyway so the table documents them.
import type { Gazetteer, GazetteerAlias } from '../ingest/geography/types.js';
import { normalisePlaceName, placeKey, slashHalves } from './normalise-place.js';

/** An alias with the official name it points at, so a test can prove each code is the intended unit. */
export interface CuratedAlias extends GazetteerAlias {
  officialName: string;
}

const county = (alias: string, entityCode: string, officialName: string): CuratedAlias =>
  ({ level: 'COUNTY', alias, entityCode, officialName });
const constituency = (alias: string, entityCode: string, officialName: string): CuratedAlias =>
  ({ level: 'CONSTITUENCY', alias, entityCode, officialName });
const ward = (alias: string, entityCode: string, officialName: string): CuratedAlias =>
  ({ level: 'WARD', alias, entityCode, officialName });

export const CURATED_ALIASES: readonly CuratedAlias[] = [
  // The county spellings SOURCES.md lists.
  county('Nairobi City', '047', 'Nairobi'),
  county('Muranga', '021', "Murang'a"),
  county('Taita Taveta', '006', 'Taita-Taveta'),
  county('Elgeyo Marakwet', '028', 'Elgeyo-Marakwet'),
  county('Homabay', '043', 'Homa Bay'),
  county('Trans-Nzoia', '026', 'Trans Nzoia'),
  county('Tharaka Nithi', '013', 'Tharaka-Nithi'),

  // Pre-2013 constituencies whose area was split: the name means either successor, so it maps
  // to both and the ward decides (a name alone stays ambiguous rather than guessed).
  constituency('Kisumu Town East', '238', 'Kisumu East'),
  constituency('Kisumu Town East', '240', 'Kisumu Central'),
  constituency('Kisumu Town West', '239', 'Kisumu West'),
  constituency('Kisumu Town West', '240', 'Kisumu Central'),

  // Other official or common names of the same constituency.
  constituency('Mount Elgon', '216', 'Mt. Elgon'),
  constituency('Ol Joro Orok', '092', 'Ol Jorok'),
  constituency('Kibera', '278', 'Kibra'),
  constituency('Suba North', '251', 'Mbita'),
  constituency('Suba South', '252', 'Suba'),

  // Sub-counties that coincide with one constituency under another name.
  constituency('Imenti North', '056', 'North Imenti'),
  constituency('Imenti Central', '058', 'Central Imenti'),
  constituency('Imenti South', '059', 'South Imenti'),
  constituency('Kirinyaga East', '101', 'Gichugu'),
  constituency('Kirinyaga West', '102', 'Ndia'),
  constituency('Kakamega Central', '202', 'Lurambi'),
  constituency('Kakamega East', '209', 'Shinyalu'),
  constituency('Kakamega North', '201', 'Malava'),
  constituency('Kakamega South', '210', 'Ikolomani'),
  constituency('Pokot North', '131', 'Kacheliba'),
  constituency('Pokot Central', '130', 'Sigor'),
  constituency('Loitokitok', '187', 'Kajiado South'),
  constituency('Garbatulla', '050', 'Isiolo South'),
  constituency('Nyeri Central', '099', 'Nyeri Town'),
  constituency('Nyeri South', '097', 'Othaya'),
  constituency('Kiambu Town', '117', 'Kiambu'),
  constituency('Tana Delta', '018', 'Garsen'),
  constituency('Tana North', '020', 'Bura'),
  constituency('Samia', '230', 'Funyula'),
  constituency('Bunyala', '231', 'Budalangi'),
  // Sub-counties wholly inside one constituency.
  constituency('Merti', '049', 'Isiolo North'),
  constituency('Hulugho', '032', 'Ijara'),

  // kenya-locations truncates this ward's name.
  ward('Shinoyi-Shikomari-Esumeyia', '1016', 'Shinoyi-shikomari-'),
];

type Units = Omit<Gazetteer, 'aliases'>;

/**
 * Each half of a compound name (`Parklands` and `Highridge` for `Parklands/Highridge`), which
 * records use on their own. A half that is the official name of another unit under the same
 * parent (`Lembus` of `Lembus/Perkerra` beside the ward `Lembus`) is left out: it names that unit.
 */
export function compoundNameHalves(units: Units): GazetteerAlias[] {
  const constituencyParents = new Map(units.constituencies.map((unit) => [unit.code, unit.countyCode]));
  const wardParents = new Map(units.wards.map((unit) => [unit.code, unit.constituencyCode]));
  return [
    ...halvesOf('CONSTITUENCY', units.constituencies, (code) => constituencyParents.get(code) ?? ''),
    ...halvesOf('WARD', units.wards, (code) => wardParents.get(code) ?? ''),
  ];
}

function halvesOf(
  level: GazetteerAlias['level'],
  units: readonly { code: string; name: string }[],
  parentOf: (code: string) => string,
): GazetteerAlias[] {
  const officialKeys = new Set(units.map((unit) => `${parentOf(unit.code)}:${placeKey(normalisePlaceName(unit.name))}`));
  const aliases: GazetteerAlias[] = [];
  for (const unit of units) {
    const halves = splitCompound(unit.name);
    for (const half of halves) {
      if (officialKeys.has(`${parentOf(unit.code)}:${placeKey(normalisePlaceName(half))}`)) continue;
      aliases.push({ level, alias: half, entityCode: unit.code });
    }
  }
  return aliases;
}

/** The written halves of `Mumberes/Maji mazuri`, trimmed; empty for a simple name. */
function splitCompound(name: string): string[] {
  if (slashHalves(normalisePlaceName(name)).length < 2) return [];
  return name.split('/').map((half) => half.trim()).filter((half) => half.length > 0);
}

/** Drops repeats: the same unit under the same normalised alias is one GeoAlias row. */
export function distinctAliases(aliases: readonly GazetteerAlias[]): GazetteerAlias[] {
  const seen = new Set<string>();
  return aliases.filter(({ level, alias, entityCode }) => {
    const key = `${level}:${normalisePlaceName(alias)}:${entityCode}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
