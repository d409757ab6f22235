// No single record can fail a run: an unexpected error while one record is processed or loaded
// becomes that record's own issue, and the import goes on without it.
import type { RawRecord, RecordIssue, RecordResult } from '../record.js';

/** Where in the pipeline a record failed (and where a test may inject a failure). */
export type RecordStage = 'process' | 'match' | 'write';

/**
 * A test-only seam: called with each record at each stage, it may throw to make that record
 * fail there. Production code never sets it, and nothing in a delivered file can reach it.
 */
export type FaultInjector = (stage: RecordStage, record: Pick<RawRecord, 'fileName' | 'pointer'>) => void;

/** Errors echo values from the record (a 50 MB name, say): the issue keeps a readable prefix. */
const MAX_MESSAGE = 300;

export function recordFailure(raw: Pick<RawRecord, 'fileName' | 'pointer'>, step: 'process' | 'load', error: unknown): RecordResult {
  const reason = error instanceof Error ? error.message : String(error);
  const short = reason.length > MAX_MESSAGE ? `${reason.slice(0, MAX_MESSAGE)}…` : reason;
  const issue: RecordIssue = {
    code: 'RECORD_FAILED',
    severity: 'ERROR',
    message: `The record could not be ${step === 'process' ? 'processed' : 'loaded'} and was left out: ${short}`,
    fileName: raw.fileName,
    pointer: raw.pointer,
  };
  return { ok: false, issues: [issue] };
}
