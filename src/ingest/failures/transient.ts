// Which failures a retry can fix. Everything else is deterministic: the same input fails the
// same way again, so retrying it only repeats the failure (issue 22: 5 retries, 9.5 minutes).
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return true;
    // Class 08: connection exceptions.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  // node-postgres reports a dropped connection without a code.
  return /Connection terminated|connection is closed|Client has encountered a connection error/i.test(error.message);
}

/** Exponential backoff with full jitter: a random wait up to base · 2^attempt, capped. */
export function backoffDelayMs(attempt: number, baseMs = 200, capMs = 10_000, random = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
