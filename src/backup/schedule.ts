// BACKUP_EVERY: the worker (or, on the embedded database, the API process, which alone may open
// it) takes a backup when the newest one in BACKUP_DIR is older than the interval. Deciding from
// the files rather than a timer of its own means a restart does not postpone a backup, and
// several workers sharing BACKUP_DIR take one backup between them (under an advisory lock).
import { readdir } from 'node:fs/promises';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { BACKUP_SUFFIX, backupTimeOf, createBackup, pruneBackups } from './backup.js';

export interface BackupSchedule {
  /** Checks now whether a backup is due, and takes it (tests call it instead of waiting). */
  tick(): Promise<string | null>;
  stop(): void;
}

export function scheduleBackups(options: { config: Config; db: Database; logger: Logger; personalDataKeyId: string | null; checkEveryMs?: number }): BackupSchedule | null {
  const { config, db, logger } = options;
  const every = config.BACKUP_EVERY;
  if (!every) return null;
  let running: Promise<string | null> | null = null;

  async function newestBackupAt(): Promise<number | null> {
    const names = await readdir(config.backupDir).catch(() => [] as string[]);
    const times = names.filter((n) => n.endsWith(BACKUP_SUFFIX)).map(backupTimeOf).filter((t): t is number => t !== null);
    return times.length ? Math.max(...times) : null;
  }

  async function takeIfDue(): Promise<string | null> {
    const newest = await newestBackupAt();
    if (newest !== null && Date.now() - newest < every!) return null;
    const outcome = await db.withExclusiveLock('gvrc:scheduled-backup', async () => {
      // Another worker may have taken it while this one waited for its turn.
      const latest = await newestBackupAt();
      if (latest !== null && Date.now() - latest < every!) return null;
      const { file } = await createBackup({ db, dataDir: config.dataDir, backupDir: config.backupDir, personalDataKeyId: options.personalDataKeyId });
      const pruned = await pruneBackups(config.backupDir, { retentionDays: config.BACKUP_RETENTION_DAYS, keepLast: config.BACKUP_KEEP_LAST });
      logger.info({ file, pruned }, 'scheduled backup written');
      return file;
    });
    return outcome.locked ? outcome.value : null;
  }

  function tick(): Promise<string | null> {
    running ??= takeIfDue()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'scheduled backup failed');
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  const timer = setInterval(() => void tick(), options.checkEveryMs ?? Math.min(every, 60_000));
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
