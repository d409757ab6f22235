// Notifications that rows changed, for what a process keeps in memory from the database.
//
// A trigger in the schema sends NOTIFY on a channel when a statement writes the table; the
// database delivers it when the writing transaction commits, and never for one that rolls back.
// A cache keeps a value together with the feed's generation at the time it started reading, and
// trusts it only while the feed is live and the generation has not moved: any commit that the
// read may have missed moves it. The feed cannot tell what it missed while it was down, so losing
// or regaining it moves the generation as well (ADR 0010).
//
// On PostgreSQL the feed holds one connection of its own, outside the pool (a pooled connection
// is handed to other work and cannot stay LISTENing), and reconnects after losing it. The
// embedded database is in this process: its notifications arrive through PGlite's own listener.
import pg from 'pg';
import type { Database } from './database.js';

/** The channel the Facility table's trigger notifies (migration 20261127060000_facility_change_notify). */
export const FACILITY_CHANGED = 'gvrc_facility_changed';

export interface ChangeFeed {
  /** Whether notifications are being received now. Nothing may be cached while they are not. */
  readonly live: boolean;
  /** Moves on every notification, and when the feed is lost or regained. */
  readonly generation: number;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  channel: string;
  /** Told when the feed goes down (with the reason) or comes back. */
  onStateChange?: (live: boolean, error?: unknown) => void;
  /** Waits between reconnection attempts on PostgreSQL, doubling from `min` up to `max`. */
  retryMs?: { min: number; max: number };
}

/**
 * Starts listening. Resolves once the first attempt has finished: live if it succeeded; if it
 * failed, not live and retrying in the background, so a process can serve (uncached) meanwhile.
 */
export async function openChangeFeed(db: Database, options: ChangeFeedOptions): Promise<ChangeFeed> {
  if (db.pglite) return openEmbeddedFeed(db.pglite, options.channel);
  if (!db.connectionString) throw new Error('a change feed needs a PostgreSQL connection string or the embedded database');
  const feed = new PostgresFeed(db.connectionString, options);
  await feed.connect();
  return feed;
}

async function openEmbeddedFeed(pglite: NonNullable<Database['pglite']>, channel: string): Promise<ChangeFeed> {
  const state = { live: false, generation: 0 };
  const unlisten = await pglite.listen(channel, () => (state.generation += 1));
  state.live = true;
  state.generation += 1;
  return {
    get live() {
      return state.live;
    },
    get generation() {
      return state.generation;
    },
    async close() {
      if (!state.live) return;
      state.live = false;
      state.generation += 1;
      await unlisten();
    },
  };
}

class PostgresFeed implements ChangeFeed {
  live = false;
  generation = 0;
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly options: ChangeFeedOptions,
  ) {
    this.retryMs = options.retryMs?.min ?? 1000;
  }

  async connect(): Promise<void> {
    this.timer = undefined;
    // keepAlive: a connection that dies without a word (a dropped route) is noticed and replaced.
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    this.client = client;
    client.on('notification', () => {
      if (client === this.client) this.generation += 1;
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.options.channel}"`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (client !== this.client) return;
    this.live = true;
    this.generation += 1;
    this.retryMs = this.options.retryMs?.min ?? 1000;
    this.options.onStateChange?.(true);
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.generation += 1;
    const wasLive = this.live;
    this.live = false;
    client.end().catch(() => {});
    if (this.closed) return;
    if (wasLive || error) this.options.onStateChange?.(false, error);
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    // A process with nothing else to do may exit while the feed waits to reconnect.
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMs?.max ?? 30_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.live = false;
    this.generation += 1;
    await client?.end().catch(() => {});
  }
}
