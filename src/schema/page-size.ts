import { badUserInput } from './errors.js';

/** Pothos clamps an oversized page silently; we refuse it, so a caller never mistakes a short page for the end. */
export function checkPageSize(args: { first?: number | null; last?: number | null }, max: number): void {
  if (args.first != null && args.last != null) throw badUserInput('Pass first or last, not both', 'last');
  for (const [name, size] of [['first', args.first], ['last', args.last]] as const) {
    if (size != null && (size < 0 || size > max)) throw badUserInput(`${name} must be between 0 and ${max}`, name);
  }
}
