// Kenya's 47 counties, 290 constituencies and 1,448 wards with their official codes, from the
// kenya-locations package, plus the aliases: the gazetteer both the resolver and the DB seed use.
import * as kenyaLocations from 'kenya-locations';
import type { Gazetteer, GazetteerConstituency, GazetteerCounty, GazetteerWard } from '../ingest/geography/types.js';
import { compoundNameHalves, CURATED_ALIASES, distinctAliases } from './aliases.js';

// The package's own declarations do not resolve under NodeNext (extensionless relative
// imports), so its exports arrive untyped; these are their documented shapes.
interface PackageCounty { code: string; name: string }
interface PackageConstituency { code: string; name: string; county: string }
interface PackageWard { code: string; name: string; constituency: string }
const counties: readonly PackageCounty[] = kenyaLocations.counties;
const constituencies: readonly PackageConstituency[] = kenyaLocations.constituencies;
const wards: readonly PackageWard[] = kenyaLocations.wards;

let memo: Gazetteer | undefined;

/** Built on first use and shared afterwards; treat it as read-only. */
export function kenyaGazetteer(): Gazetteer {
  memo ??= buildKenyaGazetteer();
  return memo;
}

function buildKenyaGazetteer(): Gazetteer {
  const countyCodeByName = new Map(counties.map((unit) => [unit.name, unit.code]));
  const gazetteerCounties: GazetteerCounty[] = counties.map((unit) => ({ code: unit.code, name: tidy(unit.name) }));
  // The package links levels by name; names are unique within a level, which a test checks.
  const gazetteerConstituencies: GazetteerConstituency[] = constituencies.map((unit) => ({
    code: unit.code,
    name: tidy(unit.name),
    countyCode: required(countyCodeByName.get(unit.county), `county of constituency ${unit.name}`),
  }));
  const constituencyByName = new Map(constituencies.map((unit, i) => [unit.name, gazetteerConstituencies[i]]));
  const gazetteerWards: GazetteerWard[] = wards.map((unit) => {
    const parent = required(constituencyByName.get(unit.constituency), `constituency of ward ${unit.name}`);
    return { code: unit.code, name: tidy(unit.name), constituencyCode: parent.code, countyCode: parent.countyCode };
  });
  const units = { counties: gazetteerCounties, constituencies: gazetteerConstituencies, wards: gazetteerWards };
  const aliases = distinctAliases([
    ...CURATED_ALIASES.map(({ level, alias, entityCode }) => ({ level, alias, entityCode })),
    ...compoundNameHalves(units),
  ]);
  return { ...units, aliases };
}

/** The package has stray double spaces (`Central  ward`); nothing else about its names is changed. */
function tidy(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`kenya-locations is inconsistent: no ${what}`);
  return value;
}
