// Scoring specs: each way partners write one facility differently must still match, and each
// kind of look-alike that is really two facilities must stay apart, with the reason visible.
import { testKeyed } from '../support/keyed.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, decide, findBestMatch, preferredOnTie } from '../../src/ingest/match/decide.js';
import path from 'node:path';
import { readJson, readLabelledDelivery, type TruthRecord } from '../../bench/dedup/labelled-records.js';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import { processRecord } from '../../src/ingest/process-record.js';
import { pairScoreValue, pairScoreValueReaching, scorePair } from '../../src/ingest/match/score.js';
import { compareNames, analyseName, jaroWinkler, words } from '../../src/ingest/match/name-similarity.js';
import { facilityFeatures, type FacilitySpec } from '../../bench/dedup/synthetic.js';

const kapchemutwa = { county: '028', constituency: '140', ward: '0700' } as const;

function pair(a: FacilitySpec, b: FacilitySpec) {
  const score = scorePair(facilityFeatures(a), facilityFeatures(b));
  return { ...score, decision: decide(score, DEFAULT_THRESHOLDS) };
}

describe('duplicates: one facility written differently', () => {
  it('merges abbreviations (H/C, Disp., Hosp., P/Post) with the spelled-out name', () => {
    const variants: Array<[string, string]> = [
      ['Kapchemutwa H/C', 'Kapchemutwa Health Centre'],
      ['Kapchemutwa Disp.', 'Kapchemutwa Dispensary'],
      ['Kapchemutwa Sub-County Hosp', 'Kapchemutwa Sub County Hospital'],
      ['Sigowet P/Post', 'Sigowet Police Post'],
      ['Nanaam Police Stn.', 'Nanaam Police Station'],
    ];
    for (const [a, b] of variants) {
      const result = pair(
        { name: a, ...kapchemutwa, phones: ['0722 000 111'] },
        { name: b, ...kapchemutwa, phones: ['+254722000111'] },
      );
      expect(result.decision, `${a} / ${b}`).toBe('merge');
      expect(result.features.nameConflicts, `${a} / ${b}`).toBeUndefined();
    }
  });

  it('ignores capitals, stray whitespace, curly apostrophes and HTML entities', () => {
    const result = pair(
      { name: "  NAIROBI WOMEN’S HOSP.\t", ward: '1371', phones: ['020 2065568'] },
      { name: "Nairobi Women's Hospital", ward: '1371', phones: ['+254202065568'] },
    );
    expect(result.features.name).toBeGreaterThan(0.95);
    expect(result.decision).toBe('merge');
    expect(pair({ name: 'Moi Teaching &amp; Referral Hospital' }, { name: 'Moi Teaching and Referral Hospital' }).features.name).toBe(1);
  });

  it('matches a record with no codes to one that has them, on name, place and phone', () => {
    const result = pair(
      { name: 'Wasimbete Disp', ward: '1116', phones: ['0705 005 063'], identifiers: { mflCode: '70593' } },
      { name: 'WASIMBETE DISPENSARY', ward: '1116', phones: ['254-705-005063'] },
    );
    expect(result.features.sharedPhone).toBe(true);
    expect(result.features.conflictingIdentifier).toBeUndefined();
    expect(result.decision).toBe('merge');
  });

  it('treats phone formats alike once normalised, and ignores shared short codes', () => {
    const formats = ['0722 123 456', '+254722123456', '254-722-123456', '722123456'];
    for (const phone of formats) {
      expect(pair({ name: 'Barwago Police Station', type: 'POLICE_STATION', phones: [phone] }, {
        name: 'Barwago Police Station', type: 'POLICE_STATION', phones: ['0722123456'],
      }).features.sharedPhone, phone).toBe(true);
    }
    const hotlineOnly = pair(
      { name: 'Kabani Police Station', type: 'POLICE_STATION', phones: ['999'] },
      { name: 'Kalani Police Station', type: 'POLICE_STATION', phones: ['999'] },
    );
    expect(hotlineOnly.features.sharedPhone).toBe(false);
  });

  it('forgives prefixes, suffixes and notes partners add (GBVRC, Gender Desk, The, brackets)', () => {
    const variants: Array<[string, string, FacilitySpec['type']]> = [
      ['GBVRC Jamii Medical Centre Mfangano Island', 'Jamii Medical Centre Mfangano Island', 'HEALTH_FACILITY'],
      ['Gender Desk, Nanaam Police Stn.', 'NANAAM POLICE STATION', 'POLICE_STATION'],
      ['The Laikipia West GBV Survivors Net. (Salama)', 'Laikipia West GBV Survivors Network', 'SUPPORT_ORGANISATION'],
      ['Kenyatta National Hospital (PRC Unit) GBVRC', 'Kenyatta National Hospital', 'HEALTH_FACILITY'],
    ];
    for (const [a, b, type] of variants) {
      const result = pair({ name: a, type, ward: '0808', phones: ['0717 000 991'] }, { name: b, type, ward: '0808', phones: ['0717000991'] });
      expect(result.decision, `${a} / ${b}`).toBe('merge');
    }
  });

  it('tolerates a typo in the distinctive word', () => {
    const result = pair(
      { name: 'Sgowet Police Pst', type: 'POLICE_STATION', at: [-0.37997, 35.32265], phones: ['020 2062625'] },
      { name: 'Sigowet P/Post', type: 'POLICE_STATION', at: [-0.37997, 35.32265], phones: ['202062625'] },
    );
    expect(result.features.name).toBeGreaterThan(0.8);
    expect(result.decision).toBe('merge');
  });

  it('reads "County Hospital" as the county referral hospital and SCH as the sub-county hospital', () => {
    expect(pair({ name: 'Kisumu County Hospital', ...kapchemutwa }, { name: 'Kisumu County Referral Hospital', ...kapchemutwa }).features.nameConflicts).toBeUndefined();
    expect(pair({ name: 'Kisumu East SCH', ...kapchemutwa }, { name: 'Kisumu East Sub-County Hospital', ...kapchemutwa }).features.nameConflicts).toBeUndefined();
  });

  it('sends a name-only match with no contact in common to review or merge, never distinct', () => {
    const result = pair(
      { name: 'Kapchemutwa HC', county: '028', constituency: '140' },
      { name: 'Kapchemutwa Health Centre', ...kapchemutwa, phones: ['0797 002 471'] },
    );
    expect(result.decision).not.toBe('distinct');
  });
});

describe('near misses: two facilities that look alike', () => {
  it('keeps the county hospital and the sub-county hospital apart', () => {
    for (const [a, b] of [
      ['Kisumu County Hospital', 'Kisumu Sub-County Hospital'],
      ['Kisumu County Referral Hosp.', 'Kisumu Sub County Hosp'],
      ['Kisumu County Referral Hospital', 'Kisumu SCH'],
    ]) {
      const result = pair({ name: a, ...kapchemutwa }, { name: b, ...kapchemutwa });
      expect(result.decision, `${a} / ${b}`).toBe('distinct');
      expect(result.features.nameConflicts?.[0]).toMatchObject({ kind: 'scope', strength: 'strong' });
    }
  });

  it('keeps a health centre and a dispensary of the same place apart', () => {
    const result = pair(
      { name: 'Kapchemutwa Health Centre', ...kapchemutwa, at: [0.64, 35.92] },
      { name: 'Kapchemutwa Disp.', ...kapchemutwa, at: [0.641, 35.921] },
    );
    expect(result.decision).toBe('distinct');
    expect(result.features.nameConflicts).toEqual([{ kind: 'designator', description: 'health centre ≠ dispensary', strength: 'strong' }]);
    expect(result.features.evidence?.find((e) => e.feature === 'designatorConflict')?.logOdds).toBeLessThan(-4);
  });

  it('keeps two police stations of one ward apart', () => {
    const station = { type: 'POLICE_STATION', ward: '1234', constituency: '150' } as const;
    expect(pair({ name: 'Kabani Police Station', ...station }, { name: 'Kabani Police Post', ...station }).decision).toBe('distinct');
    expect(pair({ name: 'Kabani Police Station', ...station }, { name: 'Kabani Police Patrol Base', ...station }).decision).toBe('distinct');
    expect(pair({ name: 'Illeret Police Station', ...station }, { name: 'North Horr Police Station', ...station }).decision).toBe('distinct');
  });

  it('keeps neighbouring branches of one network apart', () => {
    const githurai = { name: 'Equity Afya Githurai', constituency: '280', ward: '1400', at: [-1.204, 36.912] as const };
    const kahawa = { name: 'Equity Afya Kahawa West', constituency: '280', ward: '1401', at: [-1.19, 36.92] as const };
    expect(pair(githurai, kahawa).decision).toBe('distinct');
    expect(pair({ ...githurai, name: 'Equity Afya Isukha West' }, { ...kahawa, name: 'Equity Afya Isukha North' }).decision).toBe('distinct');
  });

  it('keeps two places of one brand apart, and a real institution apart from its branch', () => {
    expect(pair(
      { name: 'Neema Safe Haven Kabondo Kasipul', type: 'SHELTER', county: '043', constituency: '250', ward: '1250' },
      { name: 'Neema Safe Haven Mbita', type: 'SHELTER', county: '043', constituency: '251', ward: '1262' },
    ).decision).toBe('distinct');
    expect(pair(
      { name: "Nairobi Women's Hospital", county: '047', ward: '1371', at: [-1.3117, 36.8001], phones: ['020 2065568'] },
      { name: "Nairobi Women's Hospital Kitengela", county: '034', ward: '0590', at: [-1.4747, 36.9596], phones: ['0722 555 010'] },
    ).decision).toBe('distinct');
  });

  it("keeps a town's rescue centre apart from its children's rescue centre next door", () => {
    const result = pair(
      { name: 'Mjambere Rescue Centre', type: 'SHELTER', county: '001', constituency: '003', at: [-4.027, 39.682] },
      { name: "Mjambere Children's Rescue Centre", type: 'SHELTER', county: '001', constituency: '003', at: [-4.026, 39.682] },
    );
    expect(result.decision).not.toBe('merge');
    expect(result.features.unmatchedWords).toEqual(['childrens']);
    expect(result.features.nameConflicts?.[0]).toMatchObject({ kind: 'designator', strength: 'moderate' });
  });

  it('never merges a police station with a health facility of the same place', () => {
    const result = pair(
      { name: 'Kabani Police Station', type: 'POLICE_STATION', ward: '1234' },
      { name: 'Kabani Dispensary', type: 'HEALTH_FACILITY', ward: '1234' },
    );
    expect(result.features.type).toBe(0);
    expect(result.decision).toBe('distinct');
  });

  it('treats differing codes of the same kind as strong evidence of two facilities', () => {
    const result = pair(
      { name: 'Ngei Health Centre', ward: '1390', phones: ['0791 009 880'], identifiers: { mflCode: '67702' } },
      { name: 'Ngei Health Centre', ward: '1390', phones: ['0791 009 880'], identifiers: { mflCode: '67703' } },
    );
    expect(result.features.conflictingIdentifier).toBe('mflCode 67702 ≠ 67703');
    expect(result.decision).not.toBe('merge');
    // Codes of different kinds do not conflict: an MFL code and a branch code describe one clinic.
    expect(pair(
      { name: 'Equity Afya Mukaa', identifiers: { mflCode: '51110' } },
      { name: 'Equity Afya Mukaa', identifiers: { branchCode: 'EA-008' } },
    ).features.conflictingIdentifier).toBeUndefined();
  });
});

describe('decide and findBestMatch', () => {
  it('maps scores to decisions by the thresholds', () => {
    const thresholds = { autoMerge: 0.9, review: 0.4 };
    expect(decide(0.95, thresholds)).toBe('merge');
    expect(decide(0.9, thresholds)).toBe('merge');
    expect(decide(0.5, thresholds)).toBe('review');
    expect(decide(0.39, thresholds)).toBe('distinct');
  });

  it('merges on a shared identifier whatever the score', () => {
    const a = facilityFeatures({ name: 'EQUITY AFYA KAERIS', identifiers: { mflCode: '59029' } });
    const b = facilityFeatures({ name: 'Kaeris Medical Centre', county: '023', identifiers: { mflCode: '59029', branchCode: 'EA-009' } });
    const score = scorePair(a, b);
    expect(score.features.sharedIdentifier).toBe('mflCode 59029');
    expect(decide(score)).toBe('merge');
  });

  it('finds the duplicate among look-alikes and explains the choice', () => {
    const record = facilityFeatures({ name: 'Kapchemutwa HC', ...kapchemutwa, phones: ['0797 002 471'] });
    const dispensary = facilityFeatures({ name: 'Kapchemutwa Dispensary', ...kapchemutwa, phones: ['0793 007 286'] });
    const healthCentre = facilityFeatures({ name: 'Kapchemutwa Health Centre', ...kapchemutwa, phones: ['+254797002471'] });
    const police = facilityFeatures({ name: 'Kapchemutwa Police Station', type: 'POLICE_STATION', ...kapchemutwa });
    const best = findBestMatch(record, [dispensary, police, healthCentre, record]);
    expect(best?.candidate).toBe(healthCentre);
    expect(best?.decision).toBe('merge');
    expect(best?.compared).toBe(3);
    expect(best?.score.features.evidence?.map((e) => e.feature)).toEqual(
      expect.arrayContaining(['prior', 'name', 'sharedPhone', 'sameWard']),
    );
    expect(findBestMatch(record, [])).toBeUndefined();
  });

  it('sends a record to the same one of two equally scored candidates, whatever order they come in', () => {
    // Registry candidates arrive in the order of their random ids: a tie must not depend on it.
    const record = facilityFeatures({ name: 'Kapchemutwa Clinic', ...kapchemutwa });
    const east = facilityFeatures({ id: 'b-random', name: 'Kapchemutwa Clinic East', ...kapchemutwa });
    const west = facilityFeatures({ id: 'a-random', name: 'Kapchemutwa Clinic West', ...kapchemutwa });
    expect(scorePair(record, east).score).toBe(scorePair(record, west).score);
    expect(findBestMatch(record, [east, west])?.candidate).toBe(east);
    expect(findBestMatch(record, [west, east])?.candidate).toBe(east);
    expect(preferredOnTie(east, west)).toBe(true);
    expect(preferredOnTie(west, east)).toBe(false);
  });
});

describe('ranking without the evidence', () => {
  async function sampleFeatures() {
    const root = path.resolve(import.meta.dirname, '../..');
    const truth = await readJson<TruthRecord[]>(path.join(root, 'test/fixtures/truth/truth.json'));
    const geography = createGeographyResolver(kenyaGazetteer());
    const delivery = await readLabelledDelivery(path.join(root, 'data/samples'), truth, (raw) => processRecord(raw, { keyed: testKeyed, geography }));
    const records = delivery.records.map((r) => r.features);
    expect(records.length).toBeGreaterThan(200);
    return records;
  }

  it('gives every pair of the sample delivery the score the explained pair has', async () => {
    const records = await sampleFeatures();
    let conflicting = 0;
    for (const [i, a] of records.entries()) {
      for (const b of records.slice(i + 1)) {
        const explained = scorePair(a, b);
        expect(pairScoreValue(a, b), `${a.name} / ${b.name}`).toBe(explained.score);
        if (explained.features.nameConflicts) conflicting++;
      }
    }
    // The pairs include every kind of name conflict the lean path skips describing.
    expect(conflicting).toBeGreaterThan(1000);
  });

  it('leaves out only pairs that cannot reach the threshold, and scores the others exactly', async () => {
    const records = await sampleFeatures();
    for (const floor of [DEFAULT_THRESHOLDS.review, DEFAULT_THRESHOLDS.autoMerge]) {
      let left = 0;
      let reaching = 0;
      for (const [i, a] of records.entries()) {
        for (const b of records.slice(i + 1)) {
          const value = pairScoreValue(a, b);
          const bounded = pairScoreValueReaching(a, b, floor);
          if (bounded === undefined) {
            expect(value, `${a.name} / ${b.name}`).toBeLessThan(floor);
            left++;
          } else {
            expect(bounded, `${a.name} / ${b.name}`).toBe(value);
            if (value >= floor) reaching++;
          }
        }
      }
      // Most pairs of a delivery are hopeless, and the ones that matter are there to be kept.
      expect(left).toBeGreaterThan(records.length * 10);
      expect(reaching).toBeGreaterThan(10);
    }
  });

  it('leaves the descriptions out of a lean name comparison, and nothing else', () => {
    const a = analyseName('Isukha West Health Centre (County)', 'isukha west health centre county');
    const b = analyseName('Isukha North Dispensary, Sub-County', 'isukha north dispensary sub county');
    const explained = compareNames(a, b);
    const lean = compareNames(a, b, false);
    expect(explained.designatorConflict).toEqual({ description: 'health centre ≠ dispensary', strength: 'strong' });
    expect(explained.scopeConflict?.description).toBe('county ≠ sub-county');
    expect(explained.qualifierConflict?.description).toBe('west ≠ north');
    for (const conflict of ['designatorConflict', 'scopeConflict', 'qualifierConflict'] as const) {
      expect(lean[conflict]).toEqual({ description: '', strength: explained[conflict]?.strength });
    }
    expect({ ...lean, designatorConflict: 0, scopeConflict: 0, qualifierConflict: 0 }).toEqual({ ...explained, designatorConflict: 0, scopeConflict: 0, qualifierConflict: 0 });
  });
});

describe('name similarity', () => {
  it('weights common words down so the distinctive word decides', () => {
    const a = analyseName('Kapchemutwa Health Centre', 'kapchemutwa health centre');
    expect(a.distinctive).toEqual(['kapchemutwa']);
    expect(a.designators.map((d) => d.level)).toEqual(['health_centre']);
    const sameLevelOtherPlace = compareNames(a, analyseName('Kabani Health Centre', 'kabani health centre'));
    const samePlaceOtherLevel = compareNames(a, analyseName('Kapchemutwa Dispensary', 'kapchemutwa dispensary'));
    expect(sameLevelOtherPlace.similarity).toBeLessThan(0.4);
    expect(samePlaceOtherLevel.similarity).toBeGreaterThan(0.7);
    expect(samePlaceOtherLevel.designatorConflict?.strength).toBe('strong');
  });

  it('cuts a display name and its search name into the same words', () => {
    const expected = ['nairobi', 'womens', 'hospital', 'kitengela'];
    expect(words('  Nairobi Women’s  Hospital (Kitengela) ')).toEqual(expected);
    expect(words('nairobi  womens hospital kitengela ')).toEqual(expected);
  });

  it('reads a misspelt common word as the word, every time the name is analysed', () => {
    for (let i = 0; i < 2; i++) {
      const profile = analyseName('Kabani Heaalth Centre', 'kabani heaalth centre');
      expect(profile.tokens.map((t) => t.token)).toEqual(['kabani', 'health', 'centre']);
      expect(profile.designators.map((d) => d.level)).toEqual(['health_centre']);
    }
  });

  it('computes Jaro-Winkler as usually defined', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });
});
