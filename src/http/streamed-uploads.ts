// Multipart uploads (the GraphQL multipart request spec) written to disk as they arrive. Yoga's
// own parser collects every file part in memory first (@whatwg-node's formData keeps each
// file's chunks until the part ends): a 150 MB upload added 160 MB of RSS, three at once 806 MB
// (issue 21). Here each file part streams into a file under DATA_DIR/imports/uploads, and the
// variables receive a file object that reads from it; the import request moves it into its run's
// directory, and whatever is left is deleted once the response has been sent.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { chunksOf } from '../imports/import-request.js';
import { pipeline } from 'node:stream/promises';
import { Busboy } from '@fastify/busboy';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';

/** An uploaded file, kept on disk; `stream()` reads it, `path` lets the importer move it instead of copying. */
export class StoredUpload {
  constructor(
    readonly name: string,
    readonly type: string,
    readonly size: number,
    readonly path: string,
  ) {}

  stream(): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(this.path)) as ReadableStream<Uint8Array>;
  }
}

export interface StreamedUploadOptions {
  /** Where file parts are written while a request is parsed. */
  dir: string;
  /** Largest `operations` or `map` field (a query and its variables: MAX_BODY_BYTES). */
  maxFieldBytes: number;
  /** Most files in one request (an import takes at most 50 sources). */
  maxFiles: number;
}

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'imports', 'uploads');
}

/**
 * Must come before the body limit among the plugins: that one wraps whatever parser is set when
 * it runs, so it then counts the bytes this parser reads.
 */
export function useStreamedUploads(options: StreamedUploadOptions): Plugin {
  const written = new WeakMap<Request, string[]>();
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() !== 'multipart/form-data') return;
      const files: string[] = [];
      written.set(request, files);
      setRequestParser((parsed) => parseMultipart(parsed, options, files));
    },
    async onResponse({ request }) {
      const files = written.get(request);
      if (!files) return;
      written.delete(request);
      // A file the import has moved into its run is gone from here already (force: no error).
      await Promise.all(files.map((file) => rm(file, { force: true })));
    },
  };
}

function badRequest(message: string) {
  return createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

async function parseMultipart(request: Request, options: StreamedUploadOptions, written: string[]): Promise<GraphQLParams> {
  if (!request.body) throw badRequest('The multipart request has no body.');
  await mkdir(options.dir, { recursive: true });
  const fields = new Map<string, string>();
  const uploads = new Map<string, StoredUpload>();
  const writes: Promise<void>[] = [];
  const parser = Busboy({
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
    limits: { fieldSize: options.maxFieldBytes, fields: 2, files: options.maxFiles, parts: options.maxFiles + 2 },
  });
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) reject(badRequest(`The multipart field ${JSON.stringify(name.slice(0, 50))} is too large.`));
      else fields.set(name, value);
    });
    parser.on('file', (field, stream, fileName, _encoding, mimeType) => {
      const target = path.join(options.dir, randomUUID());
      written.push(target);
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.byteLength;
          done(null, chunk);
        },
      });
      writes.push(
        pipeline(stream, counter, createWriteStream(target)).then(() => {
          uploads.set(field, new StoredUpload(fileName, mimeType, size, target));
        }),
      );
    });
    for (const limit of ['fieldsLimit', 'filesLimit', 'partsLimit'] as const) {
      parser.on(limit, () => reject(badRequest('The multipart request has too many parts.')));
    }
    parser.on('finish', resolve);
    parser.on('error', reject);
  });
  const reading = pipeline(Readable.from(chunksOf(request.body)), parser);
  try {
    await Promise.all([reading, finished]);
    await Promise.all(writes);
  } catch (error) {
    // The body limit's own error (413) passes through; anything else is a malformed body.
    if (error instanceof Error && error.name === 'GraphQLError') throw error;
    throw badRequest('The multipart request could not be read.');
  }
  return assemble(fields, uploads);
}

/** The operation, with each file placed where `map` says (`{"0": ["variables.file"]}`). */
function assemble(fields: Map<string, string>, uploads: Map<string, StoredUpload>): GraphQLParams {
  const operations = parseJson(fields.get('operations'), 'operations');
  const map = parseJson(fields.get('map') ?? '{}', 'map');
  if (!isRecord(operations) || !isRecord(map)) throw badRequest('The multipart fields operations and map must be JSON objects.');
  for (const [key, paths] of Object.entries(map)) {
    const upload = uploads.get(key);
    if (!upload || !Array.isArray(paths)) throw badRequest(`The multipart map names a file ${JSON.stringify(key.slice(0, 50))} that was not sent.`);
    for (const at of paths) {
      if (typeof at !== 'string') throw badRequest('The multipart map holds a path that is not text.');
      place(operations, at, upload);
    }
  }
  return operations as GraphQLParams;
}

/** Sets `value` at a dotted path that must already lead through objects and lists (the spec's `null` placeholders). */
function place(target: Record<string, unknown>, at: string, value: unknown): void {
  const segments = at.split('.');
  let current: unknown = target;
  for (const [i, segment] of segments.entries()) {
    // Only own data: a path through __proto__ or constructor would write into every object.
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
      throw badRequest(`The multipart map path ${JSON.stringify(at.slice(0, 100))} does not lead to a variable.`);
    }
    if (i === segments.length - 1) (current as Record<string, unknown>)[segment] = value;
    else current = (current as Record<string, unknown>)[segment];
  }
}

function parseJson(text: string | undefined, field: string): unknown {
  if (text === undefined) throw badRequest(`The multipart request has no ${field} field.`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`The multipart field ${field} is not valid JSON.`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
