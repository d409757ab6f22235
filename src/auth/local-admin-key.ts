// How the first administrator of a development install gets in. On the embedded database's first
// start (no DATABASE_URL, not production, no API key yet) an ADMIN key is issued, written to
// DATA_DIR/admin-api-key (mode 0600) and printed once. A real deployment creates its first key
// deliberately with `npm run apikey -- create --role ADMIN --name …` instead.
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { issueApiKey } from './api-keys.js';

export const LOCAL_ADMIN_KEY_FILE = 'admin-api-key';

export interface LocalAdminKey {
  key: string;
  file: string;
}

export async function createLocalAdminKeyOnFirstStart(
  config: Pick<Config, 'DATABASE_URL' | 'production' | 'dataDir'>,
  db: Pick<Database, 'prisma'>,
  print: (message: string) => void = console.log,
): Promise<LocalAdminKey | undefined> {
  if (config.DATABASE_URL || config.production) return undefined;
  if ((await db.prisma.apiKey.count()) > 0) return undefined;
  const { key } = await issueApiKey(
    db.prisma,
    { name: 'local-admin (first start)', role: 'ADMIN' },
    { actor: 'system:first-start', actorRole: null, requestId: null },
  );
  const file = path.join(config.dataDir, LOCAL_ADMIN_KEY_FILE);
  // Written under a temporary name with its final mode and renamed into place, so the secret is
  // never readable by others, not even for the moment between writing and chmod.
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${key}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, file);
  print(
    `\nCreated a local ADMIN API key (development only; shown this once, also in ${file}):\n\n  x-api-key: ${key}\n`,
  );
  return { key, file };
}
