// A delivery that cannot be read as a whole. The import of that source fails and nothing of it
// is loaded: records yielded before the error was found are discarded by the orchestrator.
import type { RecordIssue } from '../record.js';

/** Where in the file the problem is: 1-based line and column, and/or 0-based character offset. */
export interface SourcePosition {
  line?: number;
  column?: number;
  offset?: number;
}

export class SourceParseError extends Error {
  constructor(
    readonly fileName: string,
    readonly position: SourcePosition,
    /** What is wrong, without the file name or position (they are added to `message`). */
    readonly reason: string,
    /** NO_RECORDS: the file parsed, but held nothing that could be read as a record. */
    readonly code: 'PARSE_ERROR' | 'NO_RECORDS' = 'PARSE_ERROR',
  ) {
    super(code === 'NO_RECORDS' ? `${fileName}: ${reason}` : `${fileName}: ${reason} (${describePosition(position)})`);
    this.name = 'SourceParseError';
  }

  toIssue(): RecordIssue {
    return {
      code: this.code,
      severity: 'ERROR',
      message: `${this.message}. Nothing of this file was loaded; fix the file and deliver it again.`,
      fileName: this.fileName,
    };
  }
}

function describePosition({ line, column, offset }: SourcePosition): string {
  const parts: string[] = [];
  if (line !== undefined) parts.push(`line ${line}`);
  if (column !== undefined) parts.push(`column ${column}`);
  if (offset !== undefined) parts.push(`character ${offset}`);
  return parts.length > 0 ? `at ${parts.join(', ')}` : 'position unknown';
}
