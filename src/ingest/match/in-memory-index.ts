// The registry's candidate lookup, in memory: the same blocking keys and cap as the
// `FacilityBlockKey` table, for the evaluation, for tests, and for matching records of one
// delivery against each other before they reach the database.
import { blockingKeys, DEFAULT_BLOCK_CAP, queryKeys } from './blocking.js';
import type { MatchFeatures } from './features.js';

export interface SkippedBlock {
  key: string;
  /** The block's size when it was last skipped. */
  size: number;
}

export interface MatchIndex {
  /** Stores a facility under its blocking keys. Adding the same id again replaces it. */
  add(features: MatchFeatures): void;
  /** Facilities sharing a query key with `features` (never itself), in the order they were added. */
  candidates(features: MatchFeatures): MatchFeatures[];
  readonly size: number;
  /** Keys whose block was larger than the cap when looked up, largest first. */
  skippedBlocks(): SkippedBlock[];
}

export interface MatchIndexOptions {
  /** Blocks larger than this are skipped on lookup (see DEFAULT_BLOCK_CAP). */
  blockCap?: number;
}

export function createInMemoryMatchIndex(options: MatchIndexOptions = {}): MatchIndex {
  const cap = options.blockCap ?? DEFAULT_BLOCK_CAP;
  const blocks = new Map<string, Set<string>>();
  const byId = new Map<string, { features: MatchFeatures; order: number; keys: string[] }>();
  const skipped = new Map<string, number>();
  let added = 0;

  function remove(id: string): void {
    const entry = byId.get(id);
    if (!entry) return;
    for (const key of entry.keys) blocks.get(key)?.delete(id);
    byId.delete(id);
  }

  return {
    add(features) {
      remove(features.id);
      const keys = blockingKeys(features);
      for (const key of keys) {
        let block = blocks.get(key);
        if (!block) {
          block = new Set();
          blocks.set(key, block);
        }
        block.add(features.id);
      }
      byId.set(features.id, { features, order: added++, keys });
    },

    candidates(features) {
      const found = new Set<string>();
      for (const key of queryKeys(features)) {
        const block = blocks.get(key);
        if (!block) continue;
        if (block.size > cap) {
          skipped.set(key, block.size);
          continue;
        }
        for (const id of block) found.add(id);
      }
      found.delete(features.id);
      return [...found]
        .map((id) => byId.get(id))
        .filter((entry) => entry !== undefined)
        .sort((x, y) => x.order - y.order)
        .map((entry) => entry.features);
    },

    get size() {
      return byId.size;
    },

    skippedBlocks() {
      return [...skipped].map(([key, size]) => ({ key, size })).sort((x, y) => y.size - x.size || (x.key < y.key ? -1 : 1));
    },
  };
}
