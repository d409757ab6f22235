// npm run restore -- <backup file> [--force]
//
// Restores a backup into the database the configuration names (DATABASE_URL, or the embedded one
// under DATA_DIR). Refuses a target that already holds registry data unless --force, a backup
// from a newer schema, and a damaged or truncated file (checked whole before anything is written).
import { parseArgs } from 'node:util';
import { RestoreRefused, restoreBackup } from '../backup/restore.js';
import { BackupFormatError } from '../backup/archive.js';
import { PostgresToolError } from '../backup/postgres-tools.js';
import { loadConfig } from '../config.js';
import { findPersonalDataKey, personalDataKeyId } from '../security/personal-data-cipher.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (values.help || positionals.length !== 1) {
  console.log('usage: npm run restore -- <backup file> [--force] [--json]');
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
try {
  const key = await findPersonalDataKey({ envValue: config.PERSONAL_DATA_KEY, dataDir: config.dataDir, production: config.production });
  const result = await restoreBackup({
    file: positionals[0]!,
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    force: values.force,
    personalDataKeyId: key ? personalDataKeyId(key) : null,
    log: (m) => console.error(m),
  });
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(`Restored ${positionals[0]} into the ${result.target === 'postgres' ? 'PostgreSQL' : 'embedded'} database: ${result.rowCounts.Facility ?? 0} facilities.`);
    const needed = result.manifest.personalDataKeyFingerprint;
    if (needed && !key) console.log(`The service needs the personal-data key with id ${needed}: set PERSONAL_DATA_KEY or put it in DATA_DIR/personal-data.key before starting.`);
  }
  if (result.keyMismatch) {
    console.error(`warning: this backup needs personal-data key id ${result.keyMismatch.needed}, but the key configured here is ${result.keyMismatch.configured}; the service will refuse to start until it has the right key`);
    process.exitCode = 3;
  }
} catch (error) {
  const known = error instanceof RestoreRefused || error instanceof BackupFormatError || error instanceof PostgresToolError;
  console.error(`restore refused: ${known ? (error as Error).message : (error as Error).stack}`);
  process.exit(1);
}
