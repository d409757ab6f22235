// What an API process keeps between requests, and the change feed that says when to drop it
// (ADR 0010). Built here once, for the app and for tests that run the API as the app does.
import { ApiKeyCache } from './auth/api-key-cache.js';
import { API_KEY_CHANGED, FACILITY_CHANGED, openChangeFeed, type ChangeFeedOptions, type ChangeFeed } from './db/change-feed.js';
import type { Database } from './db/database.js';
import { areaCountCache, type AreaCountCache } from './facilities/area-counts.js';
import { SharedAnswerCache } from './shared-answers.js';

export interface SharedReads {
  /** Area counts kept until facilities change; without it, each request counts for itself. */
  areaCounts?: AreaCountCache;
  /** Whole answers to operations that read only the geography and its counts, kept as long. */
  answers?: SharedAnswerCache;
  /** API keys kept until keys change (the authenticator reads them; a revocation drops them). */
  apiKeys?: ApiKeyCache;
}

/** Listens for changes to facilities and API keys, and keeps what is read of them until they change. */
export async function openSharedReads(
  db: Database,
  options: Omit<ChangeFeedOptions, 'channels'> = {},
): Promise<{ feed: ChangeFeed; shared: SharedReads }> {
  const feed = await openChangeFeed(db, { ...options, channels: [FACILITY_CHANGED, API_KEY_CHANGED] });
  const facilities = feed.watch(FACILITY_CHANGED);
  return {
    feed,
    shared: {
      areaCounts: areaCountCache(db.prisma, facilities),
      answers: new SharedAnswerCache(facilities),
      apiKeys: new ApiKeyCache(feed.watch(API_KEY_CHANGED)),
    },
  };
}
