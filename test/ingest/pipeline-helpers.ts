// Small builders shared by the ingest stage tests.
import { Readable } from 'node:stream';
import { SOURCE_ADAPTERS } from '../../src/ingest/extract/adapters.js';
import { extractRecords } from '../../src/ingest/extract/extract-records.js';
import type { GeographyInput, GeographyResolver } from '../../src/ingest/geography/types.js';
import type { RawRecord, SourceKind } from '../../src/ingest/record.js';
import type { SourceFormat } from '../../src/ingest/source-kind.js';

export function rawRecord(kind: SourceKind, payload: unknown, context: Record<string, unknown> = {}): RawRecord {
  return { kind, fileName: `${kind}.json`, pointer: '/test/0', payload, context };
}

/** The text as a stream of small chunks, so that tokens and characters straddle chunk edges. */
export function streamOf(text: string, chunkSize = 7): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export function extractText(kind: SourceKind, text: string, format: SourceFormat = 'json', fileName = `${kind}.${format}`) {
  return collect(extractRecords(streamOf(text), { kind, format, fileName }));
}

/** The NDJSON line a partner would send for a record extracted from a JSON delivery. */
export function ndjsonLineOf(record: RawRecord): string {
  if (typeof record.payload !== 'object' || record.payload === null || Array.isArray(record.payload)) {
    return JSON.stringify(record.payload);
  }
  const parents: Record<string, unknown> = {};
  for (const field of SOURCE_ADAPTERS[record.kind].ndjsonParentFields) {
    if (record.context[field] !== undefined) parents[field] = record.context[field];
  }
  return JSON.stringify({ ...parents, ...record.payload });
}

/** A resolver that places everything in county 047 and remembers what it was asked. */
export function recordingResolver(): GeographyResolver & { inputs: GeographyInput[] } {
  const inputs: GeographyInput[] = [];
  return {
    inputs,
    resolve(input, context) {
      inputs.push(input);
      if (input.county === 'Atlantis') {
        return {
          ok: false,
          issues: [{ code: 'UNKNOWN_LOCATION', severity: 'ERROR', message: 'not in Kenya', field: 'county', ...context }],
        };
      }
      return { ok: true, codes: { countyCode: '047', constituencyCode: '275' }, issues: [] };
    },
  };
}
