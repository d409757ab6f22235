// A circuit breaker around the database for the API. While PostgreSQL restarts, every request
// would otherwise wait for its own connection attempt and fail: after a few consecutive
// failures the API stops trying, answers 503 with Retry-After at once, and a probe (one
// `SELECT 1` per interval, not a caller's request) closes the circuit when the database answers.
import type { Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';

export interface BreakerOptions {
  /** Consecutive requests that met an unreachable database before the circuit opens. */
  threshold?: number;
  /** How often the probe tries the database while the circuit is open (ms). */
  probeEveryMs?: number;
  /** One cheap statement; throws while the database is unreachable. */
  probe: () => Promise<unknown>;
  now?: () => number;
  onStateChange?: (open: boolean) => void;
}

export interface DatabaseBreaker {
  /** Whether a request may go to the database now. */
  allows(): boolean;
  /** Seconds until the next probe, for Retry-After. */
  retryAfterSeconds(): number;
  succeeded(): void;
  failed(): void;
  isOpen(): boolean;
  /** Runs the probe once now (the timer does it while open). */
  probeNow(): Promise<void>;
  stop(): void;
}

export function createDatabaseBreaker(options: BreakerOptions): DatabaseBreaker {
  const threshold = options.threshold ?? 5;
  const every = options.probeEveryMs ?? 2_000;
  const now = options.now ?? Date.now;
  let failures = 0;
  let open = false;
  let nextProbeAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let probing: Promise<void> | undefined;

  const setOpen = (value: boolean) => {
    if (open === value) return;
    open = value;
    if (open) {
      nextProbeAt = now() + every;
      timer = setInterval(() => void breaker.probeNow(), every);
      timer.unref();
    } else {
      clearInterval(timer);
      timer = undefined;
      failures = 0;
    }
    options.onStateChange?.(open);
  };

  const breaker: DatabaseBreaker = {
    allows: () => !open,
    retryAfterSeconds: () => Math.max(1, Math.ceil((nextProbeAt - now()) / 1000)),
    succeeded() {
      failures = 0;
    },
    failed() {
      failures += 1;
      if (failures >= threshold) setOpen(true);
    },
    isOpen: () => open,
    probeNow() {
      probing ??= options
        .probe()
        .then(
          () => setOpen(false),
          () => {
            nextProbeAt = now() + every;
          },
        )
        .finally(() => {
          probing = undefined;
        });
      return probing;
    },
    stop() {
      clearInterval(timer);
    },
  };
  return breaker;
}

/** The breaker in front of the GraphQL endpoint; /health, /ready and /metrics are not behind it. */
export function useDatabaseBreaker(breaker: DatabaseBreaker, graphqlPath = '/graphql'): Plugin {
  const refused = new WeakSet<Request>();
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlPath || breaker.allows()) return;
      refused.add(request);
      const error = createGraphQLError('The registry is briefly unavailable; retry after the time in Retry-After.', {
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [error.toJSON()] }), {
          status: 503,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(breaker.retryAfterSeconds()) },
        }),
      );
    },
    onResponse({ request, response }) {
      if (refused.has(request) || new URL(request.url).pathname !== graphqlPath) return;
      // 503 is what a request that met an unreachable database answers (schema/errors.ts).
      if (response.status === 503) breaker.failed();
      else if (response.status < 500) breaker.succeeded();
    },
  };
}
