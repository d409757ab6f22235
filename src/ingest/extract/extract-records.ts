// The extract stage: a delivery in, its raw records out, one at a time.
import type { RawRecord } from '../record.js';
import type { SourceDescriptor } from '../source-kind.js';
import { SOURCE_ADAPTERS } from './adapters.js';
import { readJsonRecords } from './json-records.js';
import { readNdjsonRecords } from './ndjson-records.js';
import type { SourceInput } from './text-chunks.js';

export type { SourceInput } from './text-chunks.js';

/**
 * Streams the records of one delivery. Throws `SourceParseError` as soon as the file turns out
 * to be broken; records yielded before that belong to a failed delivery and must be discarded.
 */
export async function* extractRecords(input: SourceInput, source: SourceDescriptor): AsyncGenerator<RawRecord> {
  const adapter = SOURCE_ADAPTERS[source.kind];
  const read = source.format === 'ndjson' ? readNdjsonRecords : readJsonRecords;
  for await (const record of read(input, adapter, source.fileName)) {
    yield { kind: source.kind, fileName: source.fileName, ...record };
  }
}
