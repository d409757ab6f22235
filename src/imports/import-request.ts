// Turning an import request (uploads, paths under IMPORT_DIR, inline JSON) into a durable
// ImportRun: every source is copied under DATA_DIR first, so the job can run later, elsewhere,
// or again after a crash, and reads exactly the bytes that were submitted.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import type { StoredFileCipher } from '../security/stored-file-cipher.js';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../db/database.js';
import type { SourceKind } from '../ingest/record.js';
import { describeSource, detectSourceFormat } from '../ingest/source-kind.js';
import { ImportPathError, resolveImportPath } from '../security/import-path.js';

export interface UploadedFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
  /** Where the upload already lies on disk (src/http/streamed-uploads.ts), so it can be moved rather than copied. */
  path?: string;
}

/** Sources one import may name. */
export const MAX_SOURCES = 50;

export type SourceRequest =
  | { kind?: SourceKind; file: UploadedFile }
  | { kind?: SourceKind; path: string }
  | { kind?: SourceKind; content: string; fileName?: string };

export interface ImportRequest {
  sources: SourceRequest[];
  dryRun?: boolean;
  triggeredBy: string;
  triggeredByRole?: string | null;
  requestId?: string | null;
}

/** A request that cannot be accepted, with the offending input named. */
export class ImportRequestError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ImportRequestError';
  }
}

export interface ImportRequestLimits {
  importDir: string;
  dataDir: string;
  maxUploadBytes: number;
  /** Encrypts the stored copies (personal data at rest); without it they are written plain (tests). */
  files?: StoredFileCipher;
  maxSources?: number;
}

/** Where submitted files are kept for the jobs that read them. */
export function runFilesDir(dataDir: string, runId: string): string {
  return path.join(dataDir, 'imports', 'runs', runId);
}

export async function createImportRun(db: Database, limits: ImportRequestLimits, request: ImportRequest): Promise<{ id: string }> {
  const { sources } = request;
  if (sources.length === 0) throw new ImportRequestError('Give at least one source.', 'sources');
  if (sources.length > (limits.maxSources ?? MAX_SOURCES)) throw new ImportRequestError(`At most ${limits.maxSources ?? MAX_SOURCES} sources per import.`, 'sources');
  const runId = randomUUID();
  const dir = runFilesDir(limits.dataDir, runId);
  await mkdir(dir, { recursive: true });

  const stored = [];
  for (const [position, source] of sources.entries()) {
    const field = `sources.${position}`;
    const fileName = sourceFileName(source, field);
    const described = describeSource(fileName, source.kind ? { kind: source.kind } : {});
    if (!described.ok) throw new ImportRequestError(described.issue.message, `${field}.kind`);
    if ('file' in source || 'path' in source) {
      if (!detectSourceFormat(fileName)) throw new ImportRequestError(`${fileName}: only .json, .ndjson and .jsonl files are accepted.`, field);
    }
    const storedPath = path.join(dir, `${position}-${path.basename(fileName)}`);
    await storeSource(source, storedPath, limits, field);
    stored.push({ position, kind: described.source.kind, fileName: described.source.fileName, storedPath });
  }

  await db.prisma.importRun.create({
    data: {
      id: runId,
      dryRun: request.dryRun ?? false,
      triggeredBy: request.triggeredBy,
      triggeredByRole: request.triggeredByRole ?? null,
      requestId: request.requestId ?? null,
      sources: { create: stored },
    },
  });
  return { id: runId };
}

function sourceFileName(source: SourceRequest, field: string): string {
  if ('file' in source) return source.file.name;
  if ('path' in source) return path.basename(source.path);
  if (source.fileName) return path.basename(source.fileName);
  if (!source.kind) throw new ImportRequestError('Inline content needs its kind (or a fileName that names it).', `${field}.kind`);
  return `${source.kind}.json`;
}

async function storeSource(source: SourceRequest, target: string, limits: ImportRequestLimits, field: string): Promise<void> {
  if ('file' in source) {
    if (source.file.size > limits.maxUploadBytes) throw new ImportRequestError(`${source.file.name} is larger than the ${limits.maxUploadBytes}-byte upload limit.`, `${field}.file`);
    if (source.file.path) {
      // Spooled to disk by the upload handler: encrypted from there (and the plain spool
      // removed), or moved into place when stored files are kept plain.
      if (limits.files) {
        await pipeline(createReadStream(source.file.path), storedWriter(target, limits));
        await rm(source.file.path, { force: true });
        return;
      }
      if (await moved(source.file.path, target)) return;
    }
    await pipeline(Readable.from(chunksOf(source.file.stream())), storedWriter(target, limits));
    return;
  }
  if ('path' in source) {
    let real: string;
    try {
      real = await resolveImportPath(limits.importDir, source.path);
    } catch (error) {
      if (error instanceof ImportPathError) throw new ImportRequestError(error.message, `${field}.path`);
      throw error;
    }
    if ((await stat(real)).size > limits.maxUploadBytes) throw new ImportRequestError(`${source.path} is larger than the import size limit.`, `${field}.path`);
    await pipeline(createReadStream(real), storedWriter(target, limits));
    return;
  }
  if (Buffer.byteLength(source.content) > limits.maxUploadBytes) throw new ImportRequestError('Inline content is larger than the import size limit.', `${field}.content`);
  await pipeline(Readable.from([Buffer.from(source.content)]), storedWriter(target, limits));
}

function storedWriter(target: string, limits: ImportRequestLimits): Writable {
  return limits.files ? limits.files.writer(target) : createWriteStream(target, { mode: 0o600 });
}

/** Moves a file within DATA_DIR; false when it cannot be (another file system), and it is copied instead. */
async function moved(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EXDEV') return false;
    throw error;
  }
}

/**
 * The chunks of a web stream, read through its reader: uploads arrive as the server's own
 * ReadableStream implementation, which Node's `Readable.fromWeb` refuses.
 */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
