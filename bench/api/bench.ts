// The API benchmark proper, on servers that are already running: probes (statements per request,
// per page size; our answers against the baseline's), then measurement runs. Shared by the CLI
// (servers in child processes, 100,000 facilities) and the smoke test (in-process, a few hundred).
import type { StatementCounts } from './our-server.js';
import { OPERATIONS, PROBE_PAGE_SIZES, sampleFor, type Operation, type Sample, type Samples } from './operations.js';
import { answerErrors, firstDifference, loadPhase, singleRequest, statementTotal, type LoadFigures, type ServerName, type Target } from './measure.js';

export interface Agreement {
  /** null: not compared (no baseline). */
  agree: boolean | null;
  /** Where the answers first differ. */
  difference?: string;
  reason?: string;
}

export interface Probe {
  /** Our statements for one request of each operation, by source. */
  statements: Record<Operation, StatementCounts & { total: number }>;
  /** Our statements for one facility page of each size. */
  statementsByPageSize: Record<string, number>;
  baselineStatements?: Record<Operation, number>;
  agreement: Record<Operation, Agreement>;
}

/** One request per operation (and per page size) on idle servers. Throws if ours answers with errors. */
export async function probe(ours: Target, baseline: Target | undefined, samples: Samples): Promise<Probe> {
  const statements = {} as Probe['statements'];
  const baselineStatements = {} as Record<Operation, number>;
  const agreement = {} as Probe['agreement'];
  for (const operation of OPERATIONS) {
    // A page after a cursor (the second sample), not only the first page.
    const sample = sampleFor(operation, samples, 1);
    // Once unmeasured: one-off work (the first use of the API key is recorded, caches fill)
    // is not what a request costs.
    await singleRequest(ours, operation, sampleFor(operation, samples, 2));
    const our = await steadyRequest(ours, operation, sample);
    const errors = answerErrors(our.body);
    if (our.status !== 200 || errors.length) {
      throw new Error(`our ${operation} answered ${our.status} with ${JSON.stringify(errors.length ? errors : our.body).slice(0, 500)}`);
    }
    statements[operation] = { ...our.statements, total: statementTotal(our.statements) };
    if (!baseline) {
      agreement[operation] = { agree: null, reason: 'no baseline' };
      continue;
    }
    const theirs = await singleRequest(baseline, operation, sample);
    if (theirs.status !== 200) throw new Error(`baseline ${operation} answered ${theirs.status}: ${JSON.stringify(theirs.body).slice(0, 500)}`);
    baselineStatements[operation] = statementTotal(theirs.statements);
    const difference = firstDifference(our.body, theirs.body);
    agreement[operation] = difference ? { agree: false, difference } : { agree: true };
  }
  const statementsByPageSize: Record<string, number> = {};
  for (const first of PROBE_PAGE_SIZES) {
    const answer = await singleRequest(ours, 'facilityPage', { ...sampleFor('facilityPage', samples, 1), first });
    statementsByPageSize[String(first)] = statementTotal(answer.statements);
  }
  return { statements, statementsByPageSize, ...(baseline ? { baselineStatements } : {}), agreement };
}

/**
 * A request measured once the server's caches have settled: recording the key's first use is a
 * write to ApiKey, whose notification then makes the server read the key once more (ADR 0010),
 * one or two requests later. Repeated until two requests in a row cost the same.
 */
async function steadyRequest(target: Target, operation: Operation, sample: Sample) {
  let previous = await singleRequest(target, operation, sample);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const next = await singleRequest(target, operation, sample);
    if (statementTotal(next.statements) === statementTotal(previous.statements)) return next;
    previous = next;
  }
  return previous;
}

export interface PhaseFigures {
  peak: LoadFigures;
  /** At half of this server's peak rate. */
  half: LoadFigures;
}

export interface RunFigures {
  run: number;
  operations: Record<Operation, Partial<Record<ServerName, PhaseFigures>>>;
}

export interface RunOptions {
  /** Seconds per measured phase. */
  duration: number;
  /** Seconds of unmeasured load before the peak phase. */
  warmup: number;
  connections: number;
  log?: (line: string) => void;
}

const round = (n: number) => Math.round(n * 10) / 10;

function phaseLine(target: Target, operation: Operation, label: string, f: LoadFigures): string {
  const problems = f.errors || f.non2xx ? ` (${f.errors} errors, ${f.non2xx} non-2xx)` : '';
  const lag = f.sendLagMs !== undefined ? `, sent ≤ ${round(f.sendLagMs)} ms late` : '';
  return `  ${operation} ${target.name} ${label}: ${round(f.rps)} req/s, p50 ${round(f.p50)} ms, p99 ${round(f.p99)} ms, ${round(f.statementsPerRequest)} SQL/req${lag}${problems}`;
}

/**
 * One run: per operation, each server warmed up and driven flat out (peak), then each at half
 * its own peak rate, open loop (latency; fixed-rate.ts). The servers take turns, in an order
 * that alternates between runs, so that a noisy moment on a shared machine does not always land
 * on the same one.
 */
export async function measureRun(targets: Target[], samples: Samples, run: number, options: RunOptions): Promise<RunFigures> {
  const order = run % 2 === 1 ? targets : [...targets].reverse();
  const operations = {} as RunFigures['operations'];
  for (const operation of OPERATIONS) {
    const peaks = new Map<Target, LoadFigures>();
    for (const target of order) {
      if (options.warmup > 0) await loadPhase(target, operation, samples, { duration: options.warmup, connections: options.connections });
      const peak = await loadPhase(target, operation, samples, { duration: options.duration, connections: options.connections });
      options.log?.(phaseLine(target, operation, 'peak', peak));
      peaks.set(target, peak);
    }
    const figures: Partial<Record<ServerName, PhaseFigures>> = {};
    for (const target of order) {
      const peak = peaks.get(target)!;
      const rate = Math.max(1, Math.floor(peak.rps / 2));
      // Warmed up at the rate first, as before the peak: the server sat idle while the other was
      // measured, and the figure is meant for steady polling, not the first second after a pause.
      if (options.warmup > 0) await loadPhase(target, operation, samples, { duration: options.warmup, connections: options.connections, rate });
      const half = await loadPhase(target, operation, samples, { duration: options.duration, connections: options.connections, rate });
      options.log?.(phaseLine(target, operation, `at ${rate} req/s`, half));
      figures[target.name] = { peak, half };
    }
    operations[operation] = figures;
  }
  return { run, operations };
}
