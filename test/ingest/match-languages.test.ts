// Matching across languages and abbreviations: one facility written in Swahili and in English,
// or by its acronym and by its full name, is found and merged; near misses in either language
// (another level of facility in the same ward, a post against a station, a twin ward, a network
// against a forum) stay apart.
import { describe, expect, it } from 'vitest';
import { facilityFeatures, type FacilitySpec } from '../../bench/dedup/synthetic.js';
import { queryKeys, indexKeys } from '../../src/ingest/match/blocking.js';
import { DEFAULT_THRESHOLDS, decide } from '../../src/ingest/match/decide.js';
import { scorePair } from '../../src/ingest/match/score.js';

const place = { county: '028', constituency: '140', ward: '0700' } as const;

function pair(a: FacilitySpec, b: FacilitySpec) {
  const score = scorePair(facilityFeatures({ ...place, ...a }), facilityFeatures({ ...place, ...b }));
  return { ...score, decision: decide(score, DEFAULT_THRESHOLDS) };
}

describe('one facility in Swahili and in English', () => {
  it.each([
    ['Zahanati ya Ngei', 'Ngei Dispensary'],
    ['Kituo cha Afya Kapchemutwa', 'Kapchemutwa Health Centre'],
    ['Hospitali ya Rufaa ya Kaunti ya Kisii', 'Kisii County Referral Hospital'],
    ['Hospitali ya Kaunti Ndogo ya Sigowet', 'Sigowet Sub-County Hospital'],
    ['Kituo cha Polisi Sigowet', 'Sigowet Police Station'],
    ['Kliniki ya Tumaini', 'Tumaini Clinic'],
  ])('"%s" is "%s": the names compare as one, with no conflict', (swahili, english) => {
    const result = pair({ name: swahili, phones: ['0722 000 111'] }, { name: english, phones: ['+254722000111'] });
    expect(result.features.nameConflicts).toBeUndefined();
    expect(result.features.name).toBeGreaterThan(0.9);
    expect(result.decision).toBe('merge');
  });
});

describe('an acronym and its expansion', () => {
  const full = { name: 'Ashabito GBV Survivors Network', type: 'SUPPORT_ORGANISATION' as const };
  const acronym = { name: 'AGSN', type: 'SUPPORT_ORGANISATION' as const };

  it('meet in blocking without any contact in common', () => {
    const a = facilityFeatures({ ...place, ...acronym });
    const b = facilityFeatures({ ...place, ...full });
    expect(queryKeys(a).filter((key) => indexKeys(b).includes(key))).not.toEqual([]);
    expect(queryKeys(b).filter((key) => indexKeys(a).includes(key))).not.toEqual([]);
  });

  it('compare as one name, and merge with one more agreeing fact', () => {
    const result = pair({ ...acronym, emails: ['info@agsn.or.ke'] }, { ...full, emails: ['info@agsn.or.ke'] });
    expect(result.features.name).toBeGreaterThan(0.9);
    expect(result.decision).toBe('merge');
  });

  it('do not match a name whose initials differ ("… Forum")', () => {
    expect(pair(acronym, { ...full, name: 'Ashabito GBV Survivors Forum' }).decision).toBe('distinct');
  });
});

describe('near misses stay apart in either language', () => {
  it.each([
    ['Ngei Health Centre', 'Zahanati ya Ngei'],
    ['Kituo cha Afya Ngei', 'Ngei Dispensary'],
    ['Kituo cha Polisi Sigowet', 'Sigowet Police Post'],
    ['Kituo cha Polisi Elwak Kaskazini', 'Elwak South Police Station'],
    ['Hospitali ya Kaunti Ndogo ya Kisii', 'Kisii County Referral Hospital'],
    ['Ashabito GBV Survivors Network', 'Ashabito GBV Survivors Forum'],
  ])('"%s" and "%s" are never merged', (a, b) => {
    const type = /polisi|police/i.test(a) ? ('POLICE_STATION' as const) : undefined;
    expect(pair({ name: a, type }, { name: b, type }).decision).not.toBe('merge');
  });
});

describe('an exact shared facility phone or e-mail', () => {
  it('is strong evidence: a name written differently merges when the phone is the same', () => {
    const result = pair({ name: 'Tumaini Wanawake Centre', phones: ['0733 111 222'] }, { name: "Tumaini Women's Centre", phones: ['+254733111222'] });
    expect(result.decision).toBe('merge');
  });
});
