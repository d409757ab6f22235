// How a place name is normalised for lookups: every spelling kind SOURCES.md lists must meet
// the official name at the same key.
import { describe, expect, it } from 'vitest';
import {
  isPlaceholderName,
  normalisePlaceName,
  placeKey,
  slashHalves,
  sortedWordsKey,
} from '../../src/geography/normalise-place.js';

const keyOf = (name: string) => placeKey(normalisePlaceName(name));

describe('normalisePlaceName', () => {
  it('lower-cases and collapses stray whitespace', () => {
    expect(normalisePlaceName('  NAIROBI   ')).toBe('nairobi');
    expect(normalisePlaceName('Kisumu   Central')).toBe('kisumu central');
  });

  it('drops apostrophes, straight or curly, so Murang’a, Murang\'a and Muranga agree', () => {
    expect(normalisePlaceName("Murang'a")).toBe('muranga');
    expect(normalisePlaceName('Murang’a')).toBe('muranga');
    expect(normalisePlaceName('Muranga')).toBe('muranga');
    expect(normalisePlaceName("Nyalenda 'a'")).toBe('nyalenda a');
  });

  it('removes accents', () => {
    expect(normalisePlaceName('Kisumú')).toBe('kisumu');
  });

  it('turns hyphens and other punctuation into spaces', () => {
    expect(normalisePlaceName('Taita-Taveta')).toBe('taita taveta');
    expect(normalisePlaceName('Trans-Nzoia')).toBe('trans nzoia');
    expect(normalisePlaceName('Mt. Elgon')).toBe('mount elgon');
  });

  it('drops the unit words partners append: County, Sub County, Sub-County, SubCounty, Constituency, Ward', () => {
    expect(normalisePlaceName('Uasin Gishu County')).toBe('uasin gishu');
    expect(normalisePlaceName('BARINGO COUNTY')).toBe('baringo');
    expect(normalisePlaceName('Chepalungu Sub County')).toBe('chepalungu');
    expect(normalisePlaceName('Westlands Sub-County')).toBe('westlands');
    expect(normalisePlaceName('Ruiru SubCounty')).toBe('ruiru');
    expect(normalisePlaceName('Kangundo Constituency')).toBe('kangundo');
    expect(normalisePlaceName('Tononoka Ward')).toBe('tononoka');
  });

  it('keeps a unit word that is the whole name', () => {
    expect(normalisePlaceName('County')).toBe('county');
  });

  it('keeps the slash of a compound name, without spaces around it', () => {
    expect(normalisePlaceName('Kabuoch South / Pala Ward')).toBe('kabuoch south/pala');
    expect(slashHalves(normalisePlaceName('Mumberes/Maji mazuri'))).toEqual(['mumberes', 'maji mazuri']);
    expect(slashHalves(normalisePlaceName('Kilimani'))).toEqual([]);
  });

  it('drops bracketed qualifiers', () => {
    expect(normalisePlaceName('Khalaba (Kanduyi)')).toBe('khalaba');
  });

  it('writes Roman numerals as digits, so Umoja II and Umoja 2 agree', () => {
    expect(normalisePlaceName('Umoja II')).toBe(normalisePlaceName('Umoja 2'));
    expect(normalisePlaceName('Wasweta I')).toBe('wasweta 1');
  });
});

describe('placeKey', () => {
  it('ignores spacing, so Homabay = Homa Bay and Elgeyo Marakwet = Elgeyo-Marakwet', () => {
    expect(keyOf('Homabay')).toBe(keyOf('Homa Bay'));
    expect(keyOf('Elgeyo Marakwet')).toBe(keyOf('Elgeyo-Marakwet'));
    expect(keyOf('Tharaka Nithi')).toBe(keyOf('Tharaka-Nithi'));
    expect(keyOf('Trans-Nzoia')).toBe(keyOf('Trans Nzoia'));
    expect(keyOf('Ol Jorok')).toBe(keyOf('Oljorok'));
  });
});

describe('sortedWordsKey', () => {
  it('ignores word order, so Imenti North = North Imenti and Soin/Sigowet = Sigowet/Soin', () => {
    expect(sortedWordsKey(normalisePlaceName('Imenti North'))).toBe(sortedWordsKey(normalisePlaceName('North Imenti')));
    expect(sortedWordsKey(normalisePlaceName('Soin/Sigowet'))).toBe(sortedWordsKey(normalisePlaceName('Sigowet/Soin')));
  });
});

describe('isPlaceholderName', () => {
  it.each(['', 'n/a', 'na', 'none', 'null', 'unknown', 'nil'])('treats %j as no value', (value) => {
    expect(isPlaceholderName(normalisePlaceName(value))).toBe(true);
  });

  it('treats a dash as no value', () => {
    expect(isPlaceholderName(normalisePlaceName(' - '))).toBe(true);
  });

  it('does not treat a real name as a placeholder', () => {
    expect(isPlaceholderName(normalisePlaceName('Nairobi'))).toBe(false);
  });
});
