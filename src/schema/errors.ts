// Errors a caller is meant to see carry `extensions.code`; every other error is unexpected and
// is masked before it leaves the server (see yoga.ts). This module decides which is which.
//
// GraphQL errors are made with Yoga's `createGraphQLError` and recognised by name rather than
// with `instanceof`: `graphql` ships a CommonJS and an ES module build, and a tool that loads
// our sources through one and Yoga through the other (Vitest does) would otherwise see two
// different GraphQLError classes, and Yoga would mask our deliberate errors as unexpected.
import { PothosError, PothosValidationError } from '@pothos/core';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { databaseFailure } from '../db/failures.js';
import { InvalidQueryError } from '../facilities/errors.js';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'QUERY_TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/**
 * How long a caller should wait after SERVICE_UNAVAILABLE: about what a PostgreSQL restart or
 * failover takes. The pool reconnects on the next request after that, with nothing to reset.
 */
export const RETRY_AFTER_SECONDS = 5;

export function badUserInput(message: string, argument?: string): GraphQLError {
  return createGraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, ...(argument ? { argument } : {}) },
  });
}

export function notFound(what: string, key: string): GraphQLError {
  return createGraphQLError(`No ${what} ${JSON.stringify(key)}`, {
    extensions: { code: 'NOT_FOUND' satisfies ErrorCode },
  });
}

/** A request whose operation the caller's state forbids (editing a merged-away facility). */
export function conflict(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'CONFLICT' satisfies ErrorCode } });
}

/**
 * A credential was presented and refused, or none was presented where one is needed. `reason`
 * is a short code (`expired`, `wrong_audience`, `invalid_api_key`): the class of problem to fix,
 * never what the token held or what the server expected. With `status`, the whole request is
 * answered 401 (a refused credential); without it, only the field fails.
 */
export function unauthenticated(options: { reason?: string; status?: 401 } = {}): GraphQLError {
  return createGraphQLError(options.reason ? 'Authentication failed.' : 'Authentication required.', {
    extensions: {
      code: 'UNAUTHENTICATED' satisfies ErrorCode,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.status ? { http: { status: options.status, headers: { 'www-authenticate': 'Bearer' } } } : {}),
    },
  });
}

/**
 * The caller may not do this. The same words whatever was asked for, and raised before the
 * resolver runs, so a refusal never tells whether the record exists.
 */
export function forbidden(): GraphQLError {
  return createGraphQLError('Not allowed.', { extensions: { code: 'FORBIDDEN' satisfies ErrorCode } });
}

/** The row, or a NOT_FOUND error naming what was looked for. */
export async function orNotFound<T>(row: T | null | Promise<T | null>, what: string, key: string): Promise<T> {
  const found = await row;
  if (found === null) throw notFound(what, key);
  return found;
}

/**
 * A row a foreign key guarantees; its absence is a broken database, not the caller's mistake.
 * A row at hand stays at hand (no promise): reference data is answered synchronously.
 */
export function referenced<T>(row: T | null | Promise<T | null>): T | Promise<T> {
  return row instanceof Promise ? row.then(present) : present(row);
}

function present<T>(found: T | null): T {
  if (found === null) throw new Error('a row referenced by a foreign key is missing');
  return found;
}

function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === 'GraphQLError';
}

/**
 * The error as the caller should see it, or undefined when it is unexpected (a bug, the
 * database going away) and must be masked.
 *
 * graphql-js wraps whatever a resolver throws in a located GraphQLError, keeping the thrown
 * value as `originalError`. An error without one arose in GraphQL itself (syntax, validation,
 * variable coercion); a thrown GraphQLError was raised on purpose; the domain's own input
 * errors and Pothos' argument checks (malformed global ids) are the caller's fault too.
 */
export function publicError(error: GraphQLError): GraphQLError | undefined {
  const original = error.originalError;
  if (!original) return error;
  // Pothos' errors are GraphQLErrors too, so they are sorted out first: a validation error is
  // the caller's, any other (a schema misconfiguration) is ours.
  if (original instanceof PothosValidationError) return relocated(error, original.message, { code: 'BAD_USER_INPUT' });
  if (original instanceof PothosError) return undefined;
  if (isGraphQLError(original)) return error;
  const failure = databaseFailure(original);
  if (failure === 'unavailable') return relocated(error, serviceUnavailable().message, serviceUnavailable().extensions);
  if (failure === 'statement_timeout') {
    return relocated(error, 'The query took longer than the server allows and was stopped; ask for less (a smaller page, fewer words, a narrower filter).', {
      code: 'QUERY_TIMEOUT' satisfies ErrorCode,
    });
  }
  if (original instanceof InvalidQueryError) {
    return relocated(error, original.message, {
      code: 'BAD_USER_INPUT',
      ...(original.argument ? { argument: original.argument } : {}),
    });
  }
  return undefined;
}

/**
 * The database cannot be reached (restarting, failing over): not a bug and not the caller's
 * fault, so 503 with Retry-After rather than a masked 500, whichever field met it first.
 */
export function serviceUnavailable(): GraphQLError {
  return createGraphQLError('The registry is briefly unavailable; retry after the time in Retry-After.', {
    extensions: {
      code: 'SERVICE_UNAVAILABLE' satisfies ErrorCode,
      http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
    },
  });
}

/** What an unexpected error becomes: no message, stack or SQL, only the id to find it in the logs. */
export function maskedError(error: GraphQLError, requestId: string): GraphQLError {
  return relocated(error, 'Unexpected error.', { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode, requestId });
}

function relocated(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  return createGraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}
