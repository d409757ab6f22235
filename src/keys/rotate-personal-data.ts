// Re-encrypts everything personal under the current personal-data key: named persons in the
// database (with their fingerprints, which are keyed too) and the stored copies of imported
// files. Run while every process already has the old key among PERSONAL_DATA_KEY_PREVIOUS, so
// nothing stops answering (docs/ops/runbook.md, "Rotating the personal-data key").
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeAuditEvents, type AuditActor } from '../audit/audit-log.js';
import type { Database } from '../db/database.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import type { StoredFileCipher } from '../security/stored-file-cipher.js';

export interface RotationResult {
  persons: { reencrypted: number; unchanged: number; duplicatesRemoved: number };
  files: { reencrypted: number; unchanged: number };
}

interface PersonRow {
  id: string;
  facilityId: string;
  role: string;
  fingerprint: string;
  nameEncrypted: string;
  phoneEncrypted: string | null;
  emailEncrypted: string | null;
}

export async function rotatePersonalData(options: {
  db: Database;
  cipher: PersonalDataCipher;
  files: StoredFileCipher;
  dataDir: string;
  who: AuditActor;
  batchSize?: number;
}): Promise<RotationResult> {
  const { db, cipher } = options;
  const result: RotationResult = { persons: { reencrypted: 0, unchanged: 0, duplicatesRemoved: 0 }, files: { reencrypted: 0, unchanged: 0 } };
  const batchSize = options.batchSize ?? 500;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (
      await db.sql.query<PersonRow>(
        `SELECT id::text, "facilityId"::text, role, fingerprint, "nameEncrypted", "phoneEncrypted", "emailEncrypted"
           FROM "ContactPerson" WHERE id > $1::uuid ORDER BY id LIMIT $2`,
        [after, batchSize],
      )
    ).rows;
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    await db.sql.transaction(async (tx) => {
      for (const row of rows) {
        const tokens = [row.nameEncrypted, row.phoneEncrypted, row.emailEncrypted].filter((t): t is string => t !== null);
        const name = cipher.decrypt(row.nameEncrypted);
        const phone = row.phoneEncrypted === null ? null : cipher.decrypt(row.phoneEncrypted);
        const email = row.emailEncrypted === null ? null : cipher.decrypt(row.emailEncrypted);
        const fingerprint = cipher.fingerprint(row.role, name, phone ?? '');
        if (fingerprint === row.fingerprint && tokens.every((t) => cipher.opensWithCurrentKey(t))) {
          result.persons.unchanged += 1;
          continue;
        }
        // A person delivered again while the keys were changing was stored under both
        // fingerprints: keep one row.
        const twin = await tx.query(`SELECT 1 FROM "ContactPerson" WHERE "facilityId" = $1::uuid AND fingerprint = $2 AND id <> $3::uuid`, [row.facilityId, fingerprint, row.id]);
        if (twin.rowCount) {
          await tx.query(`DELETE FROM "ContactPerson" WHERE id = $1::uuid`, [row.id]);
          result.persons.duplicatesRemoved += 1;
          continue;
        }
        await tx.query(
          `UPDATE "ContactPerson" SET fingerprint = $2, "nameEncrypted" = $3, "phoneEncrypted" = $4, "emailEncrypted" = $5 WHERE id = $1::uuid`,
          [row.id, fingerprint, cipher.encrypt(name), phone === null ? null : cipher.encrypt(phone), email === null ? null : cipher.encrypt(email)],
        );
        result.persons.reencrypted += 1;
      }
    });
  }

  for (const file of await storedFiles(path.join(options.dataDir, 'imports', 'runs'))) {
    const state = await options.files.inspect(file);
    if (state.encrypted && state.keyId === options.files.keyId) {
      result.files.unchanged += 1;
      continue;
    }
    const next = `${file}.rotating`;
    try {
      await pipeline(options.files.reader(file), options.files.writer(next));
      await rename(next, file);
    } catch (error) {
      await rm(next, { force: true });
      throw error;
    }
    result.files.reencrypted += 1;
  }

  await writeAuditEvents(db.prisma, options.who, [
    { action: 'PERSONAL_DATA_KEY_ROTATED', entityType: 'PersonalDataKey', entityId: options.files.keyId, after: { ...result } },
  ]);
  return result;
}

async function storedFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await storedFiles(full)));
    else if (entry.isFile() && !entry.name.endsWith('.rotating')) found.push(full);
  }
  return found;
}
