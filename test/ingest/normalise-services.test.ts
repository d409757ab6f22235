import { describe, expect, it } from 'vitest';
import { mapServices } from '../../src/ingest/normalise/services.js';
import { SERVICE_KEYS, SERVICE_TAXONOMY } from '../../src/ingest/services/taxonomy.js';

describe('the service taxonomy', () => {
  it('has the keys the registry relies on, each with a label and synonyms', () => {
    expect(SERVICE_KEYS).toEqual(
      expect.arrayContaining([
        'medical_care', 'post_rape_care', 'pep', 'emergency_contraception', 'hiv_testing', 'psychosocial_support',
        'legal_aid', 'police_reporting', 'gender_desk', 'shelter', 'child_protection', 'forensic_examination',
        'hotline', 'economic_empowerment',
      ]),
    );
    for (const service of SERVICE_TAXONOMY) {
      expect(service.label).not.toBe('');
      expect(service.synonyms.length).toBeGreaterThan(0);
    }
  });

  it('gives no synonym to two services', () => {
    const owners = new Map<string, string>();
    for (const { key, synonyms } of SERVICE_TAXONOMY) {
      for (const synonym of synonyms) {
        const folded = synonym.toLowerCase();
        expect(owners.get(folded) ?? key, `"${synonym}"`).toBe(key);
        owners.set(folded, key);
      }
    }
  });
});

describe('mapping partner service names', () => {
  it.each([
    ['P.E.P', 'pep'],
    ['Post Exposure Prophylaxis (PEP)', 'pep'],
    ['post-exposure prophylaxis', 'pep'],
    ['Post Rape Care (PRC)', 'post_rape_care'],
    ['Post-Rape Care services', 'post_rape_care'],
    ['PRC', 'post_rape_care'],
    ['ECP', 'emergency_contraception'],
    ['Emergency contraceptive pill', 'emergency_contraception'],
    ['HTS', 'hiv_testing'],
    ['HIV Testing Services', 'hiv_testing'],
    ['Counseling', 'psychosocial_support'],
    ['Psycho-social support', 'psychosocial_support'],
    ['Trauma counselling', 'psychosocial_support'],
    ['Treatment of injuries', 'medical_care'],
    ['Clinical care', 'medical_care'],
    ['Evidence collection', 'forensic_examination'],
    ['Children services', 'child_protection'],
    ['Child welfare', 'child_protection'],
    ['Pro bono legal services', 'legal_aid'],
    ['Legal representation', 'legal_aid'],
    ['OB reporting', 'police_reporting'],
    ['Occurrence Book reporting', 'police_reporting'],
    ['Gender-based violence desk', 'gender_desk'],
    ['GBV desk', 'gender_desk'],
    ['Safe house', 'shelter'],
    ['Rescue centre', 'shelter'],
    ['Temporary shelter', 'shelter'],
    ['Toll-free line', 'hotline'],
    ['Helpline', 'hotline'],
    ['24/7 helpline', 'hotline'],
    ['Income generating activities', 'economic_empowerment'],
    ['Livelihood support', 'economic_empowerment'],
  ])('%s → %s, whatever the case and punctuation', (name, key) => {
    expect(mapServices([name]).services).toEqual([key]);
    expect(mapServices([name.toUpperCase()]).services).toEqual([key]);
  });

  it('splits names joined with ";", ",", "/" or "and"', () => {
    expect(mapServices(['Outpatient; Post-exposure prophylaxis; Treatment of injuries'])).toEqual({
      services: ['medical_care', 'pep'],
      unknown: ['Outpatient'],
    });
    expect(mapServices(['Legal advice, Counselling']).services).toEqual(['psychosocial_support', 'legal_aid']);
    expect(mapServices(['GBV desk / Police reporting']).services).toEqual(['police_reporting', 'gender_desk']);
    expect(mapServices(['Trauma counselling and Legal representation']).services).toEqual(['psychosocial_support', 'legal_aid']);
  });

  it('keeps a name that contains a joiner whole when the whole name is known', () => {
    expect(mapServices(['HIV testing and counselling']).services).toEqual(['hiv_testing']);
    expect(mapServices(['Gender & children desk']).services).toEqual(['gender_desk']);
  });

  it('does not split inside a bracketed gloss', () => {
    expect(mapServices(['Post Exposure Prophylaxis (PEP),ECP,Counselling']).services).toEqual([
      'pep',
      'emergency_contraception',
      'psychosocial_support',
    ]);
  });

  it('lists the unknown names, once each, as written', () => {
    expect(mapServices(['Laboratory', 'PEP', 'Dental', 'Laboratory'])).toEqual({ services: ['pep'], unknown: ['Laboratory', 'Dental'] });
  });

  it('deduplicates and orders keys as the taxonomy does', () => {
    expect(mapServices(['Counselling', 'PEP', 'P.E.P', 'Medical care', 'Counseling']).services).toEqual([
      'medical_care',
      'pep',
      'psychosocial_support',
    ]);
  });

  it('adds services a record states by a field (kps gender_desk)', () => {
    expect(mapServices([], ['gender_desk']).services).toEqual(['gender_desk']);
  });
});
