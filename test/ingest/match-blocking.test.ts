// Blocking: duplicates share a key, common words do not make keys, huge blocks are skipped,
// and the number of pairs compared grows linearly with the registry, never quadratically.
import { describe, expect, it } from 'vitest';
import { blockingKeys, queryKeys, skeleton, spellings } from '../../src/ingest/match/blocking.js';
import { createInMemoryMatchIndex } from '../../src/ingest/match/in-memory-index.js';
import { facilityFeatures, syntheticRegistry } from '../../bench/dedup/synthetic.js';
import { haversineKm, neighbourhoodCellKeys, ownCellKey } from '../../src/ingest/match/geo.js';

describe('blocking keys', () => {
  it('keys a facility by county and distinctive word, phone, e-mail, map cell and identifiers', () => {
    const keys = blockingKeys(
      facilityFeatures({
        name: 'Kapchemutwa Health Centre',
        county: '028',
        at: [0.6427, 35.9244],
        phones: ['0797 002 471', '1195'],
        emails: ['Info@Kapchemutwa.example.org'],
        identifiers: { mflCode: '46836' },
      }),
    );
    expect(keys).toEqual([
      ...spellings('kapchemutwa').map((form) => `n:028:${form}`),
      'p:+254797002471',
      'e:info@kapchemutwa.example.org',
      'id:mfl:46836',
      'g:128:7184',
    ]);
    // The skeleton, then the skeleton less one letter each: a dropped consonant keeps a key.
    expect(spellings('kapchemutwa')).toEqual(['kpchmtw', 'kchmtw', 'kphmtw', 'kpcmtw', 'kpchtw', 'kpchmw', 'kpchmt']);
    expect(spellings('boichora').some((form) => spellings('bogichora').includes(form))).toBe(true);
  });

  it('keys on common words only when a name has nothing else', () => {
    expect(blockingKeys(facilityFeatures({ name: "Kisumu Women's Rights Network", county: '042' }))).toEqual(['n:042:ksm']);
    expect(blockingKeys(facilityFeatures({ name: 'Gender Desk, Central Police Station', county: '001' }))).toEqual(['n:001:cntrl']);
    expect(blockingKeys(facilityFeatures({ name: 'County Referral Hospital', county: '001' }))).toEqual(['t:001:hospital']);
    expect(blockingKeys(facilityFeatures({ name: 'Kabani Health Centre', county: '001' }))).toEqual(['n:001:kbn']);
  });

  it('gives a misspelt word the same key (Sigowet / Sgowet)', () => {
    expect(skeleton('sigowet')).toBe(skeleton('sgowet'));
    const a = blockingKeys(facilityFeatures({ name: 'Sigowet P/Post', county: '035' }));
    const b = blockingKeys(facilityFeatures({ name: 'Sgowet Police Pst', county: '035' }));
    expect(a.filter((key) => b.includes(key))).toEqual(['n:035:sgwt']);
  });

  it('stores one map cell and looks up the nine around it', () => {
    const here = { latitude: -1.2605, longitude: 36.8648 };
    const f = facilityFeatures({ name: 'Ngei Dispensary', at: [here.latitude, here.longitude] });
    expect(blockingKeys(f).filter((key) => key.startsWith('g:'))).toEqual([ownCellKey(here)]);
    const looked = queryKeys(f).filter((key) => key.startsWith('g:'));
    expect(looked).toHaveLength(9);
    expect(looked).toEqual(neighbourhoodCellKeys(here));
    // A point 45 m away but across a cell border is still found through the neighbouring cell.
    const there = { latitude: -1.2605, longitude: 36.8652 };
    const across = facilityFeatures({ name: 'Another Name', at: [there.latitude, there.longitude] });
    expect(ownCellKey(there)).not.toBe(ownCellKey(here));
    expect(looked).toContain(ownCellKey(there));
    expect(blockingKeys(across)).toContain(ownCellKey(there));
    expect(haversineKm(here, there)).toBeLessThan(0.05);
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
  function compared(records: ReturnType<typeof syntheticRegistry>, blockCap?: number): number {
    const index = createInMemoryMatchIndex({ blockCap });
    let pairs = 0;
    for (const f of records) {
      pairs += index.candidates(f).length;
      index.add(f);
    }
    return pairs;
  }

  it('compares a number of pairs that grows linearly with the records, far below all pairs', () => {
    const small = compared(syntheticRegistry(5_000, 7));
    const large = compared(syntheticRegistry(10_000, 7));
    expect(large).toBeLessThan((10_000 * 9_999) / 2 / 500);
    expect(large / small).toBeGreaterThan(1.6);
    expect(large / small).toBeLessThan(2.4);
  });

  it('bounds the pairs per record by the cap when the same territory gets denser', () => {
    // Two hundred times the usual facilities per ward: without a cap every block would be ten times larger.
    const dense = syntheticRegistry(4_000, 3, { perWard: 2_000 });
    const capped = compared(dense, 10);
    const uncapped = compared(dense, Number.POSITIVE_INFINITY);
    expect(capped).toBeLessThan(uncapped / 2);
    // Each record looks up at most ~17 keys (7 name spellings, 1 phone, 9 cells); each block
    // it uses holds at most 10 facilities.
    expect(capped / dense.length).toBeLessThan(17 * 10);
  });
});
