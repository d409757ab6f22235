// Figures of the API benchmark: medians over runs, the issue's targets, a table for people and
// one line of JSON for tracking over time.
import type { Machine } from '../support/machine.js';
import type { Agreement, Probe, RunFigures } from './bench.js';
import type { LoadFigures, ServerName } from './measure.js';
import { OPERATIONS, PAGE_SIZE, type Operation } from './operations.js';

export const TARGETS = {
  /** Our req/s over the baseline's, per operation. */
  rpsRatio: 0.5,
  /** Our p99 at half of our peak rate, per operation. */
  p99AtHalfPeakMs: 50,
};

/** A fixed-rate phase whose generator sent this late (ms) measured itself as much as the server. */
const SEND_LAG_WARNING_MS = 10;

export interface ServerSummary {
  /** Medians over runs. */
  rps: number;
  p50: number;
  p99: number;
  /** The fixed-rate phase: half of the peak, its latencies from each request's due time (fixed-rate.ts). */
  halfRate: number;
  halfP50: number;
  halfP99: number;
  /** The load generator's worst lateness in sending during any fixed-rate phase (ms); large means the figures are its, not the server's. */
  halfSendLagMs: number;
  statementsPerRequest: number;
  /** The server process's CPU time per request at peak (null when it shares a process with the load generator). */
  cpuMsPerRequest: number | null;
  /** Summed over every phase of every run: any is a reason to distrust the figures. */
  errors: number;
  non2xx: number;
}

export interface OperationSummary {
  ours: ServerSummary;
  baseline: ServerSummary | null;
  /** Median over runs of our req/s / the baseline's in the same run. */
  rpsRatio: number | null;
  /** Statements for one request, probed on an idle server. */
  statements: { ours: number; baseline: number | null; ourSources: { prisma: number; sql: number; wire?: number } };
  agreement: Agreement;
}

type Check = { target: number; value: number | null; met: boolean | null };

export interface ApiBenchSummary {
  bench: 'api';
  at: string;
  facilities: { requested: number; total: number; visible: number };
  dataset: { records: number; seed: number; template?: string; cached?: boolean };
  settings: { durationS: number; warmupS: number; connections: number; runs: number; pageSize: number; poolSize: number; baselineView?: string };
  machine: Machine;
  operations: Record<Operation, OperationSummary>;
  /** Our statements for one facility page, by page size. */
  statementsByPageSize: Record<string, number>;
  targets: {
    rpsRatio: Record<Operation, Check>;
    p99AtHalfPeakMs: Record<Operation, Check>;
    statementsConstantInPageSize: { met: boolean };
  };
  runs: { run: number; operations: Record<Operation, Partial<Record<ServerName, { rps: number; p99: number; halfRate: number; halfP99: number; cpuMs?: number }>>> }[];
  /** Why the baseline was not run, when it was not. */
  baselineSkipped?: string;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function serverSummary(phases: { peak: LoadFigures; half: LoadFigures }[]): ServerSummary {
  const m = (f: (p: { peak: LoadFigures; half: LoadFigures }) => number) => median(phases.map(f));
  return {
    rps: m((p) => p.peak.rps),
    p50: m((p) => p.peak.p50),
    p99: m((p) => p.peak.p99),
    halfRate: m((p) => p.half.rate ?? 0),
    halfP50: m((p) => p.half.p50),
    halfP99: m((p) => p.half.p99),
    halfSendLagMs: Math.max(0, ...phases.map((p) => p.half.sendLagMs ?? 0)),
    statementsPerRequest: m((p) => p.peak.statementsPerRequest),
    cpuMsPerRequest: phases.every((p) => p.peak.cpuMsPerRequest !== undefined) ? m((p) => p.peak.cpuMsPerRequest!) : null,
    errors: phases.reduce((s, p) => s + p.peak.errors + p.half.errors, 0),
    non2xx: phases.reduce((s, p) => s + p.peak.non2xx + p.half.non2xx, 0),
  };
}

export interface SummaryInput {
  facilities: ApiBenchSummary['facilities'];
  dataset: ApiBenchSummary['dataset'];
  settings: ApiBenchSummary['settings'];
  machine: Machine;
  probe: Probe;
  runs: RunFigures[];
  baselineSkipped?: string;
}

export function summarise(input: SummaryInput): ApiBenchSummary {
  const { probe, runs } = input;
  if (runs.length === 0) throw new Error('no runs to summarise');
  const operations = {} as Record<Operation, OperationSummary>;
  const rpsRatio = {} as Record<Operation, Check>;
  const p99AtHalfPeakMs = {} as Record<Operation, Check>;
  for (const operation of OPERATIONS) {
    const ours = runs.map((r) => r.operations[operation].ours!);
    const theirs = runs.flatMap((r) => (r.operations[operation].baseline ? [r.operations[operation].baseline] : []));
    const ratios = runs.flatMap((r) => {
      const { ours: o, baseline: b } = r.operations[operation];
      return o && b && b.peak.rps > 0 ? [o.peak.rps / b.peak.rps] : [];
    });
    const { total, ...ourSources } = probe.statements[operation];
    const summary: OperationSummary = {
      ours: serverSummary(ours),
      baseline: theirs.length ? serverSummary(theirs) : null,
      rpsRatio: ratios.length ? median(ratios) : null,
      statements: { ours: total, baseline: probe.baselineStatements?.[operation] ?? null, ourSources },
      agreement: probe.agreement[operation],
    };
    operations[operation] = summary;
    rpsRatio[operation] = {
      target: TARGETS.rpsRatio,
      value: summary.rpsRatio,
      met: summary.rpsRatio === null ? null : summary.rpsRatio >= TARGETS.rpsRatio,
    };
    p99AtHalfPeakMs[operation] = {
      target: TARGETS.p99AtHalfPeakMs,
      value: summary.ours.halfP99,
      met: summary.ours.halfP99 < TARGETS.p99AtHalfPeakMs,
    };
  }
  const counts = Object.values(probe.statementsByPageSize);
  return {
    bench: 'api',
    at: new Date().toISOString(),
    facilities: input.facilities,
    dataset: input.dataset,
    settings: input.settings,
    machine: input.machine,
    operations,
    statementsByPageSize: probe.statementsByPageSize,
    targets: {
      rpsRatio,
      p99AtHalfPeakMs,
      statementsConstantInPageSize: { met: counts.every((n) => n === counts[0]) },
    },
    runs: runs.map((r) => ({
      run: r.run,
      operations: Object.fromEntries(
        OPERATIONS.map((op) => [
          op,
          Object.fromEntries(
            Object.entries(r.operations[op]).map(([server, f]) => [
              server,
              {
                rps: round(f.peak.rps),
                p99: round(f.peak.p99),
                halfRate: f.half.rate ?? 0,
                halfP99: round(f.half.p99),
                ...(f.peak.cpuMsPerRequest !== undefined ? { cpuMs: round(f.peak.cpuMsPerRequest, 2) } : {}),
              },
            ]),
          ),
        ]),
      ) as ApiBenchSummary['runs'][number]['operations'],
    })),
    ...(input.baselineSkipped ? { baselineSkipped: input.baselineSkipped } : {}),
  };
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));
const mark = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'NOT met');

const LABELS: Record<Operation, string> = {
  facilityPage: `facility page (${PAGE_SIZE})`,
  countyTree: 'county tree + counts',
  facilityByCode: 'facilityByCode',
};

export function formatSummary(s: ApiBenchSummary): string {
  const lines: string[] = [];
  const m = s.machine;
  lines.push(
    `API benchmark: ${s.facilities.total.toLocaleString('en-US')} facilities (${s.facilities.visible.toLocaleString('en-US')} active; ` +
      `${s.dataset.records.toLocaleString('en-US')} generated records, seed ${s.dataset.seed}), ${s.settings.runs} run(s), ` +
      `${s.settings.durationS} s per phase, ${s.settings.connections} connections, pool ${s.settings.poolSize}` +
      (s.settings.baselineView ? `, baseline answers as ${s.settings.baselineView === 'viewer' ? 'a VIEWER' : 'a full-view role'}` : ''),
  );
  lines.push(
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}, ${m.postgres ?? 'embedded PGlite'}` +
      (m.loadAverage ? `, load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}` : ''),
  );
  lines.push('');
  lines.push('operation              server      req/s  p50 ms  p99 ms │ half-peak req/s  p50 ms  p99 ms │ SQL/req  CPU ms/req');
  lines.push('───────────────────────────────────────────────────────────┼─────────────────────────────────┼────────────────────');
  for (const op of OPERATIONS) {
    const o = s.operations[op];
    const row = (label: string, server: string, f: ServerSummary, sql: number | null) =>
      `${label.padEnd(22)} ${server.padEnd(9)} ${fixed(f.rps).padStart(8)} ${fixed(f.p50).padStart(7)} ${fixed(f.p99).padStart(7)} │ ` +
      `${fixed(f.halfRate, 0).padStart(15)} ${fixed(f.halfP50).padStart(7)} ${fixed(f.halfP99).padStart(7)} │ ` +
      `${`${fixed(sql, 0)} (${fixed(f.statementsPerRequest)})`.padStart(9)} ${fixed(f.cpuMsPerRequest, 2).padStart(10)}`;
    lines.push(row(LABELS[op], 'ours', o.ours, o.statements.ours));
    if (o.baseline) lines.push(row('', 'baseline', o.baseline, o.statements.baseline));
    lines.push(
      `${''.padEnd(22)} ours/baseline req/s ${fixed(o.rpsRatio, 2)}; answers ${o.agreement.agree === null ? 'not compared' : o.agreement.agree ? 'agree' : `DIFFER at ${o.agreement.difference}`}`,
    );
  }
  lines.push('');
  lines.push('SQL/req: for one request on an idle server (and the average under load); CPU ms/req: the server process, at peak.');
  lines.push('half-peak: requests due at even intervals whether or not earlier ones were answered; latency from the time each was due.');
  lines.push(`SQL statements per facility page by page size: ${Object.entries(s.statementsByPageSize).map(([size, n]) => `${size} → ${n}`).join(', ')}`);
  lines.push('');
  lines.push('targets:');
  for (const op of OPERATIONS) {
    const r = s.targets.rpsRatio[op];
    const p = s.targets.p99AtHalfPeakMs[op];
    lines.push(
      `  ${LABELS[op].padEnd(22)} req/s ≥ ${r.target} × baseline: ${fixed(r.value, 2)} ${mark(r.met)}; ` +
        `p99 at half peak < ${p.target} ms: ${fixed(p.value)} ms ${mark(p.met)}`,
    );
  }
  lines.push(`  SQL statements per request constant in page size: ${mark(s.targets.statementsConstantInPageSize.met)}`);
  if (s.baselineSkipped) lines.push(`baseline skipped: ${s.baselineSkipped}`);
  const problems = OPERATIONS.flatMap((op) =>
    (['ours', 'baseline'] as const).flatMap((server) => {
      const f = s.operations[op][server];
      return f && (f.errors || f.non2xx) ? [`${op} ${server}: ${f.errors} errors, ${f.non2xx} non-2xx`] : [];
    }),
  );
  if (problems.length) lines.push(`WARNING: failed requests during load (${problems.join('; ')})`);
  const lagging = OPERATIONS.flatMap((op) =>
    (['ours', 'baseline'] as const).flatMap((server) => {
      const f = s.operations[op][server];
      return f && f.halfSendLagMs > SEND_LAG_WARNING_MS ? [`${op} ${server}: ${fixed(f.halfSendLagMs)} ms`] : [];
    }),
  );
  if (lagging.length) lines.push(`WARNING: the load generator fell behind its schedule at half peak (${lagging.join('; ')}); those latencies include its own delay`);
  return lines.join('\n');
}

/** The figures as one line of JSON, the benchmark's last line of output. */
export function jsonLine(summary: ApiBenchSummary): string {
  return JSON.stringify(summary, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value,
  );
}
