// A source key names one record of a partner's delivery. When a delivery carries the same key
// again (twice in a file, or in two files of the same kind), both lines describe the one facility
// the key was placed at, and the later line is reported so that the partner can fix the file.
// Before, the later line silently took the key over: importing the very same files again
// let whichever line was written last decide the facility (issue 21, item 5).
import type { PlacedRecord } from './registry.js';
import type { CanonicalRecord, RecordIssue } from '../record.js';

export function repeatedKeyIssue(record: CanonicalRecord, first: Pick<PlacedRecord, 'fileName' | 'pointer'>): RecordIssue {
  // NDJSON records are pointed at by line number, JSON records by JSON Pointer.
  const at = /^\d+$/.test(first.pointer) ? `line ${first.pointer}` : first.pointer;
  const where = first.fileName === record.fileName ? `at ${at}` : `in ${first.fileName} at ${at}`;
  return {
    code: 'DUPLICATE_SOURCE_KEY',
    severity: 'WARNING',
    message:
      // The key itself is not repeated here: it may be derived from a withheld location.
      `This record has the same identity (identifier, or name and place) as the record ${where}. Both are kept as descriptions of one facility; ` +
      'keep one record per facility in the file, or give each its own identifier.',
    fileName: record.fileName,
    pointer: record.pointer,
  };
}
