// Pair-level quality of a matching run against labelled truth.
//
// A pair is two records. It is a true pair when both records describe the same entity, a
// merged pair when matching put both in one cluster. A review link joins two clusters (the
// record's and the one it may duplicate); a true pair whose two clusters are joined by a link
// is "found by review": a person will see it. Links are not followed transitively, because a
// person judges each link on its own.

export interface LabelledOutcome {
  /** Record id → true entity. */
  entityOf: ReadonlyMap<string, string>;
  /** Record id → predicted cluster. Every labelled record must have one. */
  clusterOf: ReadonlyMap<string, string>;
  /** Review candidates as [cluster, cluster]; duplicates and self-links are ignored. */
  reviewLinks: ReadonlyArray<readonly [string, string]>;
  /** Known near-miss pairs (two different entities that look alike), as entity ids. */
  nearMissPairs?: ReadonlyArray<readonly [string, string]>;
}

export interface PairMetrics {
  records: number;
  truePairs: number;
  mergedPairs: number;
  correctMerges: number;
  /** correctMerges / mergedPairs; 1 when nothing was merged. */
  mergePrecision: number;
  /** correctMerges / truePairs; 1 when there is nothing to find. */
  mergeRecall: number;
  /** True pairs merged or joined by a review link. */
  foundPairs: number;
  /** foundPairs / truePairs. */
  mergeOrReviewRecall: number;
  reviewLinks: number;
  /** Review links that join at least one true pair. */
  usefulReviewLinks: number;
  /** reviewLinks / records. */
  reviewRate: number;
  nearMissPairs: number;
  /** Near-miss entity pairs with at least one record pair wrongly merged. */
  nearMissMerged: number;
  /** Near-miss entity pairs shown to a person (joined by a review link), none merged. */
  nearMissReviewed: number;
}

function choose2(n: number): number {
  return (n * (n - 1)) / 2;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

/** Counts how many records of each entity each cluster holds. */
function clusterEntityCounts(outcome: LabelledOutcome): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const [record, entity] of outcome.entityOf) {
    const cluster = outcome.clusterOf.get(record);
    if (cluster === undefined) throw new Error(`record ${record} has no cluster`);
    let byEntity = counts.get(cluster);
    if (!byEntity) {
      byEntity = new Map();
      counts.set(cluster, byEntity);
    }
    byEntity.set(entity, (byEntity.get(entity) ?? 0) + 1);
  }
  return counts;
}

export function pairMetrics(outcome: LabelledOutcome): PairMetrics {
  const byCluster = clusterEntityCounts(outcome);
  const entitySizes = new Map<string, number>();
  for (const entity of outcome.entityOf.values()) entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);

  let truePairs = 0;
  for (const size of entitySizes.values()) truePairs += choose2(size);
  let mergedPairs = 0;
  let correctMerges = 0;
  for (const byEntity of byCluster.values()) {
    let size = 0;
    for (const count of byEntity.values()) {
      size += count;
      correctMerges += choose2(count);
    }
    mergedPairs += choose2(size);
  }

  const links = distinctLinks(outcome.reviewLinks);
  let reviewedTruePairs = 0;
  let usefulReviewLinks = 0;
  for (const [x, y] of links) {
    const across = crossPairs(byCluster.get(x), byCluster.get(y));
    reviewedTruePairs += across;
    if (across > 0) usefulReviewLinks++;
  }
  const foundPairs = correctMerges + reviewedTruePairs;

  const nearMiss = nearMissOutcome(outcome, byCluster, links);
  return {
    records: outcome.entityOf.size,
    truePairs,
    mergedPairs,
    correctMerges,
    mergePrecision: ratio(correctMerges, mergedPairs),
    mergeRecall: ratio(correctMerges, truePairs),
    foundPairs,
    mergeOrReviewRecall: ratio(foundPairs, truePairs),
    reviewLinks: links.length,
    usefulReviewLinks,
    reviewRate: ratio(links.length, outcome.entityOf.size),
    ...nearMiss,
  };
}

function distinctLinks(links: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const seen = new Map<string, readonly [string, string]>();
  for (const [a, b] of links) {
    if (a === b) continue;
    const [x, y] = a < b ? [a, b] : [b, a];
    seen.set(`${x}\u0000${y}`, [x, y]);
  }
  return [...seen.values()];
}

/** True pairs with one record in each cluster. */
function crossPairs(a: Map<string, number> | undefined, b: Map<string, number> | undefined): number {
  if (!a || !b) return 0;
  let pairs = 0;
  for (const [entity, count] of a) pairs += count * (b.get(entity) ?? 0);
  return pairs;
}

function nearMissOutcome(
  outcome: LabelledOutcome,
  byCluster: Map<string, Map<string, number>>,
  links: Array<readonly [string, string]>,
): Pick<PairMetrics, 'nearMissPairs' | 'nearMissMerged' | 'nearMissReviewed'> {
  const pairs = distinctLinks(outcome.nearMissPairs ?? []);
  const clustersOf = new Map<string, Set<string>>();
  for (const [cluster, byEntity] of byCluster) {
    for (const entity of byEntity.keys()) {
      const set = clustersOf.get(entity) ?? new Set<string>();
      set.add(cluster);
      clustersOf.set(entity, set);
    }
  }
  const linked = new Set(links.map(([x, y]) => `${x}\u0000${y}`));
  let merged = 0;
  let reviewed = 0;
  for (const [e1, e2] of pairs) {
    const c1 = clustersOf.get(e1) ?? new Set<string>();
    const c2 = clustersOf.get(e2) ?? new Set<string>();
    if ([...c1].some((c) => c2.has(c))) {
      merged++;
      continue;
    }
    const joined = [...c1].some((x) => [...c2].some((y) => linked.has(x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`)));
    if (joined) reviewed++;
  }
  return { nearMissPairs: pairs.length, nearMissMerged: merged, nearMissReviewed: reviewed };
}
