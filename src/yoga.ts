// The GraphQL HTTP handler. Built here, not in the server, so that tests call `yoga.fetch`
// without opening a port; src/server.ts only listens.
import { randomUUID } from 'node:crypto';
import { createGraphQLError } from '@graphql-tools/utils';
import type { DocumentNode, GraphQLError } from 'graphql';
import { createYoga as createYogaServer, handleStreamOrSingleExecutionResult, maskError, type Plugin } from 'graphql-yoga';
import { useCompiledQueries } from './compiled-queries.js';
import type { Config, CorsOrigins } from './config.js';
import { createContext, type Context, type ContextDeps, type Services } from './context.js';
import type { Database } from './db/database.js';
import { databaseFailure } from './db/failures.js';
import { graphiqlAssetsDir, graphiqlOptions, graphiqlRenderer, useGraphiQLAssets } from './http/graphiql.js';
import type { Logger } from './logger.js';
import { maskedError, publicError, serviceUnavailable } from './schema/errors.js';
import { fieldNodesAt } from './schema/field-nodes.js';
import { schema } from './schema/index.js';
import { useSharedAnswers } from './shared-answers.js';
import type { Principal } from './security/principal.js';
import type { SharedReads } from './shared-reads.js';

export interface YogaDeps {
  db: Database;
  services: Services;
  config: Config;
  logger: Logger;
  /**
   * Who is calling (src/auth/authenticate.ts in the app). It may throw a GraphQL error, which
   * then answers the whole request (UNAUTHENTICATED, 401). Without it, everyone is anonymous.
   */
  principal?: (request: Request) => Principal | Promise<Principal>;
  /** Reads kept between requests (src/app.ts keeps area counts while facilities do not change). */
  shared?: SharedReads;
  /**
   * `plugins` bound every request body (src/http/hardening.ts does): Yoga's own limit is then
   * left off rather than streaming each body through a second counter.
   */
  bodiesLimited?: boolean;
  /** More Yoga plugins (operational endpoints, authentication, limits), run before ours. */
  plugins?: Plugin[];
}

// Looked up once per process: GraphiQL's files from the installed package (http/graphiql.ts).
const graphiqlAssets = graphiqlAssetsDir();

export function createYoga(deps: YogaDeps) {
  const contextDeps: ContextDeps = { db: deps.db, services: deps.services, config: deps.config, logger: deps.logger, shared: deps.shared };
  return createYogaServer<Record<string, unknown>, Context>({
    schema,
    graphiql: deps.config.graphiql ? graphiqlOptions() : false,
    renderGraphiQL: graphiqlRenderer(graphiqlAssets, deps.logger),
    cors: corsFor(deps.config.corsOrigins),
    // Yoga's own limit (25 MB by default) would cut uploads short of MAX_UPLOAD_BYTES. Without
    // body limits among the plugins it stays as a backstop well above ours.
    maxRequestBodySize: deps.bodiesLimited ? false : 2 * Math.max(deps.config.MAX_UPLOAD_BYTES, deps.config.MAX_BODY_BYTES),
    logging: yogaLogger(deps.logger),
    // Our plugin below masks unexpected execution errors with the request id. This catches the
    // rest (a failing context factory) and never adds stack traces, whatever NODE_ENV says. The
    // database being unreachable while the caller is authenticated is a 503, as in a resolver.
    maskedErrors: {
      isDev: false,
      maskError: (error, message, isDev) => (databaseFailure(error) === 'unavailable' ? serviceUnavailable() : maskError(error, message, isDev)),
    },
    context: async ({ request }) =>
      createContext(contextDeps, {
        requestId: requestIdOf(request),
        ...(deps.principal ? { principal: await deps.principal(request) } : {}),
      }),
    plugins: [
      ...(deps.plugins ?? []),
      ...(deps.config.graphiql && graphiqlAssets ? [useGraphiQLAssets(graphiqlAssets)] : []),
      // Before compiled execution: a kept answer replaces execution altogether.
      useSharedAnswers(),
      ...(deps.config.GRAPHQL_JIT ? [useCompiledQueries(deps.logger)] : []),
      useRequestId(),
      useErrorMasking(),
    ],
  });
}

/**
 * Yoga's default grants every origin, with credentials. Only the configured origins get CORS
 * headers now, and never Allow-Credentials: API keys and bearer tokens are sent by the page's
 * own code, which needs no credentials mode, and nothing of ours is a cookie. Any other origin
 * gets no CORS headers at all, so the browser keeps the answer from the page.
 */
function corsFor(origins: CorsOrigins) {
  if (origins !== '*' && origins.length === 0) return false;
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || (origins !== '*' && !origins.includes(origin))) return false;
    return { origin, credentials: false };
  };
}

const requestIds = new WeakMap<Request, string>();
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The caller's `x-request-id` when it is a plausible id (so a proxy's id follows the request
 * into our logs), else a fresh one. The same value for the whole request.
 */
function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Echoes the request id, so a caller reporting a masked error can quote it. */
function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}

/**
 * Unexpected errors become "Unexpected error." with the request id, after being logged in full
 * with that id; expected ones (codes such as BAD_USER_INPUT, NOT_FOUND) pass through. This runs
 * where the context is at hand, before Yoga's own masking sees the result.
 */
function useErrorMasking(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      return {
        onExecuteDone: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            if (!result.errors?.length) return;
            const errors = result.errors.map((unlocated) => {
              const error = located(unlocated, args.document, args.operationName);
              const shown = publicError(error);
              if (shown) return shown;
              ctx.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error in a resolver');
              return maskedError(error, ctx.requestId);
            });
            setResult({ ...result, errors });
          }),
      };
    },
  };
}

/**
 * The error with the fields on its path as its nodes, when it came without them (a compiled
 * query's errors carry locations but no nodes, and errors.ts places what it rewrites by nodes).
 */
function located(error: GraphQLError, document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  if (error.nodes?.length || !error.path) return error;
  const nodes = fieldNodesAt(document, operationName, error.path);
  if (nodes.length === 0) return error;
  return createGraphQLError(error.message, { nodes, path: error.path, originalError: error.originalError, extensions: error.extensions });
}

/** Yoga logs through pino, so its lines carry the same fields and go to the same place. */
function yogaLogger(logger: Logger) {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, first.message);
      else logger[level](rest.length ? { details: rest } : {}, String(first));
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
