// Request budgets per caller: a token bucket per API key or client address, kept in memory.
//
// The buckets live in this process. Each API replica keeps its own, so N replicas behind a load
// balancer admit up to N × RATE_LIMIT_PER_MINUTE per caller, and a restart forgets every
// bucket. That is enough to stop one caller from starving the others on a replica; a quota that
// must hold across replicas needs a shared store (Redis, the database) instead.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one request from `key`'s budget, or says how long until there is one to spend. */
  take(key: string): RateDecision;
}

export interface RateLimiterOptions {
  /** The sustained rate; it is also the burst a caller idle for a minute may spend at once. */
  perMinute: number;
  /** Milliseconds from a monotonic clock (tests pass their own). */
  now?: () => number;
  /** Callers remembered at most; past this the least recently seen are forgotten (they start full). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MINUTE_MS = 60_000;

/**
 * A token bucket per key: it holds up to `perMinute` requests and refills continuously at
 * `perMinute` a minute. Unlike a fixed window, a caller cannot spend two windows' worth around a
 * window boundary, and the wait it is told is exact.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const capacity = options.perMinute;
  const refillPerMs = options.perMinute / MINUTE_MS;
  const now = options.now ?? (() => performance.now());
  const maxKeys = options.maxKeys ?? 100_000;
  // Insertion order is recency order (a bucket is re-inserted when spent from), so the first key
  // is the one to forget when the map is full.
  const buckets = new Map<string, Bucket>();
  let sweptAt = now();

  const level = (bucket: Bucket, t: number) => Math.min(capacity, bucket.tokens + (t - bucket.at) * refillPerMs);

  /** A refilled bucket is the same as none; dropping those keeps memory to the last minute's callers. */
  function sweep(t: number): void {
    for (const [key, bucket] of buckets) if (level(bucket, t) >= capacity) buckets.delete(key);
    sweptAt = t;
  }

  return {
    take(key) {
      const t = now();
      if (t - sweptAt >= MINUTE_MS) sweep(t);
      const bucket = buckets.get(key);
      const tokens = bucket ? level(bucket, t) : capacity;
      if (tokens < 1) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };
      buckets.delete(key);
      if (buckets.size >= maxKeys) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
      buckets.set(key, { tokens: tokens - 1, at: t });
      return { allowed: true };
    },
  };
}

/**
 * Whose budget a request spends: the API key's when one is presented (hashed, so no secret is
 * held in memory or logged), else the client address.
 *
 * The key is not verified here — authentication runs later, per operation — so a caller sending
 * a fresh made-up key with each request gets a fresh bucket each time. Those requests still fail
 * authentication, so they buy nothing but refusals; the limit is there to protect the budgets
 * of real callers, and it does.
 */
export function callerKey(request: Request, serverContext: unknown, trustProxy: boolean): string {
  const apiKey = request.headers.get('x-api-key');
  if (apiKey) return `apiKey:${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}`;
  return `address:${clientAddress(request, serverContext, trustProxy)}`;
}

/**
 * The caller's address. Behind a trusted proxy (TRUST_PROXY) the last X-Forwarded-For entry, the
 * one our proxy appended — earlier entries are whatever the caller claimed. Otherwise the socket's
 * peer address, which Yoga's Node adapter passes in the server context as `req`; requests made
 * with `yoga.fetch` have no socket and share the `unknown` bucket.
 */
export function clientAddress(request: Request, serverContext: unknown, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers
      .get('x-forwarded-for')
      ?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .at(-1);
    if (forwarded) return forwarded;
  }
  return socketAddress(serverContext) ?? 'unknown';
}

function socketAddress(serverContext: unknown): string | undefined {
  if (typeof serverContext !== 'object' || serverContext === null || !('req' in serverContext)) return undefined;
  const { req } = serverContext;
  if (typeof req !== 'object' || req === null || !('socket' in req)) return undefined;
  const { socket } = req;
  if (typeof socket !== 'object' || socket === null || !('remoteAddress' in socket)) return undefined;
  return typeof socket.remoteAddress === 'string' ? socket.remoteAddress : undefined;
}

/** Liveness, readiness and metrics answer whatever a caller has spent: probes must never be refused. */
const UNLIMITED_PATHS = new Set(['/health', '/ready', '/metrics']);

export interface RateLimitPluginOptions extends RateLimiterOptions {
  trustProxy: boolean;
  logger: Logger;
}

/**
 * Refuses a caller over its budget with 429, a Retry-After header and a GraphQL error coded
 * RATE_LIMITED. It runs when the request arrives, before the body is read or parsed, so a refused
 * request costs next to nothing.
 */
export function useRateLimit(options: RateLimitPluginOptions): Plugin {
  const limiter = createRateLimiter(options);
  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (UNLIMITED_PATHS.has(url.pathname)) return;
      const caller = callerKey(request, serverContext, options.trustProxy);
      const decision = limiter.take(caller);
      if (decision.allowed) return;
      options.logger.warn({ caller, retryAfterSeconds: decision.retryAfterSeconds }, 'request refused: rate limit reached');
      const body = {
        errors: [
          {
            message: `Too many requests; retry after ${decision.retryAfterSeconds} s.`,
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 429,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(decision.retryAfterSeconds) },
        }),
      );
    },
  };
}
