// Blocking: duplicates share a key, common words do not make keys, huge blocks are skipped,
// and the number of pairs compared grows linearly with the registry, never quadratically.
import { describe, expect, it } from 'vitest';
import { blockingKeys, queryKeys, skeleton, spellings } from '../../src/ingest/match/blocking.js';
import { decide } from '../../src/ingest/match/decide.js';
import { scorePair } from '../../src/ingest/match/score.js';
import { createInMemoryMatchIndex } from '../../src/ingest/match/in-memory-index.js';
import { facilityFeatures, syntheticRegistry } from '../../bench/dedup/synthetic.js';

/** Acronym keys (`xi:`, `ac:`) are specified in match-languages.test.ts; here, the others. */
const withoutAcronymKeys = (keys: string[]) => keys.filter((key) => !/^(xi|ac):/.test(key));

describe('blocking keys', () => {
  it('keys a facility by county and distinctive word, phone, e-mail and identifiers', () => {
    const keys = withoutAcronymKeys(blockingKeys(
      facilityFeatures({
        name: 'Kapchemutwa Health Centre',
        county: '028',
        at: [0.6427, 35.9244],
        phones: ['0797 002 471', '1195'],
        emails: ['Info@Kapchemutwa.example.org'],
        identifiers: { mflCode: '46836' },
      }),
    ));
    expect(keys).toEqual([
      ...spellings('kapchemutwa').map((form) => `n:028:${form}`),
      'p:+254797002471',
      'e:info@kapchemutwa.example.org',
      'id:mfl:46836',
    ]);
    // The skeleton, then the skeleton less one letter each: a dropped consonant keeps a key.
    expect(spellings('kapchemutwa')).toEqual(['kpchmtw', 'pchmtw', 'kchmtw', 'kphmtw', 'kpcmtw', 'kpchtw', 'kpchmw', 'kpchmt']);
    expect(spellings('boichora').some((form) => spellings('bogichora').includes(form))).toBe(true);
  });

  it('keys on common words only when a name has nothing else', () => {
    const keys = (name: string, county: string) => withoutAcronymKeys(blockingKeys(facilityFeatures({ name, county })));
    expect(keys("Kisumu Women's Rights Network", '042')).toEqual(['n:042:ksm']);
    expect(keys('Gender Desk, Central Police Station', '001')).toEqual(['n:001:cntrl']);
    expect(keys('County Referral Hospital', '001')).toEqual(['t:001:hospital']);
    expect(keys('Kabani Health Centre', '001')).toEqual(['n:001:kbn']);
  });

  it('gives a misspelt word the same key (Sigowet / Sgowet)', () => {
    expect(skeleton('sigowet')).toBe(skeleton('sgowet'));
    const a = withoutAcronymKeys(blockingKeys(facilityFeatures({ name: 'Sigowet P/Post', county: '035' })));
    const b = withoutAcronymKeys(blockingKeys(facilityFeatures({ name: 'Sgowet Police Pst', county: '035' })));
    expect(a.filter((key) => b.includes(key))).toEqual(['n:035:sgwt']);
  });

  it('gives a word misspelt or cut in its first letter a key in common (Kapchemutwa / Capchemutwa / Apchemutwa)', () => {
    const keys = ['Kapchemutwa Health Centre', 'Capchemutwa H/C', 'Apchemutwa Health Center'].map((name) => blockingKeys(facilityFeatures({ name, county: '028' })));
    expect(keys[0].filter((key) => keys[1].includes(key) && keys[2].includes(key))).toEqual(['n:028:pchmtw']);
  });

  it('looks a record up under the keys it is stored under (acronym keys look for the other side): position is not a key', () => {
    const f = facilityFeatures({ name: 'Ngei Dispensary', at: [-1.2605, 36.8648], phones: ['0722 000 111'] });
    expect(withoutAcronymKeys(queryKeys(f))).toEqual(withoutAcronymKeys(blockingKeys(f)));
    expect(blockingKeys(f).some((key) => key.startsWith('g:'))).toBe(false);
  });

  it('loses nothing by not keying on position: names sharing no key are no duplicate on place alone', () => {
    // The most a place can say: same ward, same type, 20 m apart, and nothing against the pair.
    const here = facilityFeatures({ id: 'a', name: 'Ngei Dispensary', county: '047', ward: '1371', constituency: '275', at: [-1.2605, 36.8648] });
    for (const name of ['Kenyatta Dispensary', 'Riruta Health Centre Dispensary', 'Mbagathi Dispensary']) {
      const there = facilityFeatures({ id: 'b', name, county: '047', ward: '1371', constituency: '275', at: [-1.2606, 36.8649] });
      expect(blockingKeys(here).filter((key) => blockingKeys(there).includes(key))).toEqual([]);
      expect(decide(scorePair(here, there)), name).toBe('distinct');
    }
  });
});

describe('in-memory index', () => {
  it('returns earlier facilities sharing a key, never the record itself', () => {
    const index = createInMemoryMatchIndex();
    const hc = facilityFeatures({ id: 'hc', name: 'Kapchemutwa Health Centre', county: '028' });
    const other = facilityFeatures({ id: 'other', name: 'Kabani Dispensary', county: '028' });
    const phoneTwin = facilityFeatures({ id: 'phone', name: 'Totally Different', county: '001', phones: ['0722 000 111'] });
    index.add(hc);
    index.add(other);
    index.add(phoneTwin);
    const record = facilityFeatures({ id: 'hc', name: 'KAPCHEMUTWA H/C', county: '028', phones: ['+254722000111'] });
    expect(index.candidates(record).map((f) => f.id)).toEqual(['phone']);
    const fresh = { ...record, id: 'new' };
    expect(index.candidates(fresh).map((f) => f.id)).toEqual(['hc', 'phone']);
    expect(index.size).toBe(3);
  });

  it('skips and reports blocks larger than the cap', () => {
    const index = createInMemoryMatchIndex({ blockCap: 3 });
    for (let i = 0; i < 5; i++) index.add(facilityFeatures({ id: `t${i}`, name: `Tumaini Safe Haven ${['Kabani', 'Lolo', 'Maseno', 'Rongo', 'Suba'][i]}`, county: '043' }));
    const record = facilityFeatures({ id: 'r', name: 'Tumaini Safe Haven Suba', county: '043' });
    expect(index.candidates(record).map((f) => f.id)).toEqual(['t4']);
    expect(index.skippedBlocks()).toEqual([{ key: 'n:043:tmn', size: 5 }]);
  });
});

describe('growth', () => {
  /** Candidates of each record, in order, as the importer looks them up. */
  function candidatesPerRecord(records: ReturnType<typeof syntheticRegistry>, blockCap?: number): number[] {
    const index = createInMemoryMatchIndex({ blockCap });
    return records.map((f) => {
      const found = index.candidates(f).length;
      index.add(f);
      return found;
    });
  }
  const sum = (list: number[]) => list.reduce((total, n) => total + n, 0);

  it('compares a small fraction of all pairs', () => {
    const records = syntheticRegistry(10_000, 7);
    expect(sum(candidatesPerRecord(records))).toBeLessThan((10_000 * 9_999) / 2 / 500);
  });

  it('bounds each record’s candidates by its keys times the cap, however dense the county', () => {
    // Two hundred times the usual facilities per ward, in two counties, with one brand word
    // on every other name: without a cap the brand's block alone would hold 2,000 facilities.
    const dense = syntheticRegistry(4_000, 3, { perWard: 2_000 }).map((f, i) =>
      i % 2 ? f : { ...f, name: `Tumaini ${f.name}`, searchName: `tumaini ${f.searchName}` },
    );
    const capped = candidatesPerRecord(dense, 10);
    const uncapped = candidatesPerRecord(dense, Number.POSITIVE_INFINITY);
    expect(sum(capped)).toBeLessThan(sum(uncapped) / 10);
    capped.forEach((found, i) => expect(found).toBeLessThanOrEqual(queryKeys(dense[i]).length * 10));
  });
});
