// The API's defences against abuse, as Yoga plugins in the order a request meets them:
//
//   arrival        rate limit per API key or client address (429, RATE_LIMITED)
//   before body    CSRF: a request a browser could send cross-site must carry a preflight header
//                  body size: Content-Length checked up front, the bytes counted while read (413)
//   after body     batches refused; uploads only of JSON / NDJSON files
//   parse          token limit
//   validation     depth, aliases, directives and cost limits; introspection unless enabled;
//                  field suggestions masked
//   execution      cost again, with the page sizes the variables ask for; suggestions masked
//
// Refusals are GraphQL errors with an `extensions.code`; limit refusals say which limit, never
// its value or the value found, so probing cannot map the limits out. The limits and why they
// are what they are: docs/decisions/0008-hardening.md.
import { IncomingMessage } from 'node:http';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import {
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type ValidationContext,
} from 'graphql';
import { createGraphQLError, isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { DEFAULT_PAGE_SIZE } from '../schema/pagination.js';
import { operationCost } from './query-cost.js';
import { MAX_SOURCES } from '../imports/import-request.js';
import { useRateLimit } from './rate-limit.js';
import { uploadsDir, useStreamedUploads } from './streamed-uploads.js';

/** The codes of refusals made here; the rate limit's is RATE_LIMITED (src/http/rate-limit.ts). */
export type HardeningErrorCode =
  /** Depth, cost, aliases, directives or tokens over the limit; `extensions.limit` says which. */
  | 'QUERY_TOO_COMPLEX'
  /** The body is over MAX_BODY_BYTES (JSON) or MAX_UPLOAD_BYTES (multipart). */
  | 'REQUEST_ENTITY_TOO_LARGE'
  /** A request a browser could send cross-site, without a preflight header. */
  | 'CSRF_PREFLIGHT_REQUIRED'
  /** A batch (a JSON array of operations), or a Content-Length that is not one number. */
  | 'BAD_REQUEST'
  /** An upload that is not a JSON or NDJSON file, as the importer says for a bad path. */
  | 'BAD_USER_INPUT';

export type QueryLimit = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens';

const QUERY_LIMIT_MESSAGES: Record<QueryLimit, string> = {
  depth: 'Query refused: it is nested too deeply.',
  cost: 'Query refused: it asks for too much data at once; select fewer fields or smaller pages.',
  aliases: 'Query refused: it uses too many aliases.',
  directives: 'Query refused: it uses too many directives.',
  tokens: 'Query refused: it is too long.',
};

/**
 * A cross-site page can add none of these without a CORS preflight, so a request carrying one
 * was not forged by a plain form or <img>, as long as CORS grants the preflight only to the
 * origins in CORS_ORIGINS (src/yoga.ts).
 */
export const PREFLIGHT_HEADERS = ['x-graphql-yoga-csrf', 'graphql-require-preflight', 'apollo-require-preflight'] as const;

export interface HardeningOptions {
  /** The rate limiter's clock (tests); see createRateLimiter. */
  now?: () => number;
}

export function hardeningPlugins(config: Config, logger: Logger, options: HardeningOptions = {}): Plugin[] {
  return [
    useRateLimit({ perMinute: config.RATE_LIMIT_PER_MINUTE, trustProxy: config.TRUST_PROXY, logger, ...(options.now ? { now: options.now } : {}) }),
    useCsrfPrevention(),
    // Before the body limit, which then counts what this parser reads.
    useStreamedUploads({ dir: uploadsDir(config.dataDir), maxFieldBytes: config.MAX_BODY_BYTES, maxFiles: MAX_SOURCES }),
    useBodyLimits({ json: config.MAX_BODY_BYTES, multipart: config.MAX_UPLOAD_BYTES }),
    useNoBatching(),
    useJsonUploadsOnly(),
    ...useQueryLimits(config, logger),
    ...(config.introspection ? [] : [useNoIntrospection()]),
    useNoSuggestions(),
  ];
}

function refusal(message: string, code: HardeningErrorCode, status: number): GraphQLError {
  return createGraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * A refused query is answered like any invalid one: 400 to clients that accept
 * application/graphql-response+json, 200 to legacy application/json clients (`spec`), as Yoga
 * answers a validation error — so it does not matter whether validation or execution refused it.
 */
function queryTooComplex(limit: QueryLimit): GraphQLError {
  return createGraphQLError(QUERY_LIMIT_MESSAGES[limit], {
    extensions: { code: 'QUERY_TOO_COMPLEX' satisfies HardeningErrorCode, limit, http: { spec: true, status: 400 } },
  });
}

/**
 * A browser sends a cross-site "simple" request (no content type, or form, multipart or plain
 * text) without asking first, with the user's cookies. JSON POSTs are not simple, so they are
 * safe as they are; a multipart upload, a GET query or a form post must carry one of the
 * preflight headers, which a cross-site page cannot add without a CORS preflight. This is
 * Yoga's `useCSRFPrevention` (from @graphql-yoga/plugin-csrf-prevention, not installed here),
 * accepting Apollo's header names too so their clients work unchanged.
 */
function useCsrfPrevention(): Plugin {
  const simpleTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
  return {
    onRequestParse({ request }) {
      const type = mediaType(request);
      if (type && !simpleTypes.has(type)) return;
      if (PREFLIGHT_HEADERS.some((header) => request.headers.has(header))) return;
      throw refusal(
        `This request could have been forged by another site; send it with a JSON body, or with one of the headers ${PREFLIGHT_HEADERS.join(', ')}.`,
        'CSRF_PREFLIGHT_REQUIRED',
        403,
      );
    },
  };
}

function mediaType(request: Request): string | undefined {
  return request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}

type RequestParser = NonNullable<Parameters<NonNullable<Plugin['onRequestParse']>>[0]['requestParser']>;
type FetchAPI = Parameters<NonNullable<Plugin['onRequestParse']>>[0]['fetchAPI'];

/**
 * MAX_BODY_BYTES for JSON (and every other non-multipart body), MAX_UPLOAD_BYTES for a multipart
 * request as a whole: every file part lands on disk while the request is parsed
 * (streamed-uploads.ts), so the whole request is what must be bounded. A declared Content-Length is checked
 * before a byte is read. Without one (chunked), or when the request did not come through
 * node:http, the bytes are counted as they are read and reading stops at the limit.
 *
 * node:http itself delivers exactly the declared length of a body, so such a body is not counted
 * again: the counting stream costs a stream pipeline per request whose objects outlive the young
 * generation; in a heap sample of 8,000 requests they were half of what the server promoted to
 * the old one (ADR 0009). This is the only body limit: src/app.ts turns Yoga's own, which streams every body
 * through a counter too, off.
 */
function useBodyLimits(limits: { json: number; multipart: number }): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      const limit = mediaType(request) === 'multipart/form-data' ? limits.multipart : limits.json;
      const declared = request.headers.get('content-length');
      // One non-negative integer; anything else (a list, as in request smuggling) is refused.
      if (declared !== null && !/^\d+$/.test(declared)) throw refusal('Content-Length header is invalid.', 'BAD_REQUEST', 400);
      if (declared !== null && Number(declared) > limit) throw bodyTooLarge();
      if (!requestParser || !request.body) return;
      if (declared !== null && delimitedByNodeHttp(request, serverContext)) return;
      setRequestParser(countingParser(requestParser, limit, fetchAPI));
    },
  };
}

/**
 * The body arrived over node:http with a Content-Length and no Transfer-Encoding, so the parser
 * read exactly that many bytes (a request carrying both is refused by it, unless a server opts
 * into its lenient mode, which is why the second header is checked too).
 */
function delimitedByNodeHttp(request: Request, serverContext: unknown): boolean {
  if (request.headers.has('transfer-encoding')) return false;
  const req = typeof serverContext === 'object' && serverContext !== null && 'req' in serverContext ? serverContext.req : undefined;
  return req instanceof IncomingMessage;
}

function bodyTooLarge(): GraphQLError {
  return refusal('Request body too large.', 'REQUEST_ENTITY_TOO_LARGE', 413);
}

/**
 * The parser, reading the body through a counter that fails the stream past `limit`. Yoga's
 * parsers report a failed stream as malformed JSON or multipart (400), so the failure is
 * recognised here and reported as what it is.
 */
function countingParser(parse: RequestParser, limit: number, fetchAPI: FetchAPI): RequestParser {
  return async (request) => {
    if (!request.body) return parse(request);
    let read = 0;
    let exceeded = false;
    // Yoga's own limit does the same: a native stream needs the native TransformStream.
    const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
    const counted = request.body.pipeThrough(
      new Transform<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          read += chunk.byteLength;
          if (read > limit) {
            exceeded = true;
            controller.error(bodyTooLarge());
            return;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    // `duplex` is required by fetch for a streamed body but missing from the DOM typings.
    const init: RequestInit & { duplex: 'half' } = { method: request.method, headers: request.headers, signal: request.signal, body: counted, duplex: 'half' };
    try {
      return await parse(new fetchAPI.Request(request.url, init));
    } catch (error) {
      if (exceeded) throw bodyTooLarge();
      throw error;
    }
  };
}

/**
 * Yoga's batching is off (src/yoga.ts leaves `batching` unset); this holds even if it is ever
 * turned on, since a batch would multiply what one request may cost past every limit here.
 */
function useNoBatching(): Plugin {
  return {
    onRequestParse: () => ({
      onRequestParseDone({ requestParserResult }) {
        if (Array.isArray(requestParserResult)) {
          throw refusal('Batched requests are not accepted; send one operation per request.', 'BAD_REQUEST', 400);
        }
      },
    }),
  };
}

const UPLOAD_EXTENSIONS = ['.json', '.ndjson', '.jsonl'];
/**
 * What a client may declare an upload to be. An empty type and application/octet-stream mean
 * "not declared" (curl sends the latter for .ndjson); the name decides then.
 */
const UPLOAD_TYPES = new Set(['application/json', 'application/x-ndjson', 'application/jsonl', 'text/plain', 'application/octet-stream', '']);

interface UploadLike {
  name: string;
  type: string;
}

/**
 * Uploads are import sources: JSON or NDJSON files only. A file must be named .json, .ndjson or
 * .jsonl and not be declared as some other type (an image, an archive). The importer refuses a
 * bad name too, but only after the job has copied the file; this refuses it before anything is
 * stored, with the code the importer uses.
 */
function useJsonUploadsOnly(): Plugin {
  return {
    onRequestParse({ request }) {
      if (mediaType(request) !== 'multipart/form-data') return;
      return {
        onRequestParseDone({ requestParserResult }) {
          for (const params of [requestParserResult].flat()) {
            for (const file of uploadsIn(params.variables)) {
              const name = file.name.toLowerCase();
              const type = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
              if (UPLOAD_EXTENSIONS.some((extension) => name.endsWith(extension)) && UPLOAD_TYPES.has(type)) continue;
              throw refusal(
                `Upload ${JSON.stringify(file.name.slice(0, 200))} refused: only JSON or NDJSON files (.json, .ndjson, .jsonl) can be imported.`,
                'BAD_USER_INPUT',
                415,
              );
            }
          }
        },
      };
    },
  };
}

/** The uploaded files among `value`, walked without recursion: variables can nest arbitrarily deep. */
function uploadsIn(value: unknown): UploadLike[] {
  const found: UploadLike[] = [];
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (isUpload(next)) found.push(next);
    else pending.push(...Object.values(next));
  }
  return found;
}

/** A File as Yoga's multipart parser puts it into the variables (a class of its own, so not `instanceof File`). */
function isUpload(value: object): value is UploadLike {
  return 'name' in value && typeof value.name === 'string' && 'type' in value && typeof value.type === 'string' && 'stream' in value && typeof value.stream === 'function';
}

/**
 * graphql-armor's limits, set never to say their value (`exposeLimits: false`) and to report our
 * own QUERY_TOO_COMPLEX error instead of armor's "Syntax Error: …" (a validation error is added
 * to the others; the token limit fires while parsing, where there is nothing to add to, so it
 * throws). Then the cost once more at execution, when the variables are known.
 */
function useQueryLimits(config: Config, logger: Logger): Plugin[] {
  const reject = (limit: QueryLimit) => ({
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null) => {
        logger.info({ limit }, 'query refused: over a limit');
        const error = queryTooComplex(limit);
        if (!context) throw error;
        context.reportError(error);
      },
    ],
  });
  const armor = new EnvelopArmor<YogaInitialContext>({
    maxTokens: { n: config.MAX_QUERY_TOKENS, ...reject('tokens') },
    // Fragments count as the fields they hold, so a client organised in fragments is not
    // charged for its organisation.
    maxDepth: { n: config.MAX_QUERY_DEPTH, flattenFragments: true, ...reject('depth') },
    maxAliases: { n: config.MAX_QUERY_ALIASES, ...reject('aliases') },
    maxDirectives: { n: config.MAX_QUERY_DIRECTIVES, ...reject('directives') },
    // A cheap first pass, cached with the validation of the query text: page sizes written into
    // the query count, variables and unpaginated lists do not (see useEffectiveCostLimit).
    costLimit: { maxCost: config.MAX_QUERY_COST, flattenFragments: true, ...reject('cost') },
    // "Did you mean …?" would list the schema's fields to a caller that introspection is closed to.
    blockFieldSuggestion: { enabled: true },
  });
  return [...armor.protect().plugins, useEffectiveCostLimit(config, logger)];
}

/**
 * What an unpaginated list (a county's constituencies, a constituency's wards, a facility's
 * services) is charged as: about the branching of Kenya's geography (290 constituencies over 47
 * counties, 1,450 wards over 290 constituencies). Charging it as one item, as armor does, would let
 * county → constituencies → wards → constituency → county … answer megabytes within any limit.
 */
const UNPAGED_LIST_SIZE = 5;

/** See src/http/query-cost.ts: armor's cost, with the page sizes the variables ask for. */
function useEffectiveCostLimit(config: Config, logger: Logger): Plugin {
  const pages = {
    defaultPageSize: Math.min(DEFAULT_PAGE_SIZE, config.MAX_PAGE_SIZE),
    maxPageSize: config.MAX_PAGE_SIZE,
    unpagedListSize: UNPAGED_LIST_SIZE,
  };
  /** The refusal when the operation costs too much, else undefined. */
  function refusalFor(args: ExecutionArgs): ExecutionResult | undefined {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return undefined;
    const cost = operationCost(args.schema, args.document, operation, args.variableValues ?? undefined, pages);
    if (cost <= config.MAX_QUERY_COST) return undefined;
    logger.info({ limit: 'cost', operationName: args.operationName ?? null }, 'query refused: over a limit');
    return { errors: [queryTooComplex('cost')] };
  }
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusalFor(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusalFor(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}

/**
 * Without introspection a stranger has to guess the schema; production keeps it closed unless
 * INTROSPECTION says otherwise (config.introspection). `__typename` stays allowed.
 */
function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * armor masks "Did you mean …?" in validation errors; the same hint also appears when a variable
 * holds an unknown enum value (`Did you mean the enum value "NAME"?`), which is raised during
 * execution. This masks it wherever it appears, with armor's words.
 */
function useNoSuggestions(): Plugin {
  return {
    onExecutionResult({ result }) {
      if (!result || isAsyncIterable(result)) return;
      for (const error of result.errors ?? []) error.message = error.message.replace(SUGGESTION, ' [Suggestion hidden]');
    },
  };
}
