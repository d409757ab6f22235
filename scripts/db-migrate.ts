// Applies pending migrations to DATABASE_URL, or to the embedded database under DATA_DIR.
import { exitWhenDatabaseInUse } from '../src/cli/database-in-use.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { embeddedDataDir } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/schema-engine.js';

const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, dataDir: embeddedDataDir(config) }).catch(exitWhenDatabaseInUse);
try {
  const applied = await applyMigrations(db.adapter);
  console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await db.close();
}
