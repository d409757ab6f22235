// Zod's account of a failed parse, retold as WRONG_TYPE issues a partner can act on: which field,
// what it must be, and what it was.
import type { z } from 'zod';
import type { RecordIssue } from '../record.js';
import { describeValue } from './describe-value.js';

type ZodIssue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function toWrongTypeIssues(
  error: z.ZodError,
  input: Record<string, unknown>,
  origin: { fileName: string; pointer: string },
): RecordIssue[] {
  const seen = new Set<string>();
  const issues: RecordIssue[] = [];
  for (const { path, message } of flatten(error.issues, [])) {
    const field = path.map(String).join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({
      code: 'WRONG_TYPE',
      severity: 'ERROR',
      message: `"${field}" ${message}, but it is ${describeValue(valueAt(input, path))}. Correct the field or leave it empty.`,
      field,
      ...origin,
    });
  }
  return issues;
}

/**
 * A union reports one list of issues per alternative. When the value had the right shape for
 * exactly one alternative (say, it is an object) that alternative's inner issues are the useful
 * ones; otherwise the union's own message ("must be text or an object ...") is.
 */
function flatten(issues: readonly ZodIssue[], prefix: Path): { path: Path; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const matching = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0));
      if (matching.length === 1) return flatten(matching[0], path);
    }
    return [{ path, message: issue.message }];
  });
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}
