// A service started with the wrong personal-data key would answer INTERNAL_SERVER_ERROR for every
// facility with a named person, even to ADMIN, and would write new rows under a second key. It
// must not start at all: one stored token that does not open is proof enough.
import type { Sql } from '../db/database.js';
import { PersonalDataCipherError, PersonalDataKeyError, type PersonalDataCipher } from './personal-data-cipher.js';

export async function assertKeyOpensStoredData(sql: Sql, cipher: PersonalDataCipher, keyId: string): Promise<void> {
  const sample = await sql
    .query<{ token: string }>('SELECT "nameEncrypted" AS token FROM "ContactPerson" ORDER BY "createdAt" LIMIT 1')
    .catch(() => ({ rows: [] as { token: string }[] }));
  const token = sample.rows[0]?.token;
  if (token === undefined) return;
  try {
    cipher.decrypt(token);
  } catch (error) {
    if (!(error instanceof PersonalDataCipherError)) throw error;
    throw new PersonalDataKeyError(
      `the personal-data key in use (key id ${keyId}) does not open the personal data stored in this database. ` +
        'Start with the key the data was written with: set PERSONAL_DATA_KEY, or restore DATA_DIR/personal-data.key ' +
        "(a backup's manifest names the key id it needs).",
    );
  }
}
