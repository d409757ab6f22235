// The match features of registry facilities, remembered across the batches of one run.
//
// Each batch scores its new records against the facilities that share a blocking key with them,
// and the same facilities come up batch after batch: at 200k records the batches asked the
// database for 1.07 million feature rows of 174 thousand facilities (bench/RESULTS.md). A
// facility's features change only when records attach to it, and the load step knows which
// facilities those are (it rebuilds them), so it forgets exactly those. Bounded: the least
// recently used entries go first, so a national import holds a working set, not the registry.
// Off unless IMPORT_FEATURE_CACHE_SIZE is set: at 200k records 50,000 entries cut the feature
// rows read by 60% and PostgreSQL's CPU by 4-9%, but added ~230 MB of peak RSS for no clear
// gain in records/s (ADR 0009, bench/RESULTS.md).
import type { MatchFeatures } from '../match/features.js';

/** What `new FeatureCache()` holds; the service passes IMPORT_FEATURE_CACHE_SIZE (default 0: off). */
export const DEFAULT_FEATURE_CACHE_SIZE = 50_000;

export class FeatureCache {
  // A Map iterates in insertion order; re-inserting on use keeps the oldest use first.
  private readonly entries = new Map<string, MatchFeatures>();

  constructor(private readonly capacity = DEFAULT_FEATURE_CACHE_SIZE) {}

  get size(): number {
    return this.entries.size;
  }

  /** Features of these facilities: from memory where known, the rest from `read`, remembered. */
  async features(ids: readonly string[], read: (missing: string[]) => Promise<MatchFeatures[]>): Promise<MatchFeatures[]> {
    const found: MatchFeatures[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const known = this.entries.get(id);
      if (known) {
        this.entries.delete(id);
        this.entries.set(id, known);
        found.push(known);
      } else missing.push(id);
    }
    if (missing.length === 0) return found;
    const fresh = await read(missing);
    for (const f of fresh) this.remember(f);
    return [...found, ...fresh];
  }

  /** Facilities whose records changed: their features are read again when next needed. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.entries.delete(id);
  }

  /** After a rollback: whatever was read inside it may describe facilities that no longer exist. */
  clear(): void {
    this.entries.clear();
  }

  private remember(f: MatchFeatures): void {
    this.entries.set(f.id, f);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
