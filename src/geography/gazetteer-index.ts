// The gazetteer arranged for lookups: one name index per level and scope (the nation, each
// county, each constituency), built once, so that resolving a record only reads maps.
import type {
  Gazetteer,
  GazetteerAlias,
  GazetteerConstituency,
  GazetteerCounty,
  GazetteerWard,
} from '../ingest/geography/types.js';
import {
  NameIndex,
  NATIONAL_SPELLING_SIMILARITY,
  SCOPED_SPELLING_SIMILARITY,
  type NamedUnit,
  type NameIndexOptions,
} from './name-index.js';

export type GeoLevel = GazetteerAlias['level'];

// Only constituency names take compass suffixes (sub-counties `Mwea East`, `Kieni West`).
const NATIONAL_UNITS: NameIndexOptions = { acceptCompassSuffix: false, minSpellingSimilarity: NATIONAL_SPELLING_SIMILARITY };
const NATIONAL_CONSTITUENCIES: NameIndexOptions = { ...NATIONAL_UNITS, acceptCompassSuffix: true };
const SCOPED_UNITS: NameIndexOptions = { acceptCompassSuffix: false, minSpellingSimilarity: SCOPED_SPELLING_SIMILARITY };
const SCOPED_CONSTITUENCIES: NameIndexOptions = { ...SCOPED_UNITS, acceptCompassSuffix: true };
// 47 distinct county names: a near miss is far likelier a slip than a foreign place.
const COUNTIES: NameIndexOptions = SCOPED_UNITS;
const NO_UNITS = new NameIndex([], SCOPED_UNITS);

export class GazetteerIndex {
  readonly counties: NameIndex;
  readonly constituencies: NameIndex;
  readonly wards: NameIndex;
  private readonly countyByCode: Map<string, GazetteerCounty>;
  private readonly constituencyByCode: Map<string, GazetteerConstituency>;
  private readonly wardByCode: Map<string, GazetteerWard>;
  private readonly constituenciesByCounty = new Map<string, NameIndex>();
  private readonly wardsByCounty = new Map<string, NameIndex>();
  private readonly wardsByConstituency = new Map<string, NameIndex>();
  private readonly constituencyNamesByCounty = new Map<string, string[]>();

  constructor(gazetteer: Gazetteer) {
    this.countyByCode = new Map(gazetteer.counties.map((county) => [county.code, county]));
    this.constituencyByCode = new Map(gazetteer.constituencies.map((unit) => [unit.code, unit]));
    this.wardByCode = new Map(gazetteer.wards.map((ward) => [ward.code, ward]));
    const aliases = aliasesByLevelAndCode(gazetteer.aliases);
    const named = <T extends { code: string; name: string }>(level: GeoLevel, unit: T): NamedUnit => ({
      code: unit.code,
      name: unit.name,
      aliases: aliases.get(`${level}:${unit.code}`) ?? [],
    });
    const counties = gazetteer.counties.map((unit) => named('COUNTY', unit));
    const constituencies = gazetteer.constituencies.map((unit) => named('CONSTITUENCY', unit));
    const wards = gazetteer.wards.map((unit) => named('WARD', unit));

    this.counties = new NameIndex(counties, COUNTIES);
    this.constituencies = new NameIndex(constituencies, NATIONAL_CONSTITUENCIES);
    this.wards = new NameIndex(wards, NATIONAL_UNITS);
    for (const [countyCode, units] of groupBy(constituencies, (unit) => this.constituencyByCode.get(unit.code)?.countyCode)) {
      this.constituenciesByCounty.set(countyCode, new NameIndex(units, SCOPED_CONSTITUENCIES));
      this.constituencyNamesByCounty.set(countyCode, units.map((unit) => unit.name).sort());
    }
    for (const [countyCode, units] of groupBy(wards, (unit) => this.wardByCode.get(unit.code)?.countyCode)) {
      this.wardsByCounty.set(countyCode, new NameIndex(units, SCOPED_UNITS));
    }
    for (const [constituencyCode, units] of groupBy(wards, (unit) => this.wardByCode.get(unit.code)?.constituencyCode)) {
      this.wardsByConstituency.set(constituencyCode, new NameIndex(units, SCOPED_UNITS));
    }
  }

  constituenciesIn(countyCode: string): NameIndex {
    return this.constituenciesByCounty.get(countyCode) ?? NO_UNITS;
  }

  wardsInCounty(countyCode: string): NameIndex {
    return this.wardsByCounty.get(countyCode) ?? NO_UNITS;
  }

  wardsInConstituency(constituencyCode: string): NameIndex {
    return this.wardsByConstituency.get(constituencyCode) ?? NO_UNITS;
  }

  county(code: string): GazetteerCounty | undefined {
    return this.countyByCode.get(code);
  }

  constituency(code: string): GazetteerConstituency | undefined {
    return this.constituencyByCode.get(code);
  }

  ward(code: string): GazetteerWard | undefined {
    return this.wardByCode.get(code);
  }

  /** The official names of a county's constituencies, for messages that offer the valid choices. */
  constituencyNamesIn(countyCode: string): string[] {
    return this.constituencyNamesByCounty.get(countyCode) ?? [];
  }

  /** The county a unit of `level` lies in. */
  countyOf(level: GeoLevel, code: string): string | undefined {
    if (level === 'COUNTY') return this.countyByCode.has(code) ? code : undefined;
    if (level === 'CONSTITUENCY') return this.constituencyByCode.get(code)?.countyCode;
    return this.wardByCode.get(code)?.countyCode;
  }

  /** The official name of a unit, for messages. */
  nameOf(level: GeoLevel, code: string): string {
    const unit =
      level === 'COUNTY' ? this.countyByCode.get(code)
        : level === 'CONSTITUENCY' ? this.constituencyByCode.get(code)
          : this.wardByCode.get(code);
    return unit?.name ?? code;
  }
}

function aliasesByLevelAndCode(aliases: readonly GazetteerAlias[]): Map<string, string[]> {
  const byUnit = new Map<string, string[]>();
  for (const { level, alias, entityCode } of aliases) {
    const key = `${level}:${entityCode}`;
    byUnit.set(key, [...(byUnit.get(key) ?? []), alias]);
  }
  return byUnit;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
