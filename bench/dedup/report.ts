// Human tables and the compact JSON figures of an evaluation.
import type { Evaluation, SweepResult } from './evaluation.js';
import { meetsTargets } from './evaluation.js';
import type { LabelledDelivery } from './labelled-records.js';

const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)} %`;
const fixed = (value: number, digits = 4) => Number(value.toFixed(digits));

/** The figures that go into the JSON line and the README. */
export function summary(e: Evaluation) {
  const m = e.metrics;
  return {
    records: e.matchedRecords,
    lostRecords: e.lostRecords,
    truePairs: m.truePairs,
    mergedPairs: m.mergedPairs,
    mergePrecision: fixed(m.mergePrecision),
    mergeRecall: fixed(m.mergeRecall),
    mergeOrReviewRecall: fixed(m.mergeOrReviewRecall),
    reviewQueue: m.reviewLinks,
    reviewRate: fixed(m.reviewRate),
    usefulReviews: m.usefulReviewLinks,
    nearMissPairs: m.nearMissPairs,
    nearMissMerged: m.nearMissMerged,
    nearMissReviewed: m.nearMissReviewed,
    pairsCompared: e.pairsCompared,
    pairsPerRecord: fixed(e.pairsPerRecord, 2),
    matchingMs: Math.round(e.matchingMilliseconds),
    matchingCpuMs: Math.round(e.matchingCpuMilliseconds),
    cpuMicrosecondsPerRecord: fixed(e.microsecondsPerRecord, 1),
    identifierMerges: e.identifierMerges,
    skippedBlocks: e.skippedBlocks,
  };
}

export function printEvaluation(title: string, e: Evaluation, delivery: LabelledDelivery): void {
  const m = e.metrics;
  const rows: Array<[string, string]> = [
    ['thresholds', `merge ≥ ${e.thresholds.autoMerge}, review ≥ ${e.thresholds.review}`],
    ['records matched', `${e.matchedRecords} (${m.records} labelled; ${e.lostRecords} expected records rejected by the pipeline)`],
    ['broken files', delivery.brokenFiles.length === 0 ? 'none' : delivery.brokenFiles.join(', ')],
    ['duplicate pairs (truth)', String(m.truePairs)],
    ['automatic merges (pairs)', `${m.mergedPairs} (${m.correctMerges} right; ${e.identifierMerges} records merged on a shared code)`],
    ['merge precision', percent(m.mergePrecision)],
    ['merge recall', percent(m.mergeRecall)],
    ['merge + review recall', percent(m.mergeOrReviewRecall)],
    ['review queue', `${m.reviewLinks} candidates = ${percent(m.reviewRate)} of records (${m.usefulReviewLinks} real duplicates)`],
    ['near-miss pairs', `${m.nearMissPairs}: ${m.nearMissMerged} wrongly merged, ${m.nearMissReviewed} sent to review`],
    ['pairs compared', `${e.pairsCompared} = ${e.pairsPerRecord.toFixed(2)} per record`],
    ['blocks skipped (over cap)', `${e.skippedBlocks}${e.largestSkippedBlocks.length ? ` e.g. ${e.largestSkippedBlocks.map((b) => `${b.key} (${b.size})`).join(', ')}` : ''}`],
    ['matching time', `${e.matchingCpuMilliseconds.toFixed(0)} ms CPU = ${e.microsecondsPerRecord.toFixed(1)} µs per record (${e.matchingMilliseconds.toFixed(0)} ms wall)`],
    ['targets met', meetsTargets(m) ? 'yes' : 'NO'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

export function printViewComparison(members: Evaluation, first: Evaluation): void {
  console.log('\nCompared with every record of a cluster vs with its first record only');
  for (const e of [members, first]) {
    const m = e.metrics;
    console.log(
      `  ${e.view.padEnd(8)} precision ${percent(m.mergePrecision)}, merge recall ${percent(m.mergeRecall)}, ` +
        `merge + review recall ${percent(m.mergeOrReviewRecall)}, queue ${m.reviewLinks} (${percent(m.reviewRate)})`,
    );
  }
}

export function printScaling(n: Evaluation, doubled: Evaluation): void {
  console.log('\nGrowth from N to 2N');
  const ratio = (a: number, b: number) => (a === 0 ? '-' : (b / a).toFixed(2));
  console.log(`  records         ${n.matchedRecords} → ${doubled.matchedRecords} (×${ratio(n.matchedRecords, doubled.matchedRecords)})`);
  console.log(`  pairs compared  ${n.pairsCompared} → ${doubled.pairsCompared} (×${ratio(n.pairsCompared, doubled.pairsCompared)})`);
  console.log(`  matching CPU    ${n.matchingCpuMilliseconds.toFixed(0)} ms → ${doubled.matchingCpuMilliseconds.toFixed(0)} ms (×${ratio(n.matchingCpuMilliseconds, doubled.matchingCpuMilliseconds)})`);
  console.log(`  matching wall   ${n.matchingMilliseconds.toFixed(0)} ms → ${doubled.matchingMilliseconds.toFixed(0)} ms (×${ratio(n.matchingMilliseconds, doubled.matchingMilliseconds)})`);
}

export function printSweep(sweep: SweepResult): void {
  console.log('\nThreshold sweep (✓ = meets every target)');
  console.log('  merge≥  review≥  precision  merge rec.  +review rec.  queue');
  for (const row of sweep.rows) {
    const m = row.metrics;
    console.log(
      `  ${row.thresholds.autoMerge.toFixed(2).padStart(6)}  ${row.thresholds.review.toFixed(2).padStart(7)}  ` +
        `${percent(m.mergePrecision).padStart(9)}  ${percent(m.mergeRecall).padStart(10)}  ` +
        `${percent(m.mergeOrReviewRecall).padStart(12)}  ${percent(m.reviewRate).padStart(7)} ${meetsTargets(m) ? '✓' : ''}`,
    );
  }
  const best = sweep.best;
  console.log(
    best
      ? `  most automatic merges within the targets: merge ≥ ${best.thresholds.autoMerge}, review ≥ ${best.thresholds.review}`
      : '  no threshold pair meets every target',
  );
}
