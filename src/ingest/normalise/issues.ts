// Warnings raised while normalising: the record is kept, the problem is reported.
import type { IssueCode, RecordIssue } from '../record.js';

export interface IssueOrigin {
  fileName: string;
  pointer: string;
}

/** Collects a record's warnings, each pointing at the record and the field concerned. */
export class Warnings {
  readonly issues: RecordIssue[] = [];

  constructor(private readonly origin: IssueOrigin) {}

  add(code: IssueCode, field: string | undefined, message: string): void {
    this.issues.push({
      code,
      severity: 'WARNING',
      message,
      ...(field !== undefined ? { field } : {}),
      fileName: this.origin.fileName,
      pointer: this.origin.pointer,
    });
  }
}
