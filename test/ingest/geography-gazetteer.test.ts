// The Kenya gazetteer: complete, consistent, and with aliases that point where they claim to.
import { describe, expect, it } from 'vitest';
import { CURATED_ALIASES } from '../../src/geography/aliases.js';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { normalisePlaceName } from '../../src/geography/normalise-place.js';

const gazetteer = kenyaGazetteer();

describe('kenyaGazetteer', () => {
  it('holds the 47 counties, 290 constituencies and 1,448 wards with unique official codes', () => {
    expect(gazetteer.counties).toHaveLength(47);
    expect(gazetteer.constituencies).toHaveLength(290);
    expect(gazetteer.wards).toHaveLength(1448);
    for (const units of [gazetteer.counties, gazetteer.constituencies, gazetteer.wards]) {
      expect(new Set(units.map((unit) => unit.code)).size).toBe(units.length);
    }
  });

  it('uses the official code formats (county 3 digits, constituency 3 digits, ward 4 digits)', () => {
    expect(gazetteer.counties.find((county) => county.name === 'Baringo')?.code).toBe('030');
    expect(gazetteer.counties.every((county) => /^\d{3}$/.test(county.code))).toBe(true);
    expect(gazetteer.constituencies.every((unit) => /^\d{3}$/.test(unit.code))).toBe(true);
    expect(gazetteer.wards.every((ward) => /^\d{4}$/.test(ward.code))).toBe(true);
  });

  it('links every ward to a constituency of its own county, and every constituency to a county', () => {
    const countyCodes = new Set(gazetteer.counties.map((county) => county.code));
    const constituencies = new Map(gazetteer.constituencies.map((unit) => [unit.code, unit]));
    expect(gazetteer.constituencies.every((unit) => countyCodes.has(unit.countyCode))).toBe(true);
    for (const ward of gazetteer.wards) {
      expect(constituencies.get(ward.constituencyCode)?.countyCode).toBe(ward.countyCode);
    }
  });

  it('is built once and shared', () => {
    expect(kenyaGazetteer()).toBe(gazetteer);
  });

  it('has no two alias rows for the same unit and normalised alias (the GeoAlias unique key)', () => {
    const keys = gazetteer.aliases.map((alias) => `${alias.level}:${normalisePlaceName(alias.alias)}:${alias.entityCode}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('points every alias at an existing unit of its level', () => {
    const codes = {
      COUNTY: new Set(gazetteer.counties.map((unit) => unit.code)),
      CONSTITUENCY: new Set(gazetteer.constituencies.map((unit) => unit.code)),
      WARD: new Set(gazetteer.wards.map((unit) => unit.code)),
    };
    for (const alias of gazetteer.aliases) expect(codes[alias.level].has(alias.entityCode), alias.alias).toBe(true);
  });
});

describe('curated aliases', () => {
  const unitName = (level: string, code: string) =>
    (level === 'COUNTY' ? gazetteer.counties : level === 'CONSTITUENCY' ? gazetteer.constituencies : gazetteer.wards)
      .find((unit) => unit.code === code)?.name;

  it.each(CURATED_ALIASES.map((alias) => [alias.alias, alias] as const))('%s points at the unit it names', (_, alias) => {
    expect(unitName(alias.level, alias.entityCode)).toBe(alias.officialName);
  });

  it('include every county spelling SOURCES.md lists that normalisation alone does not equate', () => {
    const countyAliases = gazetteer.aliases.filter((alias) => alias.level === 'COUNTY').map((alias) => alias.alias);
    expect(countyAliases).toContain('Nairobi City');
  });

  it('map a pre-2013 constituency that was split to each of its successors', () => {
    const successors = gazetteer.aliases.filter((alias) => alias.alias === 'Kisumu Town East').map((alias) => unitName('CONSTITUENCY', alias.entityCode));
    expect(successors.sort()).toEqual(['Kisumu Central', 'Kisumu East']);
  });
});

describe('generated aliases', () => {
  const aliasesOf = (wardName: string) => {
    const ward = gazetteer.wards.find((unit) => unit.name === wardName);
    return gazetteer.aliases.filter((alias) => alias.level === 'WARD' && alias.entityCode === ward?.code).map((alias) => alias.alias);
  };

  it('make each half of a compound ward name an alias of it', () => {
    expect(aliasesOf('Parklands/Highridge').sort()).toEqual(['Highridge', 'Parklands']);
    expect(aliasesOf('Mumberes/Maji mazuri')).toContain('Maji mazuri');
  });

  it('leave out a half that is the name of another ward of the same constituency', () => {
    expect(aliasesOf('Lembus/Perkerra')).toEqual(['Perkerra']);
  });
});
