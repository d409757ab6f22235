// Service names as partners write them, beyond the samples: Swahili, abbreviations, misspellings,
// plurals and tails, several services in one string. The names come from the reviewed data file;
// the properties say how any of them may be written.
import fc from 'fast-check';
import { testKeyed } from '../support/keyed.js';
import { describe, expect, it } from 'vitest';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import { mapServices } from '../../src/ingest/normalise/services.js';
import { processRecord } from '../../src/ingest/process-record.js';
import SYNONYMS from '../../src/ingest/services/synonyms.json' with { type: 'json' };
import { SERVICE_KEYS, type ServiceKey } from '../../src/ingest/services/taxonomy.js';
import { serviceLookupKey, SHIPPED_VOCABULARY } from '../../src/ingest/services/vocabulary.js';

type Names = { en: string[]; sw: string[]; abbreviations: string[] };
const names = SYNONYMS as unknown as Record<ServiceKey, Names>;
const all = SERVICE_KEYS.flatMap((key) => [...names[key].en, ...names[key].sw, ...names[key].abbreviations].map((name) => ({ key, name })));
const named = fc.constantFrom(...all);

describe('the reviewed vocabulary', () => {
  it.each(SERVICE_KEYS)('names %s in English and in Swahili', (key) => {
    expect(names[key].en.length).toBeGreaterThan(0);
    expect(names[key].sw.length).toBeGreaterThan(0);
    for (const name of names[key].sw) expect(mapServices([name]).services, name).toEqual([key]);
  });

  it('gives no name to two services, as names are compared', () => {
    const owners = new Map<string, ServiceKey>();
    for (const { key, name } of all) {
      const folded = serviceLookupKey(name);
      expect(owners.get(folded) ?? key, `"${name}"`).toBe(key);
      owners.set(folded, key);
    }
  });

  it.each([
    ['PRC', 'post_rape_care'], ['PEP', 'pep'], ['EC', 'emergency_contraception'], ['HTS/VCT', 'hiv_testing'],
    ['PSS', 'psychosocial_support'], ['CMR', 'post_rape_care'], ['P3', 'forensic_examination'],
  ])('reads the clinical abbreviation %s as %s', (abbreviation, key) => {
    expect(mapServices([abbreviation]).services).toEqual([key]);
  });
});

describe('any way a known name is written', () => {
  it('maps to its key in any case, with a plural, a "services"/"support" tail or a "huduma za" head', () => {
    const wrapped = fc.tuple(named, fc.constantFrom('', ' services', ' Services', ' support', ' SERVICES'), fc.constantFrom('', 'Huduma za '), fc.boolean());
    fc.assert(
      fc.property(wrapped, ([{ key, name }, tail, head, upper]) => {
        const written = `${head}${name}${tail}`;
        expect(mapServices([upper ? written.toUpperCase() : written]).services).toEqual([key]);
      }),
    );
  });

  it('maps a plural of a long word to the same key as the singular', () => {
    expect(mapServices(['Safe houses']).services).toEqual(['shelter']);
    expect(mapServices(['Legal aids']).services).toEqual(['legal_aid']);
    expect(mapServices(['Shelters']).services).toEqual(['shelter']);
  });

  it('splits names listed with any separator into each one’s key', () => {
    const listed = fc.tuple(fc.array(named, { minLength: 2, maxLength: 4 }), fc.constantFrom(', ', ';', ' / ', ' + ', ' | ', '\n', ' • ', ' - '));
    fc.assert(
      fc.property(listed, ([parts, separator]) => {
        const expected = SERVICE_KEYS.filter((key) => parts.some((p) => p.key === key));
        expect(mapServices([parts.map((p) => p.name).join(separator)]).services).toEqual(expected);
      }),
    );
  });

  it.each([
    ['Ushauri nasaha na Msaada wa kisheria', ['psychosocial_support', 'legal_aid']],
    ['PEP & EC', ['pep', 'emergency_contraception']],
    ['Counselling or legal aid', ['psychosocial_support', 'legal_aid']],
    ['HIV testing and counselling, Legal aid', ['hiv_testing', 'legal_aid']],
    ['Makazi salama na Ulinzi wa watoto', ['shelter', 'child_protection']],
  ])('splits "%s" at its conjunction, after trying it whole', (written, keys) => {
    expect(mapServices([written]).services).toEqual(keys);
  });
});

describe('misspellings', () => {
  it.each([
    ['Councelling', 'psychosocial_support'],
    ['Psychosocial suport', 'psychosocial_support'],
    ['Emergancy contraception', 'emergency_contraception'],
    ['Sheltre', 'shelter'],
    ['Post rape cAre serivces', 'post_rape_care'],
    ['Uzazi wa mpango wa dharula', 'emergency_contraception'],
  ])('reads "%s" as %s', (written, key) => {
    expect(mapServices([written]).services).toEqual([key]);
  });

  it('never turns a name with one typing slip into another service', () => {
    const longNames = all.filter(({ name }) => serviceLookupKey(name).length >= 6);
    const slip = fc.tuple(fc.constantFrom(...longNames), fc.nat(), fc.constantFrom('swap', 'drop', 'double', 'replace'), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'));
    fc.assert(
      fc.property(slip, ([{ key, name }, at, kind, letter]) => {
        const i = 1 + (at % (name.length - 2));
        const typed =
          kind === 'swap' ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)
          : kind === 'drop' ? name.slice(0, i) + name.slice(i + 1)
          : kind === 'double' ? name.slice(0, i) + name[i] + name.slice(i)
          : name.slice(0, i) + letter + name.slice(i + 1);
        const mapped = mapServices([typed]).services;
        // Either read right or reported unknown; never a different service.
        expect(mapped.filter((k) => k !== key)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps abbreviations exact: a two- or three-letter slip is not guessed', () => {
    expect(mapServices(['PEC']).unknown).toEqual(['PEC']);
    expect(mapServices(['PRX']).unknown).toEqual(['PRX']);
  });
});

describe('an unknown name', () => {
  it('is still reported, with the nearest keys suggested', () => {
    expect(mapServices(['Legal clinic']).unknown).toEqual(['Legal clinic']);
    expect(SHIPPED_VOCABULARY.nearest('Legal clinic')[0]).toBe('legal_aid');
    expect(mapServices(['Laboratory', 'Dental']).unknown).toEqual(['Laboratory', 'Dental']);
  });

  it("is named in the record's warning with the nearest keys, and the record keeps its known services", () => {
    const payload = { organization_name: 'Kibera Legal Centre', services: ['Legal clinic', 'Ushauri nasaha'], location: { county: 'Nairobi' } };
    const result = processRecord(
      { kind: 'category_A', fileName: 'category_A.json', pointer: '/organizations/0', payload, context: {} },
      { geography: createGeographyResolver(kenyaGazetteer()), keyed: testKeyed },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.record.services).toEqual(['psychosocial_support']);
    const warning = result.record.issues.find((issue) => issue.code === 'UNKNOWN_SERVICE');
    expect(warning?.message).toContain('"Legal clinic" (nearest: legal_aid');
  });
});
