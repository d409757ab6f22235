// Re-encrypts everything personal under the current personal-data key: named persons in the
// database (with their fingerprints, which are keyed too) and the stored copies of imported
// files. Run while every process already has the old key among PERSONAL_DATA_KEY_PREVIOUS, so
// nothing stops answering (docs/ops/runbook.md, "Rotating the personal-data key").
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeAuditEvents, type AuditActor } from '../audit/audit-log.js';
import type { Database } from '../db/database.js';
import { PERSONAL_FIELDS } from '../ingest/load/protect-payload.js';
import { KEYED_NAME_PREFIX, keyedDigestWith, keyedNameKey, nameKeyDigest } from '../ingest/normalise/identity.js';
import type { GeographyCodes } from '../ingest/record.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import type { StoredFileCipher } from '../security/stored-file-cipher.js';

export interface RotationResult {
  persons: { reencrypted: number; unchanged: number; duplicatesRemoved: number };
  /** Lineage rows whose sealed people were re-encrypted, and record keys re-keyed. */
  lineage: { reencrypted: number; unchanged: number; keysRekeyed: number; keysUnverified: number };
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
  /** One cipher per previous key: record keys are HMACs, and only the old key recomputes the old ones. */
  previous: PersonalDataCipher[];
  files: StoredFileCipher;
  dataDir: string;
  who: AuditActor;
  batchSize?: number;
}): Promise<RotationResult> {
  const { db, cipher } = options;
  const result: RotationResult = {
    persons: { reencrypted: 0, unchanged: 0, duplicatesRemoved: 0 },
    lineage: { reencrypted: 0, unchanged: 0, keysRekeyed: 0, keysUnverified: 0 },
    files: { reencrypted: 0, unchanged: 0 },
  };
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

  await rotateLineage(db, cipher, options.previous, batchSize, result.lineage);

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

interface LineageRow {
  id: string;
  sourceKey: string;
  payload: unknown;
  normalised: { searchName?: string; geography?: GeographyCodes; sealedPersons?: string } | null;
}

/**
 * Lineage holds people too (sealed fields of the raw payload, sealed persons of the normalised
 * record), and its record keys for records without an official code are HMACs under the key
 * (identity.ts). Each such key is recomputed from the stored normalised record, accepted only
 * when the old key reproduces it, and replaced everywhere it is stored or quoted; a delivery
 * after the rotation then finds its records by key as before.
 */
async function rotateLineage(db: Database, cipher: PersonalDataCipher, previous: PersonalDataCipher[], batchSize: number, tally: RotationResult['lineage']): Promise<void> {
  const current = keyedDigestWith(cipher);
  const olds = previous.map((p) => keyedDigestWith(p));
  const renamed = new Map<string, string>();
  const unverified = new Set<string>();
  const reseal = (token: string) => (cipher.opensWithCurrentKey(token) ? null : cipher.encrypt(cipher.decrypt(token)));
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (
      await db.sql.query<LineageRow>(
        `SELECT id::text, "sourceKey", payload, normalised FROM "SourceRecord" WHERE id > $1::uuid ORDER BY id LIMIT $2`,
        [after, batchSize],
      )
    ).rows;
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    const updates: { id: string; payload: unknown; normalised: unknown }[] = [];
    for (const row of rows) {
      let changed = false;
      // Both drivers hand jsonb over parsed; a record delivered as a bare string stays a string.
      const payload = row.payload;
      if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
        for (const field of PERSONAL_FIELDS) {
          const sealed = (payload as Record<string, { encrypted?: string }>)[field];
          const next = typeof sealed?.encrypted === 'string' ? reseal(sealed.encrypted) : null;
          if (next) {
            (payload as Record<string, unknown>)[field] = { encrypted: next };
            changed = true;
          }
        }
      }
      const normalised = row.normalised;
      if (normalised?.sealedPersons) {
        const next = reseal(normalised.sealedPersons);
        if (next) {
          normalised.sealedPersons = next;
          changed = true;
        }
      }
      if (row.sourceKey.startsWith(KEYED_NAME_PREFIX) && !renamed.has(row.sourceKey) && normalised?.searchName !== undefined && normalised.geography) {
        const digest = nameKeyDigest(normalised.searchName, normalised.geography);
        const now = keyedNameKey(digest, current);
        if (now !== row.sourceKey) {
          if (olds.some((old) => keyedNameKey(digest, old) === row.sourceKey)) renamed.set(row.sourceKey, now);
          else unverified.add(row.sourceKey);
        }
      }
      if (changed) updates.push({ id: row.id, payload, normalised });
      else tally.unchanged += 1;
    }
    if (updates.length) {
      await db.sql.query(
        `UPDATE "SourceRecord" s SET payload = u.payload, normalised = u.normalised
           FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, payload jsonb, normalised jsonb) WHERE s.id = u.id`,
        [JSON.stringify(updates)],
      );
      tally.reencrypted += updates.length;
    }
  }
  for (const key of renamed.keys()) unverified.delete(key);
  if (renamed.size) {
    const [olds_, news] = [[...renamed.keys()], [...renamed.values()]];
    await db.sql.transaction(async (tx) => {
      await tx.query(
        `UPDATE "SourceRecord" s SET "sourceKey" = m.new FROM unnest($1::text[], $2::text[]) AS m(old, new) WHERE s."sourceKey" = m.old`,
        [olds_, news],
      );
      const quoting = await tx.query<{ id: string; message: string }>(`SELECT id::text, message FROM "RecordIssue" WHERE message ~ 'hmac:[0-9a-f]+'`);
      const rewritten = quoting.rows
        .map((r) => ({ id: r.id, message: r.message.replace(/hmac:[0-9a-f]+/g, (k) => renamed.get(k) ?? k) }))
        .filter((r, i) => r.message !== quoting.rows[i]!.message);
      if (rewritten.length) {
        await tx.query(`UPDATE "RecordIssue" i SET message = m.message FROM unnest($1::uuid[], $2::text[]) AS m(id, message) WHERE i.id = m.id`, [
          rewritten.map((r) => r.id),
          rewritten.map((r) => r.message),
        ]);
      }
    });
  }
  tally.keysRekeyed = renamed.size;
  // Keys no stored record reproduces under any key (a place taught since changed how it reads):
  // left as they are; that record is matched by its other features on its next delivery.
  tally.keysUnverified = unverified.size;
}
