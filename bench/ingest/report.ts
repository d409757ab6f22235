// Figures of the ingest benchmark: per run, medians per size, the targets of the issue, a
// table for people and one line of JSON for tracking over time.
import type { Machine } from '../support/machine.js';
import type { Stage } from '../../src/ingest/stage-timings.js';
import type { CopyFigures } from './copy-baseline.js';
import type { IngestFigures } from './measure.js';

export type StageName = Stage | 'other';
export const STAGES: StageName[] = ['extract', 'process', 'match', 'load', 'report', 'other'];

export interface RunResult {
  /** Records asked of the generator; the delivery holds `deliveryRecords`. */
  size: number;
  deliveryRecords: number;
  run: number;
  ingest: IngestFigures;
  copy: CopyFigures | { skipped: string };
}

export const TARGETS = {
  recordsPerSec: 10_000,
  copyRatio: 0.2,
  peakRssMB: 300,
  /** Matching time per record at the largest size over the smallest: about linear means near 1. */
  matchPerRecordGrowth: 1.5,
};

export interface SizeSummary {
  size: number;
  runs: number;
  extracted: number;
  pipelineMs: number;
  recordsPerSec: number;
  matchMs: number;
  /** Matching time per record, microseconds. */
  matchUsPerRecord: number;
  /** Of matching, the time reading candidates from the registry per record, microseconds. */
  candidateReadUsPerRecord: number;
  /** Registry facilities read as candidates, per record. */
  candidatesPerRecord: number;
  finalRowTotal: number;
  rowsPerSec: number;
  copyRowsPerSec: number | null;
  /** Our rows/s over the COPY baseline's, for the same rows. */
  copyRatio: number | null;
  peakRssMB: number;
  stagesMs: Record<StageName, number>;
  /** By how much the stages' sum exceeds pipelineMs (they overlap). */
  overlapMs: number;
  /** CPU during the import: the Node process, and the database backends (null when not visible). */
  cpuNodeMs: number;
  cpuPostgresMs: number | null;
  outcomes: IngestFigures['outcomes'];
}


/** Which code was measured: the commit, and files of the pipeline changed on top of it. */
export interface CodeVersion { commit: string; changed: string[] }

export interface BenchSummary {
  bench: 'ingest';
  at: string;
  code?: CodeVersion;
  seed: number;
  records: number;
  runsPerSize: number;
  batchSize: number;
  machine: Machine;
  /** Node flags of the measured import process beyond the loader (npm run worker's heap flags, or the caller's). */
  nodeFlags: string[];
  /** Medians at the main size (`records`). */
  main: SizeSummary;
  /** Medians at every size, smallest first: the growth report. */
  sizes: SizeSummary[];
  /** matchUsPerRecord at the largest size / at the smallest. */
  matchPerRecordGrowth: number | null;
  targets: Record<keyof typeof TARGETS, { target: number; value: number | null; met: boolean | null }>;
  runs: {
    size: number; run: number; extracted: number; pipelineMs: number; recordsPerSec: number; rowsPerSec: number;
    copyRowsPerSec: number | null; copyRatio: number | null; peakRssMB: number; stagesMs: Record<StageName, number>;
    candidates: IngestFigures['candidates']; cpuNodeMs: number; cpuPostgresMs: number | null; outcomes: IngestFigures['outcomes']; copySkipped?: string;
  }[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function medianOrNull(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? median(present) : null;
}

const copyRate = (r: RunResult) => ('skipped' in r.copy ? null : r.copy.rowsPerSec);
const ratioOf = (r: RunResult) => {
  const c = copyRate(r);
  return c ? r.ingest.rowsPerSec / c : null;
};

export function summariseSize(results: RunResult[]): SizeSummary {
  if (results.length === 0) throw new Error('no runs to summarise');
  const m = (f: (r: RunResult) => number) => median(results.map(f));
  const stagesMs = Object.fromEntries(STAGES.map((s) => [s, m((r) => r.ingest.stagesMs[s])])) as Record<StageName, number>;
  const extracted = m((r) => r.ingest.extracted);
  return {
    size: results[0].size,
    runs: results.length,
    extracted,
    pipelineMs: m((r) => r.ingest.pipelineMs),
    recordsPerSec: m((r) => r.ingest.recordsPerSec),
    matchMs: stagesMs.match,
    matchUsPerRecord: (m((r) => r.ingest.stagesMs.match / r.ingest.extracted)) * 1000,
    candidateReadUsPerRecord: m((r) => r.ingest.candidates.ms / r.ingest.extracted) * 1000,
    candidatesPerRecord: m((r) => r.ingest.candidates.read / r.ingest.extracted),
    finalRowTotal: m((r) => r.ingest.finalRowTotal),
    rowsPerSec: m((r) => r.ingest.rowsPerSec),
    copyRowsPerSec: medianOrNull(results.map(copyRate)),
    copyRatio: medianOrNull(results.map(ratioOf)),
    peakRssMB: m((r) => r.ingest.peakRssMB),
    stagesMs,
    overlapMs: m((r) => r.ingest.overlapMs),
    cpuNodeMs: m((r) => r.ingest.cpu.nodeMs),
    cpuPostgresMs: medianOrNull(results.map((r) => r.ingest.cpu.postgresMs)),
    // The first run's; runs of one size can differ a little where matching meets ties (see runs).
    outcomes: results[0].ingest.outcomes,
  };
}

export function summarise(
  options: { seed: number; records: number; runsPerSize: number; batchSize: number; machine: Machine; nodeFlags?: string[]; code?: CodeVersion },
  results: RunResult[],
): BenchSummary {
  const bySize = new Map<number, RunResult[]>();
  for (const r of results) bySize.set(r.size, [...(bySize.get(r.size) ?? []), r]);
  const sizes = [...bySize.keys()].sort((a, b) => a - b).map((s) => summariseSize(bySize.get(s)!));
  const main = sizes.find((s) => s.size === options.records) ?? sizes[sizes.length - 1];
  const growth = sizes.length > 1 && sizes[0].matchUsPerRecord > 0 ? sizes[sizes.length - 1].matchUsPerRecord / sizes[0].matchUsPerRecord : null;
  const target = (value: number | null, limit: number, atLeast: boolean) => ({ target: limit, value, met: value === null ? null : atLeast ? value >= limit : value <= limit });
  return {
    bench: 'ingest',
    at: new Date().toISOString(),
    ...(options.code ? { code: options.code } : {}),
    seed: options.seed,
    records: options.records,
    runsPerSize: options.runsPerSize,
    batchSize: options.batchSize,
    machine: options.machine,
    nodeFlags: options.nodeFlags ?? [],
    main,
    sizes,
    matchPerRecordGrowth: growth,
    targets: {
      recordsPerSec: target(main.recordsPerSec, TARGETS.recordsPerSec, true),
      copyRatio: target(main.copyRatio, TARGETS.copyRatio, true),
      peakRssMB: target(main.peakRssMB, TARGETS.peakRssMB, false),
      matchPerRecordGrowth: target(growth, TARGETS.matchPerRecordGrowth, false),
    },
    runs: results.map((r) => ({
      size: r.size,
      run: r.run,
      extracted: r.ingest.extracted,
      pipelineMs: r.ingest.pipelineMs,
      recordsPerSec: r.ingest.recordsPerSec,
      rowsPerSec: r.ingest.rowsPerSec,
      copyRowsPerSec: copyRate(r),
      copyRatio: ratioOf(r),
      peakRssMB: r.ingest.peakRssMB,
      memoryMB: { start: r.ingest.startRssMB, heapUsed: r.ingest.peakHeapUsedMB, heapTotal: r.ingest.peakHeapTotalMB, external: r.ingest.peakExternalMB },
      stagesMs: r.ingest.stagesMs,
      candidates: r.ingest.candidates,
      cpuNodeMs: r.ingest.cpu.nodeMs,
      cpuPostgresMs: r.ingest.cpu.postgresMs,
      outcomes: r.ingest.outcomes,
      ...('skipped' in r.copy ? { copySkipped: r.copy.skipped } : {}),
    })),
  };
}


const int = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const pad = (s: string, n: number) => s.padStart(n);

/** One line per finished run, as it finishes. */
export function runLine(r: RunResult): string {
  const c = copyRate(r);
  return [
    `size ${int(r.size)} run ${r.run}:`,
    `${int(r.ingest.extracted)} records in ${sec(r.ingest.pipelineMs)} = ${int(r.ingest.recordsPerSec)} records/s;`,
    `${int(r.ingest.finalRowTotal)} final rows = ${int(r.ingest.rowsPerSec)} rows/s;`,
    c === null ? `COPY skipped (${'skipped' in r.copy ? r.copy.skipped : ''});` : `COPY ${int(c)} rows/s (ours ${pct(ratioOf(r))});`,
    `peak RSS ${int(r.ingest.peakRssMB)} MB (at start ${int(r.ingest.startRssMB)}; heap used ≤ ${int(r.ingest.peakHeapUsedMB)}, reserved ≤ ${int(r.ingest.peakHeapTotalMB)}, outside the heap ≤ ${int(r.ingest.peakExternalMB)});`,
    `CPU node ${sec(r.ingest.cpu.nodeMs)}, postgres ${r.ingest.cpu.postgresMs === null ? 'n/a' : sec(r.ingest.cpu.postgresMs)}`,
  ].join(' ');
}

export function formatSummary(s: BenchSummary): string {
  const lines: string[] = [];
  const mark = (met: boolean | null) => (met === null ? '  -' : met ? ' ok' : ' MISS');
  const m = s.main;
  lines.push('');
  lines.push(`Ingest benchmark: seed ${s.seed}, ${int(s.records)} records requested, median of ${m.runs} run(s), batch ${s.batchSize}`);
  if (s.code) lines.push(`Code: ${s.code.commit}${s.code.changed.length ? ` + uncommitted changes to ${s.code.changed.join(', ')}` : ''}`);
  lines.push(`Machine: ${s.machine.cpus} x ${s.machine.cpuModel}, ${s.machine.memoryGB} GB, Node ${s.machine.node}${s.machine.postgres ? `, ${s.machine.postgres}` : ''}`);
  lines.push(`Import process flags: ${s.nodeFlags.length ? s.nodeFlags.join(' ') : 'none (V8 defaults)'}`);
  lines.push('');
  lines.push(`  records extracted          ${pad(int(m.extracted), 12)}`);
  lines.push(`  outcomes                   ${Object.entries(m.outcomes).map(([k, v]) => `${k} ${int(v)}`).join(', ')}`);
  lines.push(`  pipeline time              ${pad(sec(m.pipelineMs), 12)}`);
  lines.push(`  end-to-end records/s       ${pad(int(m.recordsPerSec), 12)}   target >= ${int(TARGETS.recordsPerSec)} ${mark(s.targets.recordsPerSec.met)}`);
  lines.push(`  final rows (fac+contact+svc+lineage) ${int(m.finalRowTotal)}`);
  lines.push(`  ours rows/s                ${pad(int(m.rowsPerSec), 12)}`);
  lines.push(`  COPY baseline rows/s       ${pad(m.copyRowsPerSec === null ? 'n/a' : int(m.copyRowsPerSec), 12)}`);
  lines.push(`  ours / COPY                ${pad(pct(m.copyRatio), 12)}   target >= ${pct(TARGETS.copyRatio)} ${mark(s.targets.copyRatio.met)}`);
  lines.push(`  peak RSS                   ${pad(`${int(m.peakRssMB)} MB`, 12)}   target <= ${TARGETS.peakRssMB} MB ${mark(s.targets.peakRssMB.met)}`);
  lines.push('');
  lines.push('  time per stage (median, wall)  ms    of pipeline');
  for (const st of STAGES) {
    lines.push(`    ${st.padEnd(22)}${pad(int(m.stagesMs[st]), 10)}  ${pad(pct(m.stagesMs[st] / m.pipelineMs), 7)}`);
    if (st === 'match') {
      const readMs = (m.candidateReadUsPerRecord * m.extracted) / 1000;
      lines.push(`    ${'  reading candidates'.padEnd(22)}${pad(int(readMs), 10)}  ${pad(pct(readMs / m.pipelineMs), 7)}   (part of match; ${m.candidatesPerRecord.toFixed(2)} read per record)`);
    }
  }
  if (m.overlapMs > 0) lines.push(`    (stages overlap by ${int(m.overlapMs)} ms: the next batch is read and processed while one is matched and loaded)`);
  lines.push(`  CPU during the import: node ${sec(m.cpuNodeMs)}, postgres backends ${m.cpuPostgresMs === null ? 'n/a' : sec(m.cpuPostgresMs)}, wall ${sec(m.pipelineMs)}`);
  if (s.sizes.length > 1) {
    lines.push('');
    lines.push('  growth         records  pipeline     rec/s    match ms   match us/rec   of which reading   candidates/rec');
    for (const z of s.sizes) {
      lines.push(
        `    ${pad(int(z.size), 10)} ${pad(int(z.extracted), 10)} ${pad(sec(z.pipelineMs), 9)} ${pad(int(z.recordsPerSec), 9)} ${pad(int(z.matchMs), 11)} ${pad(z.matchUsPerRecord.toFixed(1), 14)} ${pad(z.candidateReadUsPerRecord.toFixed(1), 18)} ${pad(z.candidatesPerRecord.toFixed(2), 16)}`,
      );
    }
    lines.push(`  match time per record, largest / smallest size: ${s.matchPerRecordGrowth === null ? 'n/a' : s.matchPerRecordGrowth.toFixed(2)}   target <= ${TARGETS.matchPerRecordGrowth} ${mark(s.targets.matchPerRecordGrowth.met)}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The last line of the benchmark's output. */
export function jsonLine(s: BenchSummary): string {
  // Two decimals, four below 1 (ratios such as copyRatio), so that no figure rounds to nothing.
  const round = (v: number) => (Math.abs(v) < 1 ? Math.round(v * 1e4) / 1e4 : Math.round(v * 100) / 100);
  return JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? round(v) : v));
}
