// Measuring one server: single requests (their SQL statements and answers) and load phases:
// peak throughput with autocannon, latency at a fixed rate with fixed-rate.ts (open loop).
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { fixedRatePhase } from './fixed-rate.js';
import type { StatementCounts } from './our-server.js';
import { sampleFor, type HttpRequest, type Operation, type Sample, type Samples } from './operations.js';

export type ServerName = 'ours' | 'baseline';

/** A running server the benchmark can send requests to. */
export interface Target {
  name: ServerName;
  /** http://127.0.0.1:port */
  url: string;
  request(operation: Operation, sample: Sample): HttpRequest;
  /** Cumulative statement counters. */
  statements(): Promise<StatementCounts>;
  /** Cumulative CPU time of the server's process, when it has one of its own. */
  cpuMs?(): Promise<number>;
  close(): Promise<void>;
}

/** Statements sent to the database: on the wire when counted there, else Prisma's plus db.sql's. */
export function statementTotal(counts: StatementCounts): number {
  return counts.wire ?? counts.prisma + counts.sql;
}

function difference(after: StatementCounts, before: StatementCounts): StatementCounts {
  return {
    prisma: after.prisma - before.prisma,
    sql: after.sql - before.sql,
    ...(after.wire !== undefined && before.wire !== undefined ? { wire: after.wire - before.wire } : {}),
  };
}

export interface SingleAnswer {
  status: number;
  body: unknown;
  statements: StatementCounts;
}

/** One request on an idle server: its answer and the statements it cost. */
export async function singleRequest(target: Target, operation: Operation, sample: Sample): Promise<SingleAnswer> {
  const before = await target.statements();
  const request = target.request(operation, sample);
  const response = await fetch(target.url + request.path, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  // Query events are emitted as statements finish; give stragglers a moment before reading.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const after = await target.statements();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, statements: difference(after, before) };
}

/** GraphQL errors in an answer, if any (a 200 can still carry them). */
export function answerErrors(body: unknown): unknown[] {
  return body && typeof body === 'object' && 'errors' in body && Array.isArray(body.errors) ? body.errors : [];
}

/** The first place two JSON values differ, as a path with both values; undefined when equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (d) return d;
    }
  }
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 120);
  return `${at}: ${show(a)} vs ${show(b)}`;
}

/**
 * Waits until the server has finished what the load generator abandoned when a phase ended
 * (it closes its connections; the server still answers them), so that the next phase does not
 * pay for the previous one's requests. Idle means no new statement for two polls in a row.
 */
export async function settle(target: Target, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = statementTotal(await target.statements());
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = statementTotal(await target.statements());
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

export interface LoadFigures {
  /** Answers (any status) per second over the phase. */
  rps: number;
  requests: number;
  durationS: number;
  /** Milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts; non-2xx answers. Any of these makes the phase suspect. */
  errors: number;
  non2xx: number;
  /** Statements sent during the phase per answered request. */
  statementsPerRequest: number;
  /** The server process's CPU time during the phase per answered request (when known). */
  cpuMsPerRequest?: number;
  /** The requested rate, for fixed-rate phases. */
  rate?: number;
  /** Fixed-rate phases: how late the load generator was, at worst, in sending a request (ms). */
  sendLagMs?: number;
}

export interface LoadOptions {
  /** Seconds. */
  duration: number;
  connections: number;
  /** Requests per second across all connections; unset for as fast as the server answers. */
  rate?: number;
}

/**
 * A load phase: the operation's samples in turn, for `duration` seconds. Without a rate,
 * autocannon keeps every connection busy (peak throughput, closed loop); with one, requests are
 * due at evenly spaced times and latencies run from those times (fixed-rate.ts).
 */
export async function loadPhase(target: Target, operation: Operation, samples: Samples, options: LoadOptions): Promise<LoadFigures> {
  const before = await target.statements();
  const cpuBefore = await target.cpuMs?.();
  const figures = options.rate ? await fixedRate(target, operation, samples, options.rate, options) : await peak(target, operation, samples, options);
  const after = await target.statements();
  const cpuAfter = await target.cpuMs?.();
  await settle(target);
  const { requests } = figures;
  return {
    ...figures,
    statementsPerRequest: requests ? statementTotal(difference(after, before)) / requests : 0,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && requests ? { cpuMsPerRequest: (cpuAfter - cpuBefore) / requests } : {}),
  };
}

type PhaseFigures = Omit<LoadFigures, 'statementsPerRequest' | 'cpuMsPerRequest'>;

async function peak(target: Target, operation: Operation, samples: Samples, options: LoadOptions): Promise<PhaseFigures> {
  let next = 0;
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.duration,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, ...target.request(operation, sampleFor(operation, samples, next++)) }) }],
  });
  const requests = result.requests.total;
  return {
    rps: requests / result.duration,
    requests,
    durationS: result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function fixedRate(target: Target, operation: Operation, samples: Samples, rate: number, options: LoadOptions): Promise<PhaseFigures> {
  const result = await fixedRatePhase({
    url: target.url,
    rate,
    duration: options.duration,
    connections: options.connections,
    request: (index) => target.request(operation, sampleFor(operation, samples, index)),
  });
  return {
    rps: (result.ok + result.non2xx) / result.durationS,
    requests: result.requests,
    durationS: result.durationS,
    ...result.latency,
    errors: result.errors,
    non2xx: result.non2xx,
    rate,
    sendLagMs: result.maxSendLagMs,
  };
}
