// Latency at a fixed request rate, measured the way wrk2 measures it: requests are due at evenly
// spaced times, whether or not earlier ones have been answered (open loop), and each latency runs
// from the time its request was due, not from when a free connection finally sent it. A server
// that stalls therefore shows the stall in every request that was due during it, which is what a
// partner polling at that rate would see.
//
// autocannon's own fixed-rate mode (`overallRate`) measures something else, and these figures
// replace it (bench/RESULTS.md, "Half of peak, measured again"): each connection sends its share
// of a second's requests back to back and then waits for the next second, so "half of peak" is
// half a second flat out and half a second idle; and its coordinated-omission correction passes
// `Math.ceil(1 / rate)` as the expected interval, which is 1 ms for any rate of one request per
// second or more, so every answer that took L ms also records L - 1 made-up ones, and the
// percentiles are weighted by latency.
import http from 'node:http';

export interface FixedRateRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FixedRateOptions {
  /** http://host:port */
  url: string;
  /** Requests per second, spread evenly over each second. */
  rate: number;
  /** Seconds. */
  duration: number;
  /** Keep-alive connections; a request due while all are busy waits for one, and its wait counts. */
  connections: number;
  /** The i-th request. */
  request(index: number): FixedRateRequest;
  /** Milliseconds before a request counts as timed out; default 10 s. */
  timeoutMs?: number;
}

export interface FixedRateResult {
  /** Requests that were due in the phase (all of them are sent). */
  requests: number;
  /** Answered with a 2xx status; only these are in the latencies. */
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** From the first request's due time to the last answer. */
  durationS: number;
  /** Milliseconds from due time to the end of the answer, at 0.01 ms resolution. */
  latency: { p50: number; p90: number; p99: number; max: number };
  /**
   * How late the generator itself was in handing requests to the HTTP client, at worst (ms). A
   * large value means the load generator, not the server, fell behind the schedule.
   */
  maxSendLagMs: number;
}

/** The value at quantile `q` (0–1) of ascending `sorted`, by the nearest-rank method. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export async function fixedRatePhase(options: FixedRateOptions): Promise<FixedRateResult> {
  const { rate, duration, connections } = options;
  if (!(rate > 0)) throw new Error(`rate must be positive, got ${rate}`);
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const total = Math.max(1, Math.round(rate * duration));
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let maxSendLagMs = 0;
  let lastEnd = 0;
  const pending: Promise<void>[] = [];

  const send = (index: number, dueAt: number) =>
    new Promise<void>((resolve) => {
      const spec = options.request(index);
      const finish = (ok: boolean, status?: number) => {
        const end = performance.now();
        lastEnd = Math.max(lastEnd, end);
        if (!ok) errors += 1;
        else if (status !== undefined && status >= 200 && status < 300) latencies.push(end - dueAt);
        else non2xx += 1;
        resolve();
      };
      const req = http.request(
        { host: target.hostname, port: target.port, path: spec.path, method: spec.method, headers: spec.headers, agent, timeout: options.timeoutMs ?? 10_000 },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => finish(true, res.statusCode));
          res.on('error', () => finish(false));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', () => finish(false));
      req.end(spec.body);
    });

  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out, so a late timer delays sends but never drops them.
      while (next < total && start + next * intervalMs <= now) {
        const dueAt = start + next * intervalMs;
        maxSendLagMs = Math.max(maxSendLagMs, now - dueAt);
        pending.push(send(next, dueAt));
        next += 1;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();

  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    ok: latencies.length,
    non2xx,
    errors,
    durationS: (lastEnd - start) / 1000,
    latency: {
      p50: round(percentile(latencies, 0.5)),
      p90: round(percentile(latencies, 0.9)),
      p99: round(percentile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? 0),
    },
    maxSendLagMs: round(maxSendLagMs),
  };
}
