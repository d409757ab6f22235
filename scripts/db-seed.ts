// Seeds (or refreshes) the reference data: geography, aliases, service taxonomy. Idempotent.
import { exitWhenDatabaseInUse } from '../src/cli/database-in-use.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { embeddedDataDir } from '../src/db/embedded.js';
import { seedReferenceData } from '../src/db/seed.js';

const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, dataDir: embeddedDataDir(config) }).catch(exitWhenDatabaseInUse);
try {
  console.log('Seeded', await seedReferenceData(db.sql));
} finally {
  await db.close();
}
