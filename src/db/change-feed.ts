// Notifications that rows changed, for what a process keeps in memory from the database.
//
// A trigger in the schema sends NOTIFY on a channel (one per table) when a statement writes the
// table; the database delivers it when the writing transaction commits, and never for one that
// rolls back. A cache keeps a value together with its channel's generation at the time it started
// reading, and trusts it only while the feed is live and the generation has not moved: any commit
// the read may have missed moves it. The feed cannot tell what it missed while it was down, so
// losing or regaining it moves every channel's generation as well (ADR 0010).
//
// On PostgreSQL the feed holds one connection of its own, outside the pool (a pooled connection
// is handed to other work and cannot stay LISTENing), and reconnects after losing it. The
// embedded database is in this process: its notifications arrive through PGlite's own listener.
import pg from 'pg';
import type { Database } from './database.js';

/** The channel the Facility table's trigger notifies (migration 20261127060000_facility_change_notify). */
export const FACILITY_CHANGED = 'gvrc_facility_changed';
/** The channel the ApiKey table's trigger notifies (migration 20261127063000_api_key_change_notify). */
export const API_KEY_CHANGED = 'gvrc_api_key_changed';

/** One channel of a feed, as a cache sees it. */
export interface ChangeWatch {
  /** Whether notifications are being received now. Nothing may be cached while they are not. */
  readonly live: boolean;
  /** Moves on every notification on the channel, and when the feed is lost or regained. */
  readonly generation: number;
}

export interface ChangeFeed {
  readonly live: boolean;
  /** The given channel (one of those the feed was opened with). */
  watch(channel: string): ChangeWatch;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  channels: readonly string[];
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
  if (db.pglite) return EmbeddedFeed.open(db.pglite, options.channels);
  if (!db.connectionString) throw new Error('a change feed needs a PostgreSQL connection string or the embedded database');
  const feed = new PostgresFeed(db.connectionString, options);
  await feed.connect();
  return feed;
}

/**
 * Generations per channel. A channel's generation is the feed's epoch (moved when the feed is
 * lost, regained or closed) plus its own count of notifications: it moves when either does.
 */
abstract class Generations {
  live = false;
  protected epoch = 0;
  private readonly counts = new Map<string, number>();

  constructor(protected readonly channels: readonly string[]) {
    for (const channel of channels) this.counts.set(channel, 0);
  }

  protected notified(channel: string): void {
    const count = this.counts.get(channel);
    if (count !== undefined) this.counts.set(channel, count + 1);
  }

  watch(channel: string): ChangeWatch {
    if (!this.counts.has(channel)) throw new Error(`the change feed does not listen on ${channel}`);
    const feed = this;
    return {
      get live() {
        return feed.live;
      },
      get generation() {
        return feed.epoch + (feed.counts.get(channel) ?? 0);
      },
    };
  }
}

class EmbeddedFeed extends Generations implements ChangeFeed {
  private unlisten: (() => Promise<void>)[] = [];

  static async open(pglite: NonNullable<Database['pglite']>, channels: readonly string[]): Promise<EmbeddedFeed> {
    const feed = new EmbeddedFeed(channels);
    for (const channel of channels) feed.unlisten.push(await pglite.listen(channel, () => feed.notified(channel)));
    feed.live = true;
    feed.epoch += 1;
    return feed;
  }

  async close(): Promise<void> {
    if (!this.live) return;
    this.live = false;
    this.epoch += 1;
    for (const unlisten of this.unlisten) await unlisten();
  }
}

class PostgresFeed extends Generations implements ChangeFeed {
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly options: ChangeFeedOptions,
  ) {
    super(options.channels);
    this.retryMs = options.retryMs?.min ?? 1000;
  }

  async connect(): Promise<void> {
    this.timer = undefined;
    // keepAlive: a connection that dies without a word (a dropped route) is noticed and replaced.
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    this.client = client;
    client.on('notification', (message) => {
      if (client === this.client) this.notified(message.channel);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN "${channel}"`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (client !== this.client) return;
    this.live = true;
    this.epoch += 1;
    this.retryMs = this.options.retryMs?.min ?? 1000;
    this.options.onStateChange?.(true);
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.epoch += 1;
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
    this.epoch += 1;
    await client?.end().catch(() => {});
  }
}
