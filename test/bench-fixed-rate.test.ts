// The API benchmark's fixed-rate load (bench/api/fixed-rate.ts): requests leave on a schedule, not
// in bursts, and a latency runs from the time its request was due, so a server that stalls is
// charged for every request that waited on it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedRatePhase, percentile } from '../bench/api/fixed-rate.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server that answers request n after `delayMs(n)` and remembers when each arrived. */
async function startServer(delayMs: (n: number) => number): Promise<{ url: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const n = arrivals.push(performance.now()) - 1;
    req.resume();
    req.on('end', () => setTimeout(() => res.end(`{"n":${n}}`), delayMs(n)));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, arrivals };
}

const get = () => ({ method: 'GET', path: '/', headers: {} });

describe('percentile', () => {
  it('takes the nearest rank: the smallest value with at least that share of values at or below it', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('fixedRatePhase', () => {
  it('sends rate × duration requests spread over the phase, not in bursts', async () => {
    const { url, arrivals } = await startServer(() => 2);
    const result = await fixedRatePhase({ url, rate: 100, duration: 1, connections: 10, request: get });

    expect(result.requests).toBe(100);
    expect(result.ok).toBe(100);
    expect(result.errors + result.non2xx).toBe(0);
    expect(arrivals).toHaveLength(100);
    // Evenly spaced at 10 ms, no 100 ms holds more than a few over its share of 10. A generator
    // that sends each second's quota back to back puts all 100 in the first tens of milliseconds.
    const first = arrivals[0];
    const busiest = Math.max(...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 100).length));
    expect(busiest).toBeLessThanOrEqual(16);
    expect(arrivals.at(-1)! - first).toBeGreaterThan(900);
    expect(result.durationS).toBeGreaterThan(0.9);
    expect(result.latency.p50).toBeGreaterThanOrEqual(2);
  });

  it('charges a stall to every request that was due during it', async () => {
    // One connection; the first answer takes 300 ms, the rest 1 ms. Requests due every 20 ms
    // queue behind the first: the one due at 20 ms waits ~280 ms, the one at 40 ms ~260 ms, and
    // so on. Measured from when each was finally sent they would all look like 1 ms.
    const { url } = await startServer((n) => (n === 0 ? 300 : 1));
    const result = await fixedRatePhase({ url, rate: 50, duration: 1, connections: 1, request: get });

    expect(result.ok).toBe(50);
    expect(result.latency.max).toBeGreaterThanOrEqual(295);
    // 15 of the 50 requests were due during the stall; the 5th slowest of them waited ~220 ms.
    expect(result.latency.p90).toBeGreaterThanOrEqual(150);
    expect(result.latency.p50).toBeLessThan(100);
  });

  it('counts answers that are not 2xx apart from the latencies, and failed connections as errors', async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/fail') res.socket?.destroy();
      else {
        res.statusCode = 503;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await fixedRatePhase({
      url,
      rate: 20,
      duration: 0.5,
      connections: 2,
      request: (i) => ({ method: 'GET', path: i % 2 ? '/fail' : '/', headers: {} }),
    });

    expect(result.requests).toBe(10);
    expect(result.non2xx).toBe(5);
    expect(result.errors).toBe(5);
    expect(result.ok).toBe(0);
    expect(result.latency.p99).toBe(0);
  });

  it('refuses a rate that is not positive', async () => {
    await expect(fixedRatePhase({ url: 'http://127.0.0.1:1', rate: 0, duration: 1, connections: 1, request: get })).rejects.toThrow(
      /rate must be positive/,
    );
  });
});
