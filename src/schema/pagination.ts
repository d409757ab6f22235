// Relay's first/after/last/before, checked and turned into the window a list service reads.
import { decodeCursor } from '../facilities/cursor.js';
import type { OrderField, PageWindow } from '../facilities/query.js';
import { badUserInput } from './errors.js';

/** The page size when the caller gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** For connection field descriptions: the cap is configuration, so the schema names the setting. */
export const PAGE_SIZE_NOTE =
  `Pages hold at most MAX_PAGE_SIZE items (100 unless the server is configured otherwise); asking for ` +
  `more is a BAD_USER_INPUT error, as is passing both first and last. Without either, ${DEFAULT_PAGE_SIZE} items.`;

export function pageWindow(args: ConnectionArgs, order: OrderField, maxPageSize: number): PageWindow {
  const { first, last } = args;
  if (first != null && last != null) {
    throw badUserInput('Pass first or last, not both', 'last');
  }
  for (const [argument, size] of [['first', first], ['last', last]] as const) {
    if (size == null) continue;
    if (size < 0) throw badUserInput(`${argument} must not be negative`, argument);
    if (size > maxPageSize) {
      throw badUserInput(`${argument} must be at most ${maxPageSize} (the maximum page size)`, argument);
    }
  }
  return {
    size: first ?? last ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize),
    backward: last != null,
    ...(args.after != null ? { after: decodeCursor(args.after, order, 'after') } : {}),
    ...(args.before != null ? { before: decodeCursor(args.before, order, 'before') } : {}),
  };
}
