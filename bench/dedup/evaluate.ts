// The labelled deduplication benchmark.
//
//   npx tsx bench/dedup/evaluate.ts --records 20000 --seed 1 [--mess mild|heavy|clean]
//       [--format json|ndjson] [--sweep] [--no-scaling] [--no-samples] [--keep-files] [--out DIR]
//
// Generates a delivery with truth (bench/generator), reads it through the real ingest stages,
// matches records in import order against the records before them, and measures pairs: how
// many automatic merges are right (precision), how many duplicate pairs are merged or put in
// front of a person (recall), how long the review queue gets, how many pairs blocking made it
// compare and how long matching took, at N and 2N records to show the growth. It does the same
// for the sample delivery with its hand-checked truth. Prints a table, then ONE line of JSON.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import { DEFAULT_THRESHOLDS } from '../../src/ingest/match/decide.js';
import type { MatchThresholds } from '../../src/ingest/match/features.js';
import { keyedDigestWith } from '../../src/ingest/normalise/identity.js';
import { processRecord } from '../../src/ingest/process-record.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';
import { generateDelivery } from '../generator/generate.js';
import { evaluate, sweepThresholds, TARGETS, type Evaluation, type SweepResult } from './evaluation.js';
import { readJson, readLabelledDelivery, type LabelledDelivery, type RecordProcessor, type TruthEntity, type TruthRecord } from './labelled-records.js';
import { printEvaluation, printScaling, printSweep, printViewComparison, summary } from './report.js';
import { scoreCandidates } from './run-matching.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    mess: { type: 'string', default: 'mild' },
    format: { type: 'string', default: 'json' },
    out: { type: 'string' },
    sweep: { type: 'boolean', default: false },
    'no-scaling': { type: 'boolean', default: false },
    'no-samples': { type: 'boolean', default: false },
    'keep-files': { type: 'boolean', default: false },
    'auto-merge': { type: 'string' },
    review: { type: 'string' },
  },
});

const records = positiveInteger(values.records, '--records');
const seed = positiveInteger(values.seed, '--seed');
const mess = oneOf(values.mess, ['clean', 'mild', 'heavy'] as const, '--mess');
const format = oneOf(values.format, ['json', 'ndjson'] as const, '--format');
const thresholds: MatchThresholds = {
  autoMerge: values['auto-merge'] ? Number(values['auto-merge']) : DEFAULT_THRESHOLDS.autoMerge,
  review: values.review ? Number(values.review) : DEFAULT_THRESHOLDS.review,
};

const geography = createGeographyResolver(kenyaGazetteer());
// Record keys are not what this measures; any secret keys them.
const keyed = keyedDigestWith(createPersonalDataCipher(randomBytes(32)));
const process_: RecordProcessor = (raw) => processRecord(raw, { geography, keyed });

async function generatedDelivery(size: number): Promise<{ delivery: LabelledDelivery; generateMs: number; dir: string }> {
  const dir = values.out ? path.resolve(values.out, `n${size}`) : path.join(tmpdir(), `gvrc-dedup-s${seed}-n${size}-${mess}-${format}`);
  const generated = await generateDelivery({ seed, records: size, format, outDir: dir, messLevel: mess, inMemory: true });
  const truth: TruthRecord[] = generated.truth;
  const delivery = await readLabelledDelivery(dir, truth, process_);
  return { delivery, generateMs: generated.stats.elapsedMs, dir };
}

async function sampleDelivery(): Promise<LabelledDelivery> {
  const truthDir = path.join(repoRoot, 'test/fixtures/truth');
  const truth = await readJson<TruthRecord[]>(path.join(truthDir, 'truth.json'));
  const entities = await readJson<TruthEntity[]>(path.join(truthDir, 'entities.json'));
  return readLabelledDelivery(path.join(repoRoot, 'data/samples'), truth, process_, entities);
}

const main = await generatedDelivery(records);
// A first pass over a slice, discarded: otherwise the N run alone pays for the JIT's warm-up
// and the N → 2N comparison understates the growth.
scoreCandidates(main.delivery.records.slice(0, 2000).map((record) => record.features));
const mainScores = scoreCandidates(main.delivery.records.map((record) => record.features));
const mainEvaluation = evaluate(main.delivery, thresholds, mainScores);
printEvaluation(`Generated delivery: ${records} records, seed ${seed}, ${mess} mess, ${format}`, mainEvaluation, main.delivery);
// The same scores, each record compared only with the first record of every cluster: the
// importer's view inside a batch, and a lower bound for what it achieves across batches.
const firstView = evaluate(main.delivery, thresholds, mainScores, 'first');
printViewComparison(mainEvaluation, firstView);

let sweep: SweepResult | undefined;
if (values.sweep) {
  sweep = sweepThresholds(main.delivery);
  printSweep(sweep);
}

let doubled: Evaluation | undefined;
if (!values['no-scaling']) {
  const large = await generatedDelivery(records * 2);
  doubled = evaluate(large.delivery, thresholds);
  printEvaluation(`Generated delivery: ${records * 2} records (2N), seed ${seed}`, doubled, large.delivery);
  printScaling(mainEvaluation, doubled);
  if (!values['keep-files']) await rm(large.dir, { recursive: true, force: true });
}
if (!values['keep-files']) await rm(main.dir, { recursive: true, force: true });

let samples: Evaluation | undefined;
if (!values['no-samples']) {
  const sampleSet = await sampleDelivery();
  samples = evaluate(sampleSet, thresholds);
  printEvaluation('Sample delivery (data/samples, hand-checked truth)', samples, sampleSet);
}

console.log(
  JSON.stringify({
    benchmark: 'dedup',
    seed,
    mess,
    format,
    thresholds,
    targets: TARGETS,
    generated: summary(mainEvaluation),
    generatedFirstRecordView: summary(firstView),
    doubled: doubled ? summary(doubled) : undefined,
    growth: doubled
      ? {
          records: doubled.matchedRecords / mainEvaluation.matchedRecords,
          pairsCompared: doubled.pairsCompared / mainEvaluation.pairsCompared,
          matchingCpuTime: doubled.matchingCpuMilliseconds / mainEvaluation.matchingCpuMilliseconds,
          matchingWallTime: doubled.matchingMilliseconds / mainEvaluation.matchingMilliseconds,
        }
      : undefined,
    samples: samples ? summary(samples) : undefined,
    sweepBest: sweep?.best ? { thresholds: sweep.best.thresholds, ...summary(sweep.best) } : sweep ? null : undefined,
  }),
);

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return value;
}

function oneOf<T extends string>(text: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(text)) throw new Error(`${flag} must be one of ${allowed.join(', ')}`);
  return text as T;
}
