// API keys a process has looked up, kept until the database says keys changed.
//
// Every request with an x-api-key needs its key's row; reading it cost every such request a
// statement of its own (measured: 13–17 % of facilityByCode's throughput in-process). A revoked
// key must still be refused from the next request on, so a row is kept only under the rules of
// the change feed (db/change-feed.ts, ADR 0010): while the feed is live and its ApiKey channel's
// generation has not moved since the read began. Any write to ApiKey (issue, revoke, the
// lastUsedAt touch) drops every key; the revoking process also drops them itself at once.
import type { ChangeWatch } from '../db/change-feed.js';
import type { Role } from '../generated/prisma/enums.js';
import { newLookupCounts } from '../lookup-counts.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  countyCode: string | null;
  revoked: boolean;
  lastUsedAt: Date | null;
}

export class ApiKeyCache {
  private generation = -1;
  private readonly rows = new Map<string, Promise<ApiKeyRow | undefined>>();
  readonly lookups = newLookupCounts();

  constructor(
    private readonly watch: ChangeWatch,
    /** Beyond this many keys the cache starts again: partners hold a few hundred keys, not more. */
    private readonly maxEntries = 10_000,
  ) {}

  /** The row of the key with this hash, from memory when the feed vouches for it, else by `read`. */
  lookup(keyHash: string, read: () => Promise<ApiKeyRow | undefined>): Promise<ApiKeyRow | undefined> {
    if (!this.watch.live) {
      this.forget();
      this.lookups.uncached += 1;
      return read();
    }
    if (this.watch.generation !== this.generation) {
      this.rows.clear();
      this.generation = this.watch.generation;
    }
    const known = this.rows.get(keyHash);
    if (known) {
      this.lookups.hit += 1;
      return known;
    }
    this.lookups.miss += 1;
    if (this.rows.size >= this.maxEntries) this.rows.clear();
    const row = read();
    this.rows.set(keyHash, row);
    // Unknown keys are not kept (made-up keys must not fill the memory), nor failed reads.
    const drop = () => {
      if (this.rows.get(keyHash) === row) this.rows.delete(keyHash);
    };
    row.then((found) => found ?? drop(), drop);
    return row;
  }

  /** Drops every key; the next lookup of each reads it again. */
  forget(): void {
    this.rows.clear();
    this.generation = -1;
  }
}
