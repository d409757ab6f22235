// Placement that reads administrative text as partners write it: English and Swahili wrappers
// around the name, former provinces, official county codes, wrong-code-page text and typos.
// Whatever the wrapping, a name resolves to itself; what stays ambiguous is left out, never guessed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import type { GeographyInput, GeographyResolution } from '../../src/ingest/geography/types.js';
import { cleanText } from '../../src/ingest/normalise/text.js';

/** PLACE_RUNS=30000 searches far more wrappers and typos than a normal run, when placement changes. */
const RUNS = Number(process.env.PLACE_RUNS ?? 0);
const gazetteer = kenyaGazetteer();
const resolver = createGeographyResolver(gazetteer);
const context = { fileName: 'partner.json', pointer: '/data/3' };
const resolve = (input: GeographyInput): GeographyResolution => resolver.resolve(input, context);
const countyCodeOf = (input: GeographyInput): string | undefined => {
  const resolution = resolve(input);
  return resolution.ok ? resolution.codes.countyCode : undefined;
};

const county = (name: string) => gazetteer.counties.find((unit) => unit.name === name)?.code;
const constituency = (name: string) => gazetteer.constituencies.find((unit) => unit.name === name)?.code;

/** Ways partners wrap a county name; `{}` is the name. */
const COUNTY_WRAPPERS = [
  '{} County', 'County of {}', 'County Government of {}', 'THE COUNTY GOVERNMENT OF {}', 'Kaunti ya {}',
  '{} City County', '{} county.', 'County: {}', '{} - County', '{} Cty', '{} (County)',
];
/** The former provinces, written before or after the county. */
const PROVINCE_WRAPPERS = ['Rift Valley Province, {}', '{} - Nyanza Province', 'Western/{}', 'Coast: {}', 'Mkoa wa Pwani, {}', 'North Eastern - {}'];
/** How the official code is written beside or instead of the name. */
const CODE_FORMS = ['{code}', '{code} - {}', '{} ({code})', '{} County [{code}]', 'County {code}'];
const CASES = [(text: string) => text, (text: string) => text.toUpperCase(), (text: string) => text.toLowerCase()];

describe('any county name in any wrapper resolves to itself', () => {
  it('English and Swahili wrappers, provinces and codes, in any case (property)', () => {
    const wrapper = fc.constantFrom(...COUNTY_WRAPPERS, ...PROVINCE_WRAPPERS, ...CODE_FORMS);
    fc.assert(
      fc.property(fc.constantFrom(...gazetteer.counties), wrapper, fc.constantFrom(...CASES), (unit, form, casing) => {
        const written = casing(form.replace('{}', unit.name).replace('{code}', unit.code));
        expect(countyCodeOf({ county: written }), written).toBe(unit.code);
      }),
      { numRuns: RUNS || 600 },
    );
  });

  it('a code without leading zeros, and a code written alone', () => {
    expect(countyCodeOf({ county: '47' })).toBe(county('Nairobi'));
    expect(countyCodeOf({ county: '1' })).toBe(county('Mombasa'));
    expect(countyCodeOf({ county: 'Nairobi - 47' })).toBe(county('Nairobi'));
  });

  it('a code that contradicts the name places nothing and says which counties are meant', () => {
    const resolution = resolve({ county: '001 - Nairobi' });
    expect(resolution.ok).toBe(false);
    expect(resolution.issues.map((issue) => issue.code)).toEqual(['UNKNOWN_LOCATION']);
  });

  it('a number that is no county code is not read as one', () => {
    expect(resolve({ county: '048' }).ok).toBe(false);
    expect(resolve({ county: '0' }).ok).toBe(false);
  });

  it('a bare province is no county', () => {
    expect(resolve({ county: 'Rift Valley Province' }).ok).toBe(false);
    expect(resolve({ county: 'Nyanza' }).ok).toBe(false);
  });
});

describe('wrappers of constituencies and wards', () => {
  it('reads Sub-County in its abbreviations, and Constituency / Jimbo la', () => {
    for (const written of ['Kibra Sub-County', 'Kibra S/C', 'Kibra S.C.', 'Kibra SC', 'Kibra Sub Cty', 'Kibra Constituency', 'Jimbo la Kibra']) {
      const resolution = resolve({ county: 'Nairobi', constituency: written });
      expect(resolution.ok && resolution.codes.constituencyCode, written).toBe(constituency('Kibra'));
    }
  });

  it('reads Ward / Wadi ya / Location around a ward name, and keeps connectives inside names', () => {
    const wardCode = (written: string, countyName = 'Mombasa') => {
      const resolution = resolve({ county: countyName, ward: written });
      return resolution.ok ? resolution.codes.wardCode : undefined;
    };
    const official = gazetteer.wards.find((unit) => unit.name.toLowerCase().startsWith('mjambere'));
    expect(official).toBeDefined();
    for (const written of ['Mjambere Ward', 'Wadi ya Mjambere', 'MJAMBERE LOCATION', 'Kata ya Mjambere']) {
      expect(wardCode(written), written).toBe(official?.code);
    }
    // `Shimo la Tewa` keeps its `la`; only a wrapper's connectives at the ends are dropped.
    const shimo = gazetteer.wards.find((unit) => unit.name === 'Shimo la tewa');
    expect(shimo).toBeDefined();
    for (const written of ['Shimo la Tewa', 'Wadi ya Shimo La Tewa', 'Shimo la Tewa Ward']) {
      expect(wardCode(written, 'Kilifi'), written).toBe(shimo?.code);
    }
  });
});

describe('encoding damage is repaired before places are read', () => {
  it('reads a county decoded with the wrong code page (Murang’a as Murangâ€™a)', () => {
    const damaged = new TextDecoder('windows-1252').decode(new TextEncoder().encode('Murang’a County'));
    expect(damaged).not.toBe('Murang’a County');
    expect(countyCodeOf({ county: cleanText(damaged) })).toBe(county("Murang'a"));
    expect(countyCodeOf({ county: damaged })).toBe(county("Murang'a"));
  });

  it('reads HTML entities and a byte-order mark', () => {
    expect(countyCodeOf({ county: cleanText('\uFEFFMurang&rsquo;a') })).toBe(county("Murang'a"));
    expect(countyCodeOf({ county: cleanText('Murang&#8217;a') })).toBe(county("Murang'a"));
  });
});

describe('typos: corrected only with a margin over every other candidate', () => {
  it('corrects one transposition or one or two wrong letters in a county name', () => {
    for (const [written, name] of [['Nairboi', 'Nairobi'], ['Kakamgea', 'Kakamega'], ['Mombsaa', 'Mombasa'], ['Turkanna', 'Turkana'], ['Kirinyagga', 'Kirinyaga'], ['Marsabti County', 'Marsabit']]) {
      expect(countyCodeOf({ county: written }), written).toBe(county(name));
    }
  });

  it('places nothing when a typo is as close to two counties (Kitii: Kisii or Kitui?)', () => {
    const resolution = resolve({ county: 'Kitii' });
    expect(resolution.ok).toBe(false);
    expect(resolution.issues[0]?.message).toMatch(/Kisii|Kitui/);
  });

  it('never places a ward a typo could equally mean, across every county (property)', () => {
    // Any one-letter change of a ward name, read within its county: either the ward itself or no ward.
    fc.assert(
      fc.property(fc.constantFrom(...gazetteer.wards), fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), (ward, at, letter) => {
        const name = ward.name;
        const position = at % name.length;
        const typo = name.slice(0, position) + letter + name.slice(position + 1);
        const countyName = gazetteer.counties.find((unit) => unit.code === ward.countyCode)?.name;
        const resolution = resolve({ county: countyName, ward: typo });
        expect(resolution.ok).toBe(true);
        if (!resolution.ok || resolution.codes.wardCode === undefined) return;
        const placed = gazetteer.wards.find((unit) => unit.code === resolution.codes.wardCode);
        // Another ward may carry the typo as its own name; then that ward is right to be found.
        const typoIsItsName = placed?.name.toLowerCase().replace(/[^a-z]/g, '') === typo.toLowerCase().replace(/[^a-z]/g, '');
        if (!typoIsItsName) expect(resolution.codes.wardCode, `${name} → ${typo}`).toBe(ward.code);
      }),
      { numRuns: RUNS || 1500 },
    );
  });
});

describe('a missing county is inferred only from a unit unique nationally', () => {
  it('a placeholder county and a wrapped constituency unique in Kenya', () => {
    const resolution = resolve({ county: 'N/A', constituency: 'Jimbo la Kibra' });
    expect(resolution.ok && resolution.codes.countyCode).toBe(county('Nairobi'));
  });
});

describe('a county typo close to two counties is settled by a constituency unique to one of them', () => {
  it('Kiisi (Kisii or Kitui?) with Bobasi is Kisii; Kiuti with Mwingi West is Kitui; alone, neither', () => {
    expect(countyCodeOf({ county: 'KIISI COUNTY', constituency: 'Bobasi Sub County' })).toBe(county('Kisii'));
    expect(countyCodeOf({ county: 'Rift Valley Province, Kiuti', constituency: 'MWINGI WEST S/C' })).toBe(county('Kitui'));
    expect(resolve({ county: 'Kiisi' }).ok).toBe(false);
  });
});
