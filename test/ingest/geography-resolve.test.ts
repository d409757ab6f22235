// The geography resolver, as specs: place names in any spelling → official codes; a level is
// kept only when it is certain and consistent with the levels above it, never guessed.
import { describe, expect, it } from 'vitest';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import type { GeographyInput, GeographyResolution } from '../../src/ingest/geography/types.js';
import type { GeographyCodes, IssueCode } from '../../src/ingest/record.js';

const gazetteer = kenyaGazetteer();
const resolver = createGeographyResolver(gazetteer);
const context = { fileName: 'sample.json', pointer: '/data/7' };

const resolve = (input: GeographyInput): GeographyResolution => resolver.resolve(input, context);

function codesOf(input: GeographyInput): GeographyCodes {
  const resolution = resolve(input);
  if (!resolution.ok) throw new Error(`rejected: ${resolution.issues.map((issue) => issue.message).join('; ')}`);
  return resolution.codes;
}

const issueCodesOf = (input: GeographyInput): IssueCode[] => resolve(input).issues.map((issue) => issue.code);

/** Codes looked up by official name, so expectations read as places. */
const county = (name: string) => gazetteer.counties.find((unit) => unit.name === name)?.code;
const constituency = (name: string) => gazetteer.constituencies.find((unit) => unit.name === name)?.code;
const ward = (name: string, constituencyName: string) =>
  gazetteer.wards.find((unit) => unit.name === name && unit.constituencyCode === constituency(constituencyName))?.code;

describe('every official unit resolves to itself by its official name', () => {
  const countyName = new Map(gazetteer.counties.map((unit) => [unit.code, unit.name]));
  const constituencyName = new Map(gazetteer.constituencies.map((unit) => [unit.code, unit.name]));

  it('all 47 counties', () => {
    for (const unit of gazetteer.counties) expect(codesOf({ county: unit.name })).toEqual({ countyCode: unit.code });
  });

  it('all 290 constituencies, within their county', () => {
    for (const unit of gazetteer.constituencies) {
      expect(codesOf({ county: countyName.get(unit.countyCode), constituency: unit.name }), unit.name)
        .toEqual({ countyCode: unit.countyCode, constituencyCode: unit.code });
    }
  });

  it('all 1,448 wards, within their constituency', () => {
    for (const unit of gazetteer.wards) {
      const input = { county: countyName.get(unit.countyCode), constituency: constituencyName.get(unit.constituencyCode), ward: unit.name };
      expect(codesOf(input), unit.name).toEqual({ countyCode: unit.countyCode, constituencyCode: unit.constituencyCode, wardCode: unit.code });
      expect(resolve(input).issues).toEqual([]);
    }
  });
});

describe('county spellings (SOURCES.md)', () => {
  it.each([
    ['Nairobi City', 'Nairobi'],
    ['NAIROBI', 'Nairobi'],
    ['Nairobi City County', 'Nairobi'],
    ['Muranga', "Murang'a"],
    ["Murang'a", "Murang'a"],
    ['Murang’a County', "Murang'a"],
    ['Taita-Taveta', 'Taita-Taveta'],
    ['Taita Taveta', 'Taita-Taveta'],
    ['Elgeyo Marakwet', 'Elgeyo-Marakwet'],
    ['ELGEYO MARAKWET', 'Elgeyo-Marakwet'],
    ['Homabay', 'Homa Bay'],
    ['Trans-Nzoia', 'Trans Nzoia'],
    ['Tharaka Nithi', 'Tharaka-Nithi'],
    ['Uasin Gishu County', 'Uasin Gishu'],
    ['West-Pokot', 'West Pokot'],
    [' Makueni ', 'Makueni'],
  ])('%j is %s county', (written, official) => {
    expect(codesOf({ county: written }).countyCode).toBe(county(official));
  });
});

describe('constituency spellings', () => {
  it.each([
    ['Kisumu Central', 'Kisumu Central'],
    ['KISUMU CENTRAL', 'Kisumu Central'],
    ['Kisumu Central Constituency', 'Kisumu Central'],
    ['Kisumu Central Sub-County', 'Kisumu Central'],
    [' kisumu central ', 'Kisumu Central'],
  ])('%j is %s', (written, official) => {
    expect(codesOf({ county: 'Kisumu', constituency: written }).constituencyCode).toBe(constituency(official));
  });

  it('reads the former name Kisumu Town East as Kisumu East or Kisumu Central, and lets the ward decide', () => {
    expect(codesOf({ county: 'Kisumu', constituency: 'Kisumu Town East', ward: 'Kondele' })).toEqual({
      countyCode: county('Kisumu'), constituencyCode: constituency('Kisumu Central'), wardCode: ward('Kondele', 'Kisumu Central'),
    });
    expect(codesOf({ county: 'Kisumu', constituency: 'Kisumu Town East', ward: 'Kajulu' }).constituencyCode).toBe(constituency('Kisumu East'));
  });

  it('does not guess between the successors of Kisumu Town East when there is no ward', () => {
    expect(codesOf({ county: 'Kisumu', constituency: 'Kisumu Town East' })).toEqual({ countyCode: county('Kisumu') });
    expect(issueCodesOf({ county: 'Kisumu', constituency: 'Kisumu Town East' })).toEqual(['AMBIGUOUS_LOCATION']);
  });

  it('reads a sub-county name that coincides with one constituency (Imenti North, Kieni East, Ol Joro Orok)', () => {
    expect(codesOf({ county: 'Meru', constituency: 'Imenti North' }).constituencyCode).toBe(constituency('North Imenti'));
    expect(codesOf({ county: 'Nyeri', constituency: 'Kieni East' }).constituencyCode).toBe(constituency('Kieni'));
    expect(codesOf({ county: 'Nyandarua', constituency: 'Ol Joro Orok' }).constituencyCode).toBe(constituency('Ol Jorok'));
    expect(codesOf({ county: 'Bungoma', constituency: 'Mount Elgon' }).constituencyCode).toBe(constituency('Mt. Elgon'));
  });

  it('reads either order of a compound name (Soin/Sigowet) and either half (Chuka)', () => {
    expect(codesOf({ county: 'Kericho', constituency: 'Soin/Sigowet' }).constituencyCode).toBe(constituency('Sigowet/Soin'));
    expect(codesOf({ county: 'Tharaka-Nithi', constituency: 'Chuka' }).constituencyCode).toBe(constituency("Chuka/Igambang'ombe"));
  });
});

describe('ward spellings', () => {
  it('reads either half of a compound ward name: Parklands for Parklands/Highridge, Maji Mazuri for Mumberes/Maji mazuri', () => {
    expect(codesOf({ county: 'Nairobi', constituency: 'Westlands', ward: 'Parklands' }).wardCode).toBe(ward('Parklands/Highridge', 'Westlands'));
    expect(codesOf({ county: 'Baringo', constituency: 'Eldama Ravine', ward: 'Maji Mazuri' }).wardCode).toBe(ward('Mumberes/Maji mazuri', 'Eldama Ravine'));
  });

  it('prefers the ward named exactly over the half of another: Lembus is Lembus, not Lembus/Perkerra', () => {
    expect(codesOf({ county: 'Baringo', constituency: 'Eldama Ravine', ward: 'Lembus' }).wardCode).toBe(ward('Lembus', 'Eldama Ravine'));
    expect(codesOf({ county: 'Baringo', constituency: 'Eldama Ravine', ward: 'Lembus/Perkerra' }).wardCode).toBe(ward('Lembus/Perkerra', 'Eldama Ravine'));
  });

  it('ignores case, a Ward suffix and stray spaces', () => {
    expect(codesOf({ county: 'Mombasa', constituency: 'Mvita', ward: ' TONONOKA Ward ' }).wardCode).toBe(ward('Tononoka', 'Mvita'));
  });

  it('tells apart wards whose names differ only in punctuation (Iriaini, Iria-ini)', () => {
    expect(codesOf({ county: 'Nyeri', ward: 'Iriaini' }).wardCode).toBe(ward('Iriaini', 'Mathira'));
    expect(codesOf({ county: 'Nyeri', ward: 'Iria-ini' }).wardCode).toBe(ward('Iria-ini', 'Othaya'));
  });
});

describe('misspellings', () => {
  it('corrects a close misspelling of exactly one unit', () => {
    expect(codesOf({ county: 'Kisumu', constituency: 'Kisumu Cental' }).constituencyCode).toBe(constituency('Kisumu Central'));
    expect(codesOf({ county: 'Turkana', constituency: 'Turkena West' }).constituencyCode).toBe(constituency('Turkana West'));
    expect(codesOf({ county: 'Marsabit', constituency: 'Nrth Horr' }).constituencyCode).toBe(constituency('North Horr'));
    expect(codesOf({ county: 'Uaasin Gishu' }).countyCode).toBe(county('Uasin Gishu'));
    expect(codesOf({ county: 'Transs Nzoia' }).countyCode).toBe(county('Trans Nzoia'));
  });

  it('corrects a ward misspelling once the constituency or county narrows the choice', () => {
    expect(codesOf({ county: 'Turkana', constituency: 'Turkana South', ward: 'Lbokat' }).wardCode).toBe(ward('Lobokat', 'Turkana South'));
  });

  it('never corrects one compass word into another: North Maragoli is not South Maragoli', () => {
    const resolution = resolve({ county: 'Vihiga', constituency: 'Vihiga', ward: 'North Maragoli' });
    expect(resolution.ok && resolution.codes.wardCode).toBeFalsy();
    expect(resolution.issues.map((issue) => issue.code)).toEqual(['INCONSISTENT_GEOGRAPHY']);
  });

  it('forgives a typo in a compass word itself (Embakasi Noth)', () => {
    expect(codesOf({ county: 'Nairobi', constituency: 'Embakasi Noth' }).constituencyCode).toBe(constituency('Embakasi North'));
  });

  it('does not correct a name that is as close to two units, and says which they are', () => {
    // "Ugenja" is one letter from both Ugenya and Ugunja.
    const resolution = resolve({ county: 'Siaya', constituency: 'Ugenja' });
    expect(resolution.ok && resolution.codes).toEqual({ countyCode: county('Siaya') });
    expect(resolution.issues.map((issue) => issue.code)).toEqual(['AMBIGUOUS_LOCATION']);
    expect(resolution.issues[0].message).toContain('Ugenya or Ugunja');
  });
});

describe('hierarchy consistency', () => {
  it('keeps a certain constituency and drops a ward that lies in another constituency of the county', () => {
    const input = { county: 'Nairobi', constituency: 'Westlands', ward: 'Kilimani' };
    expect(codesOf(input)).toEqual({ countyCode: county('Nairobi'), constituencyCode: constituency('Westlands') });
    const [issue] = resolve(input).issues;
    expect(issue).toMatchObject({ code: 'INCONSISTENT_GEOGRAPHY', severity: 'WARNING', field: 'ward', fileName: 'sample.json', pointer: '/data/7' });
    expect(issue.message).toContain('Dagoretti North');
  });

  it('drops a ward of another county and says where it lies', () => {
    const resolution = resolve({ county: 'Nairobi', constituency: 'Westlands', ward: 'Railways' });
    expect(resolution.ok && resolution.codes).toEqual({ countyCode: county('Nairobi'), constituencyCode: constituency('Westlands') });
    expect(resolution.issues[0].code).toBe('INCONSISTENT_GEOGRAPHY');
    expect(resolution.issues[0].message).toContain('Kisumu');
  });

  it('lets the ward decide the constituency when the constituency field holds a sub-county spanning several (Mutomo)', () => {
    expect(codesOf({ county: 'Kitui', constituency: 'Mutomo', ward: 'Athi' })).toEqual({
      countyCode: county('Kitui'), constituencyCode: constituency('Kitui South'), wardCode: ward('Athi', 'Kitui South'),
    });
  });

  it('lets the ward decide between the constituencies a partial name may mean (Mbeere, Suna)', () => {
    expect(codesOf({ county: 'Embu', constituency: 'Mbeere', ward: 'Mbeti South' }).constituencyCode).toBe(constituency('Mbeere South'));
    expect(codesOf({ county: 'Migori', constituency: 'Suna', ward: 'Wasimbete' }).constituencyCode).toBe(constituency('Suna West'));
  });

  it('reads the county’s own name in the constituency field as no constituency, and lets the ward decide', () => {
    expect(codesOf({ county: 'Samburu', constituency: 'Samburu', ward: 'Ndoto' }).constituencyCode).toBe(constituency('Samburu North'));
    expect(issueCodesOf({ county: 'Kitui', constituency: 'Kitui' })).toEqual(['UNRESOLVED_CONSTITUENCY']);
  });

  it('derives the constituency from a ward when the record gives none', () => {
    expect(codesOf({ county: 'Nairobi', ward: 'Kilimani' })).toEqual({
      countyCode: county('Nairobi'), constituencyCode: constituency('Dagoretti North'), wardCode: ward('Kilimani', 'Dagoretti North'),
    });
  });

  it('keeps the county and flags a constituency of another county', () => {
    expect(codesOf({ county: 'Nairobi', constituency: 'Kisumu Central' })).toEqual({ countyCode: county('Nairobi') });
    expect(issueCodesOf({ county: 'Nairobi', constituency: 'Kisumu Central' })).toEqual(['INCONSISTENT_GEOGRAPHY']);
  });
});

describe('ambiguity: the certain levels are kept, the rest left out with a warning, never guessed', () => {
  it('a partial constituency name shared by several (Igembe) keeps the county only', () => {
    const resolution = resolve({ county: 'Meru', constituency: 'Igembe' });
    expect(resolution.ok && resolution.codes).toEqual({ countyCode: county('Meru') });
    expect(resolution.issues).toHaveLength(1);
    expect(resolution.issues[0]).toMatchObject({ code: 'AMBIGUOUS_LOCATION', severity: 'WARNING', field: 'constituency' });
    expect(resolution.issues[0].message).toMatch(/Igembe Central, Igembe North or Igembe South/);
  });

  it('a ward name found in two constituencies of the county (Biashara, Nakuru) keeps the county only', () => {
    expect(codesOf({ county: 'Nakuru', ward: 'Biashara' })).toEqual({ countyCode: county('Nakuru') });
    expect(issueCodesOf({ county: 'Nakuru', ward: 'Biashara' })).toEqual(['AMBIGUOUS_LOCATION']);
  });

  it('a ward name shared by two wards of one constituency keeps that constituency (Saimo, Baringo North)', () => {
    expect(codesOf({ county: 'Baringo', ward: 'Saimo' })).toEqual({ countyCode: county('Baringo'), constituencyCode: constituency('Baringo North') });
  });

  it('an unknown constituency keeps the county and names the valid choices', () => {
    const resolution = resolve({ county: 'Lamu', constituency: 'Atlantis Central' });
    expect(resolution.ok && resolution.codes).toEqual({ countyCode: county('Lamu') });
    expect(resolution.issues[0].code).toBe('UNRESOLVED_CONSTITUENCY');
    expect(resolution.issues[0].message).toContain('Lamu East or Lamu West');
  });

  it('an unknown ward keeps the constituency', () => {
    expect(codesOf({ county: 'Kisumu', constituency: 'Kisumu Central', ward: 'Nowhere Estate' })).toEqual({
      countyCode: county('Kisumu'), constituencyCode: constituency('Kisumu Central'),
    });
    expect(issueCodesOf({ county: 'Kisumu', constituency: 'Kisumu Central', ward: 'Nowhere Estate' })).toEqual(['UNRESOLVED_WARD']);
  });

  it('a placeholder ward (N/A, -) is no ward, not an unknown one', () => {
    expect(resolve({ county: 'Kisumu', constituency: 'Kisumu Central', ward: 'N/A' }).issues).toEqual([]);
    expect(resolve({ county: 'Kisumu', constituency: 'Kisumu Central', ward: '-' }).issues).toEqual([]);
  });
});

describe('unknown or missing county: the record is rejected with a reason a person can act on', () => {
  it.each(['Kampala', 'Arusha', 'Atlantis', 'Kigali', 'Dar es Salaam', 'Juba', 'Addis Ababa', 'Gotham'])('%s is not a Kenyan county', (name) => {
    const resolution = resolve({ county: name, constituency: 'Central' });
    expect(resolution.ok).toBe(false);
    expect(resolution.issues).toHaveLength(1);
    expect(resolution.issues[0]).toMatchObject({ code: 'UNKNOWN_LOCATION', severity: 'ERROR', field: 'county', fileName: 'sample.json', pointer: '/data/7' });
    expect(resolution.issues[0].message).toContain(`"${name}" is not a Kenyan county`);
  });

  it('says what a constituency name in the county field is, and which county to write', () => {
    const resolution = resolve({ county: 'Thika Town' });
    expect(resolution.ok).toBe(false);
    expect(resolution.issues[0].message).toContain('put "Kiambu" in the county field');
  });

  it('rejects a record with no place at all', () => {
    expect(issueCodesOf({})).toEqual(['UNKNOWN_LOCATION']);
    expect(resolve({ county: '  ', text: '' }).ok).toBe(false);
  });
});

describe('a missing county is derived from a constituency or ward that identifies it', () => {
  it('from a constituency unique nationally', () => {
    expect(codesOf({ constituency: 'Kisumu Central', ward: 'Railways' })).toEqual({
      countyCode: county('Kisumu'), constituencyCode: constituency('Kisumu Central'), wardCode: ward('Railways', 'Kisumu Central'),
    });
  });

  it('from a partial constituency name whose candidates share a county (Igembe → Meru)', () => {
    expect(codesOf({ constituency: 'Igembe' })).toEqual({ countyCode: county('Meru') });
  });

  it('from a ward unique nationally', () => {
    expect(codesOf({ ward: 'Kilimani' }).countyCode).toBe(county('Nairobi'));
  });

  it('not from a ward name found in several counties (Township)', () => {
    expect(resolve({ ward: 'Township' }).ok).toBe(false);
  });
});

describe('free text "County, Constituency, Ward"', () => {
  it('is split on commas when the structured fields are absent', () => {
    expect(codesOf({ text: 'Mandera, Mandera South,  Elwak South' })).toEqual({
      countyCode: county('Mandera'), constituencyCode: constituency('Mandera South'), wardCode: ward('Elwak South', 'Mandera South'),
    });
    expect(codesOf({ text: 'Kiambu county,Githunguri,Githiga' }).wardCode).toBe(ward('Githiga', 'Githunguri'));
    expect(codesOf({ text: 'Nairobi, Dagoretti North' })).toEqual({ countyCode: county('Nairobi'), constituencyCode: constituency('Dagoretti North') });
  });

  it('keeps the position of an empty part: "Kisumu,, Railways" names a ward, not a constituency', () => {
    expect(codesOf({ text: 'Kisumu,, Railways' })).toEqual({
      countyCode: county('Kisumu'), constituencyCode: constituency('Kisumu Central'), wardCode: ward('Railways', 'Kisumu Central'),
    });
  });

  it('ignores a trailing "Kenya"', () => {
    expect(codesOf({ text: 'Kisumu, Kisumu Central, Railways, Kenya' }).wardCode).toBe(ward('Railways', 'Kisumu Central'));
  });

  it('is not read when structured fields are present', () => {
    expect(codesOf({ county: 'Nairobi', text: 'Kisumu, Kisumu Central' })).toEqual({ countyCode: county('Nairobi') });
  });

  it('names the text as the field an issue is about', () => {
    expect(resolve({ text: 'Meru, Igembe' }).issues[0].field).toBe('text');
  });
});

describe('caching', () => {
  it('gives one answer for every spelling of the same place, and quotes each record’s own spelling', () => {
    const local = createGeographyResolver(gazetteer);
    const first = local.resolve({ county: 'MERU COUNTY', constituency: 'IGEMBE' }, context);
    const second = local.resolve({ county: 'Meru', constituency: 'Igembe Sub County' }, { fileName: 'other.json', pointer: '/3' });
    expect(second.ok && second.codes).toEqual(first.ok && first.codes);
    expect(first.issues[0].message).toContain('"IGEMBE"');
    expect(second.issues[0].message).toContain('"Igembe Sub County"');
    expect(second.issues[0]).toMatchObject({ fileName: 'other.json', pointer: '/3' });
  });

  it('hands each caller its own codes object', () => {
    const first = codesOf({ county: 'Nairobi' });
    first.constituencyCode = '999';
    expect(codesOf({ county: 'Nairobi' })).toEqual({ countyCode: county('Nairobi') });
  });
});
