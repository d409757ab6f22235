// Smoke run of the ingest benchmark (bench/ingest), so that it cannot rot: a few hundred
// generated records through the same code the CLI runs in its child processes (benchRun: the
// recorded import, the real orchestrator, then the COPY baseline), summarised into the same
// table and JSON line. On the embedded PGlite (no TEST_DATABASE_URL) the COPY baseline is
// skipped: PGlite has no COPY FROM STDIN over a client connection, and the figures say so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchRun, type BenchRunFigures } from '../bench/ingest/bench-run.js';
import { ensureDelivery, type BenchDelivery } from '../bench/ingest/delivery.js';
import { FINAL_TABLES } from '../bench/ingest/measure.js';
import { formatSummary, jsonLine, STAGES, summarise, type BenchSummary } from '../bench/ingest/report.js';
import { workerHeapFlags } from '../bench/ingest/worker-flags.js';
import { machine } from '../bench/support/machine.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const RECORDS = 300;

let cacheRoot: string;
let db: TestDatabase;
let delivery: BenchDelivery;
let figures: BenchRunFigures;
let output: string;

beforeAll(async () => {
  cacheRoot = await mkdtemp(path.join(tmpdir(), 'gvrc-bench-ingest-smoke-'));
  delivery = await ensureDelivery({ seed: 3, records: RECORDS, cacheRoot });
  db = await createTestDatabase();
  // Small batches, so that several batches (and matching across them) are exercised.
  figures = await benchRun(db, delivery, { batchSize: 64 });
  const summary = summarise({ seed: 3, records: RECORDS, runsPerSize: 1, batchSize: 64, machine: machine() }, [
    { size: RECORDS, deliveryRecords: delivery.records, run: 1, ...figures },
  ]);
  output = `${formatSummary(summary)}\n${jsonLine(summary)}\n`;
});

afterAll(async () => {
  await db?.close();
  if (cacheRoot) await rm(cacheRoot, { recursive: true, force: true });
});

describe('bench:ingest smoke run', () => {
  it('generates all seven kinds once and reuses the cached delivery', async () => {
    expect(delivery.files.map((f) => f.kind).sort()).toEqual(
      ['category_A', 'category_B', 'equity_afya', 'gbv_support_organizations', 'kps_stations', 'other_services', 'regional'],
    );
    expect(delivery.records).toBeGreaterThan(RECORDS * 0.9);
    expect(delivery.crossFileDuplicates).toBeGreaterThan(0);
    const again = await ensureDelivery({ seed: 3, records: RECORDS, cacheRoot });
    expect(again.cached).toBe(true);
    expect(again.files).toEqual(delivery.files);
  });

  it('imports every record, and outcome counts add up to the records extracted', () => {
    const { ingest } = figures;
    expect(ingest.status).toBe('SUCCEEDED');
    expect(ingest.extracted).toBe(delivery.records);
    const outcomes = Object.values(ingest.outcomes).reduce((s, n) => s + n, 0);
    expect(outcomes).toBe(ingest.extracted);
    // Cross-source duplicates were found, and rejects explained.
    expect(ingest.outcomes.MERGED).toBeGreaterThan(0);
    expect(ingest.outcomes.REJECTED).toBeGreaterThan(0);
    // Every record leaves lineage; every new facility came from an INSERTED or FLAGGED record.
    expect(ingest.finalRows.SourceRecord).toBe(ingest.extracted);
    expect(ingest.finalRows.Facility).toBe(ingest.outcomes.INSERTED + ingest.outcomes.FLAGGED);
    expect(ingest.finalRows.Contact).toBeGreaterThan(0);
    expect(ingest.finalRows.FacilityService).toBeGreaterThan(0);
    expect(ingest.finalRowTotal).toBe(FINAL_TABLES.reduce((s, t) => s + ingest.finalRows[t], 0));
  });

  it('measures throughput, stages and memory', () => {
    const { ingest } = figures;
    expect(ingest.pipelineMs).toBeGreaterThan(0);
    expect(ingest.recordsPerSec).toBeGreaterThan(0);
    expect(ingest.recordsPerSec).toBeCloseTo(ingest.extracted / (ingest.pipelineMs / 1000), 6);
    expect(ingest.rowsPerSec).toBeCloseTo(ingest.finalRowTotal / (ingest.pipelineMs / 1000), 6);
    for (const stage of STAGES) expect(ingest.stagesMs[stage]).toBeGreaterThanOrEqual(0);
    for (const stage of ['extract', 'process', 'match', 'load'] as const) expect(ingest.stagesMs[stage]).toBeGreaterThan(0);
    // Reading candidates is a part of matching, counted apart because it grows with the registry.
    expect(ingest.candidates.read).toBeGreaterThan(0);
    expect(ingest.candidates.ms).toBeGreaterThan(0);
    expect(ingest.candidates.ms).toBeLessThanOrEqual(ingest.stagesMs.match);
    const staged = STAGES.reduce((s, st) => s + ingest.stagesMs[st], 0);
    expect(staged).toBeGreaterThanOrEqual(ingest.pipelineMs * 0.99);
    expect(ingest.peakRssMB).toBeGreaterThan(20);
    expect(ingest.sampledPeakRssMB).toBeGreaterThan(20);
  });

  it('runs the COPY baseline over the same rows on PostgreSQL, and says why not on PGlite', () => {
    const { copy, ingest } = figures;
    if (db.kind === 'pglite') {
      expect('skipped' in copy && copy.skipped).toMatch(/PGlite/);
      return;
    }
    if ('skipped' in copy) throw new Error(`COPY baseline skipped on PostgreSQL: ${copy.skipped}`);
    expect(copy.rows).toBe(ingest.finalRowTotal);
    for (const t of FINAL_TABLES) expect(copy.tables[t].rows).toBe(ingest.finalRows[t]);
    expect(copy.rowsPerSec).toBeGreaterThan(0);
  });

  it('prints a table and ends with one line of JSON holding the figures', () => {
    const lines = output.trimEnd().split('\n');
    expect(output).toContain('end-to-end records/s');
    expect(output).toContain('time per stage');
    expect(output).toContain('reading candidates');
    const json = JSON.parse(lines[lines.length - 1]) as BenchSummary;
    expect(json.bench).toBe('ingest');
    expect(json.main.extracted).toBe(figures.ingest.extracted);
    expect(json.main.recordsPerSec).toBeGreaterThan(0);
    expect(json.main.peakRssMB).toBeGreaterThan(0);
    expect(Object.keys(json.main.stagesMs).sort()).toEqual([...STAGES].sort());
    expect(Object.values(json.main.outcomes).reduce((s, n) => s + n, 0)).toBe(json.main.extracted);
    expect(json.targets.recordsPerSec.target).toBe(10_000);
    expect(json.runs).toHaveLength(1);
    expect(json.main.candidatesPerRecord).toBeCloseTo(figures.ingest.candidates.read / figures.ingest.extracted, 3);
    if (db.kind === 'pglite') expect(json.main.copyRatio).toBeNull();
    else expect(json.main.copyRatio).toBeGreaterThan(0);
  });
});

describe('the measured import process', () => {
  it('starts with the heap limit npm run worker starts with, so its peak RSS is a worker\'s', () => {
    expect(workerHeapFlags()).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
  });

  it('takes only the heap flags from the worker script', async () => {
    const file = path.join(cacheRoot, 'package.json');
    await writeFile(file, JSON.stringify({ scripts: { worker: 'node --max-old-space-size=300 --inspect --max-semi-space-size=8 --import tsx src/worker.ts' } }));
    expect(workerHeapFlags(file)).toEqual(['--max-old-space-size=300', '--max-semi-space-size=8']);
  });
});
