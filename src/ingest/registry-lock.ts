// One import at a time changes the registry. Two runs loading at once (two CLI processes, two
// workers) each matched against a registry without the other's uncommitted facilities: both
// inserted the same station, one failed on `Facility_stationCode_key` and its later sources
// never loaded, and the survivors differed from the same imports run one after the other
// (issue 21, item 6). A run therefore holds one registry-wide advisory lock from before it reads
// its status to its last write, and a second run waits for it: the outcome is exactly that of
// the runs in the order they got the lock. The lock belongs to a session, so a killed holder
// releases it with its connection. (The embedded database is opened by one process, whose queue
// runs one import at a time; its lock is the process itself.)
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database.js';

export const REGISTRY_LOCK = 'gvrc:registry-import';

/** The first and the longest pause between two attempts to take the lock (ms). */
const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 2000;

export async function whileHoldingRegistry<T>(
  db: Pick<Database, 'withExclusiveLock'>,
  work: () => Promise<T>,
  onWait?: () => void,
): Promise<T> {
  // `withExclusiveLock` only tries (a queue worker must not sit on a held run), so waiting is a
  // retry with growing, jittered pauses: runs that wait together do not all knock at once.
  let pause = FIRST_PAUSE_MS;
  let told = false;
  for (;;) {
    const held = await db.withExclusiveLock(REGISTRY_LOCK, work);
    if (held.locked) return held.value;
    if (!told) onWait?.();
    told = true;
    await sleep(pause / 2 + Math.random() * pause);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}
