// Record keys made before they were keyed (`hash:` + 24 hex of SHA-256 of name and place) are
// replaced by their keyed form (identity.ts), and so are the issue messages that quote them.
// Run at every start, after the schema migrations: it needs the server's secret, which SQL
// migrations do not have, and finds nothing to do once done. Idempotent and safe to run from two
// processes at once (each old key is replaced by one value, whoever writes it).
import type { Sql } from '../../db/database.js';
import { keyedNameKey, UNKEYED_NAME_PREFIX, type KeyedDigest } from '../normalise/identity.js';

const UNKEYED = /hash:[0-9a-f]{24}/g;

export async function rekeySourceKeys(sql: Sql, keyed: KeyedDigest): Promise<{ keys: number; messages: number }> {
  const rekey = (old: string) => keyedNameKey(old.slice(UNKEYED_NAME_PREFIX.length), keyed);
  const stored = await sql.query<{ key: string }>(
    `SELECT DISTINCT "sourceKey" AS key FROM "SourceRecord" WHERE "sourceKey" LIKE '${UNKEYED_NAME_PREFIX}%'`,
  );
  const quoting = await sql.query<{ id: string; message: string }>(
    `SELECT id, message FROM "RecordIssue" WHERE message ~ 'hash:[0-9a-f]{24}'`,
  );
  if (stored.rows.length === 0 && quoting.rows.length === 0) return { keys: 0, messages: 0 };
  const old = stored.rows.map((r) => r.key);
  await sql.transaction(async (tx) => {
    await tx.query(
      `UPDATE "SourceRecord" s SET "sourceKey" = m.new
         FROM unnest($1::text[], $2::text[]) AS m(old, new) WHERE s."sourceKey" = m.old`,
      [old, old.map(rekey)],
    );
    await tx.query(
      `UPDATE "RecordIssue" i SET message = m.message
         FROM unnest($1::uuid[], $2::text[]) AS m(id, message) WHERE i.id = m.id`,
      [quoting.rows.map((r) => r.id), quoting.rows.map((r) => r.message.replace(UNKEYED, rekey))],
    );
  });
  return { keys: old.length, messages: quoting.rows.length };
}
