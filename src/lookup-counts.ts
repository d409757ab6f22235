// How a cache kept under the change feed (ADR 0010) answered its lookups, for /metrics: whether
// the caches earn their keep is an operator's question, and a feed that is down shows here as
// lookups that could not be cached.
export interface LookupCounts {
  /** Answered from what the cache held. */
  hit: number;
  /** Read (or computed) and, where allowed, kept. */
  miss: number;
  /** Read without the cache: the change feed was down, so nothing could be kept. */
  uncached: number;
}

export function newLookupCounts(): LookupCounts {
  return { hit: 0, miss: 0, uncached: 0 };
}
