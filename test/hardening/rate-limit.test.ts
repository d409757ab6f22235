// Request budgets: RATE_LIMIT_PER_MINUTE per API key or client address, refilled continuously,
// refused with 429, Retry-After and RATE_LIMITED; probes are never limited. The clock is the
// test's, so "within the window" means what the test says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerKey, clientAddress, createRateLimiter } from '../../src/http/rate-limit.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ENDPOINT, onlyError, startHardenedApi, type GraphQLBody, type HardenedApi } from './harness.js';

const PER_MINUTE = 3;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

/** An API whose clock stands still until the test moves it. */
async function limitedApi(): Promise<HardenedApi & { advance(ms: number): void }> {
  let now = 0;
  const api = await startHardenedApi({ env: { NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) }, db, now: () => now });
  return Object.assign(api, { advance: (ms: number) => void (now += ms) });
}

async function statuses(api: HardenedApi, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await api.post('{ __typename }', undefined, headers)).response.status);
  return seen;
}

describe('rate limit', () => {
  it('refuses a caller after RATE_LIMIT_PER_MINUTE requests within the minute, with 429, Retry-After and RATE_LIMITED', async () => {
    const api = await limitedApi();
    try {
      expect(await statuses(api, PER_MINUTE)).toEqual([200, 200, 200]);
      const { response, body } = await api.post('{ __typename }');
      expect(response.status).toBe(429);
      // One request comes back every 60 / PER_MINUTE seconds.
      expect(response.headers.get('retry-after')).toBe('20');
      expect(onlyError(body)).toEqual({ message: 'Too many requests; retry after 20 s.', extensions: { code: 'RATE_LIMITED' } });
      expect(api.logs.some((line) => line.msg === 'request refused: rate limit reached')).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('gives a refused caller one request back as each 1/RATE_LIMIT_PER_MINUTE of a minute passes', async () => {
    const api = await limitedApi();
    try {
      await statuses(api, PER_MINUTE);
      api.advance(19_000);
      expect(await statuses(api, 1)).toEqual([429]);
      api.advance(1_000);
      expect(await statuses(api, 2)).toEqual([200, 429]);
      api.advance(60_000);
      expect(await statuses(api, PER_MINUTE + 1)).toEqual([200, 200, 200, 429]);
    } finally {
      await api.close();
    }
  });

  it('keeps a budget per API key, apart from the address it calls from', async () => {
    const api = await limitedApi();
    try {
      expect(await statuses(api, PER_MINUTE + 1)).toEqual([200, 200, 200, 429]);
      expect(await statuses(api, PER_MINUTE + 1, { 'x-api-key': 'partner-a' })).toEqual([200, 200, 200, 429]);
      expect(await statuses(api, 1, { 'x-api-key': 'partner-b' })).toEqual([200]);
    } finally {
      await api.close();
    }
  });

  it('never limits /health, /ready or /metrics', async () => {
    const api = await limitedApi();
    try {
      await statuses(api, PER_MINUTE + 1);
      for (const path of ['/health', '/ready', '/metrics']) {
        for (let i = 0; i < PER_MINUTE + 1; i++) {
          expect((await api.yoga.fetch(new URL(path, ENDPOINT))).status, path).toBe(200);
        }
      }
      expect((await api.post('{ __typename }')).response.status).toBe(429);
    } finally {
      await api.close();
    }
  });
});

describe('whose budget a request spends', () => {
  const request = (headers: Record<string, string>) => new Request(ENDPOINT, { headers });
  const fromSocket = { req: { socket: { remoteAddress: '10.0.0.7' } } };

  it('is the API key when one is given, hashed: the key itself is never held', () => {
    const key = callerKey(request({ 'x-api-key': 'gvrc_secret_value' }), fromSocket, false);
    expect(key).toMatch(/^apiKey:[0-9a-f]{32}$/);
    expect(key).not.toContain('secret');
    expect(callerKey(request({ 'x-api-key': 'gvrc_other' }), fromSocket, false)).not.toBe(key);
  });

  it('is the socket address otherwise, and X-Forwarded-For only behind a trusted proxy', () => {
    const forwarded = request({ 'x-forwarded-for': '203.0.113.9, 198.51.100.4' });
    expect(callerKey(forwarded, fromSocket, false)).toBe('address:10.0.0.7');
    // The proxy appends the address it saw; what came before is the caller's own claim.
    expect(clientAddress(forwarded, fromSocket, true)).toBe('198.51.100.4');
    expect(clientAddress(request({}), fromSocket, true)).toBe('10.0.0.7');
  });

  it('is "unknown" when there is neither a socket nor a trusted proxy (yoga.fetch)', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '203.0.113.9' }), {}, false)).toBe('unknown');
  });
});

describe('the token bucket', () => {
  it('forgets the least recently seen caller when it holds as many as it may', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 1, maxKeys: 2, now: () => now });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('b')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take('c')).toEqual({ allowed: true });
    now += 30_000;
    // "a" was forgotten to make room for "c", so it starts with a full bucket again.
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('c')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });
});
