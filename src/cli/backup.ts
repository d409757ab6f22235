// npm run backup [-- --json]
//
// Writes one backup of the whole registry to BACKUP_DIR and prunes old ones (BACKUP_RETENTION_DAYS,
// never the newest BACKUP_KEEP_LAST). On the embedded database, stop the server first: one process
// at a time may open it (the running server takes scheduled backups itself when BACKUP_EVERY is set).
import { parseArgs } from 'node:util';
import path from 'node:path';
import { createBackup, pruneBackups } from '../backup/backup.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { embeddedDataDir } from '../db/embedded.js';
import { findPersonalDataKey, personalDataKeyId } from '../security/personal-data-cipher.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log('usage: npm run backup [-- --json]');
  process.exit(0);
}

const config = loadConfig();
try {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: embeddedDataDir(config), poolSize: 2 });
  try {
    const key = await findPersonalDataKey({ envValue: config.PERSONAL_DATA_KEY, dataDir: config.dataDir, production: config.production });
    const { file, manifest } = await createBackup({ db, dataDir: config.dataDir, backupDir: config.backupDir, personalDataKeyId: key ? personalDataKeyId(key) : null });
    const pruned = await pruneBackups(config.backupDir, { retentionDays: config.BACKUP_RETENTION_DAYS, keepLast: config.BACKUP_KEEP_LAST });
    if (values.json) {
      console.log(JSON.stringify({ file, manifest, pruned }));
    } else {
      const facilities = manifest.rowCounts.Facility ?? 0;
      console.log(`Backup written: ${file}`);
      console.log(`  ${manifest.database.kind} ${manifest.database.serverVersion}, schema ${manifest.migrations.at(-1) ?? '(none)'}, ${facilities} facilities, ${manifest.entries.length - 1} stored import files`);
      console.log(`  needs personal-data key id ${manifest.personalDataKeyFingerprint ?? '(none: no key configured)'}; keep that key with the backup, separately`);
      if (pruned.length) console.log(`  deleted ${pruned.length} old backup(s) from ${path.resolve(config.backupDir)}`);
    }
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exit(1);
}
