// npm run keys -- new                    prints a new personal-data key (hex), for a rotation
// npm run keys -- id                     prints the id of the key in use (what backups name)
// npm run keys -- rotate-personal-data   re-encrypts named persons and stored import files under
//                                        PERSONAL_DATA_KEY, opening old data with PERSONAL_DATA_KEY_PREVIOUS
//
// The steps of a rotation without downtime are in docs/ops/runbook.md.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { rotatePersonalData } from '../keys/rotate-personal-data.js';
import { startRuntime } from '../runtime.js';
import { createPersonalDataCipher, findPersonalDataKey, loadPreviousPersonalDataKeys, personalDataKeyId } from '../security/personal-data-cipher.js';

const USAGE = 'usage: npm run keys -- new | id | rotate-personal-data';
const [command] = process.argv.slice(2);

if (command === 'new') {
  console.log(randomBytes(32).toString('hex'));
  process.exit(0);
}
const config = loadConfig();
if (command === 'id') {
  const key = await findPersonalDataKey({ envValue: config.PERSONAL_DATA_KEY, dataDir: config.dataDir, production: config.production });
  console.log(key ? personalDataKeyId(key) : '(no personal-data key configured)');
  process.exit(0);
}
if (command !== 'rotate-personal-data') {
  console.error(USAGE);
  process.exit(2);
}
if (!config.PERSONAL_DATA_KEY || !config.PERSONAL_DATA_KEY_PREVIOUS) {
  console.error('rotate-personal-data needs the new key in PERSONAL_DATA_KEY and the old one(s) in PERSONAL_DATA_KEY_PREVIOUS');
  process.exit(2);
}
const logger = pino({ level: process.env.LOG_LEVEL || 'warn' }, pino.destination(2));
const runtime = await startRuntime(config, logger, { work: false, role: 'cli' });
try {
  const result = await rotatePersonalData({
    db: runtime.db,
    cipher: runtime.cipher,
    previous: loadPreviousPersonalDataKeys(config.PERSONAL_DATA_KEY_PREVIOUS).map((k) => createPersonalDataCipher(k)),
    files: runtime.files,
    dataDir: config.dataDir,
    who: { actor: `cli:${process.env.USER ?? userInfo().username}`, actorRole: null, requestId: null },
  });
  console.log(JSON.stringify(result));
  console.error(`Everything personal is now under key id ${runtime.files.keyId}. Remove PERSONAL_DATA_KEY_PREVIOUS from every process.`);
} finally {
  await runtime.close();
}
