// Which database failures are not bugs: the server going away (a restart, a failover, a
// terminated backend) and a statement stopped by DB_STATEMENT_TIMEOUT_MS. Both reach us wrapped
// differently depending on the path — pg's own errors from plain SQL, Prisma's errors (with the
// driver adapter's error as a cause) from the client, a socket error from a pool that cannot
// connect — so the whole chain of causes is read, by code first and by pg's fixed wording last.

export type DatabaseFailure = 'unavailable' | 'statement_timeout';

/** PostgreSQL's query_canceled: statement_timeout (and a cancel request, which we never send). */
const TIMEOUT_CODES = new Set(['57014']);

const UNAVAILABLE_CODES = new Set([
  // PostgreSQL: admin_shutdown (pg_terminate_backend, a fast shutdown), crash_shutdown,
  // cannot_connect_now (starting up or shutting down), connection_exception and its kinds.
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
  // Node's socket errors.
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // Prisma: can't reach the server, timed out reaching it, the server closed the connection.
  'P1001', 'P1002', 'P1017',
]);

/** Driver adapter error kinds (@prisma/driver-adapter-utils) that mean the connection, not the query. */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TlsConnectionError']);

/** pg raises these as plain Errors, without a code. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
];
const TIMEOUT_MESSAGES = [/canceling statement due to statement timeout/i];

/** What kind of expected database failure `error` is, or undefined for any other error. */
export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const found = classify(next as Record<string, unknown>);
    if (found) return found;
    const { cause, originalError, meta } = next as { cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown } };
    pending.push(cause, originalError, meta?.driverAdapterError);
  }
  return undefined;
}

function classify(value: Record<string, unknown>): DatabaseFailure | undefined {
  const code = typeof value.code === 'string' ? value.code : typeof value.originalCode === 'string' ? value.originalCode : undefined;
  if (code && TIMEOUT_CODES.has(code)) return 'statement_timeout';
  if (code && UNAVAILABLE_CODES.has(code)) return 'unavailable';
  if (typeof value.kind === 'string' && UNAVAILABLE_KINDS.has(value.kind)) return 'unavailable';
  const message = typeof value.message === 'string' ? value.message : '';
  if (TIMEOUT_MESSAGES.some((pattern) => pattern.test(message))) return 'statement_timeout';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  return undefined;
}
