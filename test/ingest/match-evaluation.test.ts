// The evaluation machinery: pair metrics checked by hand on a tiny case, the importer-like
// replay (identifiers first, conflicting codes never merged, reviews linked), and the whole
// evaluation on the sample delivery with its hand-checked truth.
import { testKeyed } from '../support/keyed.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDelivery } from '../../bench/generator/generate.js';
import { evaluate } from '../../bench/dedup/evaluation.js';
import { readJson, readLabelledDelivery, type TruthEntity, type TruthRecord } from '../../bench/dedup/labelled-records.js';
import { pairMetrics } from '../../bench/dedup/metrics.js';
import { assignClusters, scoreCandidates } from '../../bench/dedup/run-matching.js';
import { facilityFeatures } from '../../bench/dedup/synthetic.js';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import { processRecord } from '../../src/ingest/process-record.js';

describe('pair metrics', () => {
  it('counts merged, correct and reviewed pairs as by hand', () => {
    // Entities: A = {r1, r2, r3}, B = {r4}, C = {r5, r6}  → true pairs: 3 (A) + 1 (C) = 4.
    // Clusters: {r1, r2}, {r3}, {r4, r5}, {r6}            → merged pairs: r1-r2 (right), r4-r5 (wrong).
    // Reviews: {r3} ↔ {r1, r2} finds r1-r3 and r2-r3; {r6} ↔ {r4, r5} finds r5-r6.
    const entityOf = new Map([['r1', 'A'], ['r2', 'A'], ['r3', 'A'], ['r4', 'B'], ['r5', 'C'], ['r6', 'C']]);
    const clusterOf = new Map([['r1', 'x'], ['r2', 'x'], ['r3', 'y'], ['r4', 'z'], ['r5', 'z'], ['r6', 'w']]);
    const metrics = pairMetrics({
      entityOf,
      clusterOf,
      reviewLinks: [['y', 'x'], ['w', 'z'], ['x', 'y'], ['w', 'w']],
      nearMissPairs: [['B', 'C'], ['A', 'B']],
    });
    expect(metrics).toEqual({
      records: 6,
      truePairs: 4,
      mergedPairs: 2,
      correctMerges: 1,
      mergePrecision: 0.5,
      mergeRecall: 0.25,
      foundPairs: 4,
      mergeOrReviewRecall: 1,
      reviewLinks: 2,
      usefulReviewLinks: 2,
      reviewRate: 2 / 6,
      nearMissPairs: 2,
      nearMissMerged: 1,
      nearMissReviewed: 0,
    });
  });

  it('reports perfect scores when there is nothing to find and nothing merged', () => {
    const metrics = pairMetrics({ entityOf: new Map([['r1', 'A']]), clusterOf: new Map([['r1', 'x']]), reviewLinks: [] });
    expect(metrics.mergePrecision).toBe(1);
    expect(metrics.mergeRecall).toBe(1);
    expect(metrics.reviewRate).toBe(0);
  });
});

describe('importer-like replay', () => {
  const ward = { county: '028', constituency: '140', ward: '0700' } as const;
  const records = [
    facilityFeatures({ id: 'hc', name: 'Kapchemutwa Health Centre', ...ward, phones: ['0797 002 471'], identifiers: { mflCode: '46836' } }),
    facilityFeatures({ id: 'disp', name: 'Kapchemutwa Dispensary', ...ward, phones: ['0793 007 286'] }),
    facilityFeatures({ id: 'hc-code', name: 'Some Other Name', county: '028', identifiers: { mflCode: '46836' } }),
    facilityFeatures({ id: 'hc-abbr', name: 'KAPCHEMUTWA H/C', ...ward, phones: ['+254797002471'] }),
    facilityFeatures({ id: 'hc-conflict', name: 'Kapchemutwa Health Centre', ...ward, phones: ['0797 002 471'], identifiers: { mflCode: '99999' } }),
    facilityFeatures({ id: 'hc-name-only', name: 'Kapchemutwa HC', county: '028' }),
  ];

  it('merges on a shared code first, then on score; sends conflicting codes and thin evidence to review', () => {
    const scores = scoreCandidates(records);
    const result = assignClusters(records, scores, { autoMerge: 0.9, review: 0.3 });
    const [hc, disp, hcCode, hcAbbr, hcConflict, hcNameOnly] = result.clusterOf;
    expect(hcCode).toBe(hc);
    expect(hcAbbr).toBe(hc);
    expect(disp).not.toBe(hc);
    // Scores like the health centre itself, but its MFL code differs: a person decides.
    expect(hcConflict).not.toBe(hc);
    // The same name in the same county and nothing else to go on: review, not merge.
    expect(hcNameOnly).not.toBe(hc);
    expect(result.reviewLinks).toEqual([
      [hcConflict, hc],
      [hcNameOnly, hc],
    ]);
    expect(result.identifierMerges).toBe(1);
    expect(result.decisions).toEqual({ merge: 2, review: 2, distinct: 2 });
    expect(scores.compared).toBeLessThan((records.length * (records.length - 1)) / 2 + 1);
  });
});

describe('evaluation on labelled deliveries', () => {
  const geography = createGeographyResolver(kenyaGazetteer());
  const process = (raw: Parameters<typeof processRecord>[0]) => processRecord(raw, { keyed: testKeyed, geography });

  it('meets the targets on a small generated delivery', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gvrc-match-eval-'));
    try {
      const generated = await generateDelivery({ seed: 5, records: 1000, format: 'json', outDir: dir, inMemory: true });
      const delivery = await readLabelledDelivery(dir, generated.truth, process);
      const result = evaluate(delivery, { autoMerge: 0.9, review: 0.3 });
      expect(result.metrics.truePairs).toBeGreaterThan(80);
      expect(result.metrics.mergePrecision).toBeGreaterThanOrEqual(0.995);
      expect(result.metrics.mergeOrReviewRecall).toBeGreaterThanOrEqual(0.97);
      expect(result.metrics.reviewRate).toBeLessThan(0.05);
      expect(result.metrics.nearMissMerged).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('merges the sample duplicates and keeps its near misses apart', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const truth = await readJson<TruthRecord[]>(path.join(root, 'test/fixtures/truth/truth.json'));
    const entities = await readJson<TruthEntity[]>(path.join(root, 'test/fixtures/truth/entities.json'));
    const delivery = await readLabelledDelivery(path.join(root, 'data/samples'), truth, process, entities);
    const result = evaluate(delivery, { autoMerge: 0.9, review: 0.3 });
    expect(result.metrics.truePairs).toBe(24);
    expect(result.metrics.nearMissPairs).toBe(6);
    expect(result.metrics.mergePrecision).toBeGreaterThanOrEqual(0.995);
    expect(result.metrics.mergeOrReviewRecall).toBeGreaterThanOrEqual(0.95);
    expect(result.metrics.nearMissMerged).toBe(0);
    expect(result.pairsPerRecord).toBeLessThan(5);
  });
});
