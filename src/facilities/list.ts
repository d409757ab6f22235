// One page of a facility list in the shape a Relay connection needs: rows with their cursors,
// which neighbouring pages exist, and the total — counted only if someone asks, because a
// count reads every match while a page reads only its first rows.
import type { Loaders } from '../loaders.js';
import { cursorFor, encodeCursor } from './cursor.js';
import type { FacilityHit, FacilityPageRequest } from './search.js';

export interface FacilityListing {
  items: { cursor: string; hit: FacilityHit }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export async function listFacilities(loaders: Loaders, request: FacilityPageRequest): Promise<FacilityListing> {
  const { scope, query, window } = request;
  const page = await loaders.facilityPage.load(request);
  const items = page.hits.map((hit) => ({
    cursor: encodeCursor(cursorFor(query.order.field, hit.facility, hit.distanceKm)),
    hit,
  }));
  return {
    items,
    pageInfo: {
      // A page read forwards knows whether more rows follow it; that rows precede it is only
      // known when the caller came from a cursor (and the mirror image for backward reads).
      hasNextPage: window.backward ? window.before !== undefined : page.hasMore,
      hasPreviousPage: window.backward ? page.hasMore : window.after !== undefined,
      startCursor: items[0]?.cursor ?? null,
      endCursor: items.at(-1)?.cursor ?? null,
    },
    totalCount: () => loaders.facilityCount.load({ ...(scope ? { scope } : {}), filter: query.filter }),
  };
}
