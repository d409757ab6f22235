// Records keyed by name and place before keys were keyed (issue 21.2) keep their identity: the
// start-up step replaces each stored `hash:` key, and each issue message quoting one, by the
// keyed key the importer now derives, so the next delivery finds them unchanged.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rekeySourceKeys } from '../../src/ingest/load/rekey-source-keys.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';
import { testKeyed } from '../support/keyed.js';

let db: TestDatabase;
let keyed: { id: string; sourceKey: string; unkeyed: string }[];

beforeAll(async () => {
  db = await createTestDatabase();
  const first = await runImport(db, sampleSources());
  const records = await db.prisma.sourceRecord.findMany({ where: { sourceKey: { startsWith: 'hmac:' } }, select: { id: true, sourceKey: true, normalised: true } });
  // Back to the form an import before the change stored: SHA-256 of the search name and place.
  keyed = records.map((r) => {
    const n = r.normalised as { searchName: string; geography: { countyCode: string; constituencyCode?: string; wardCode?: string } };
    const place = [n.geography.countyCode, n.geography.constituencyCode ?? '', n.geography.wardCode ?? ''].join('/');
    return { id: r.id, sourceKey: r.sourceKey, unkeyed: `hash:${createHash('sha256').update(`${n.searchName}|${place}`).digest('hex').slice(0, 24)}` };
  });
  for (const r of keyed) await db.prisma.sourceRecord.update({ where: { id: r.id }, data: { sourceKey: r.unkeyed } });
  await db.prisma.recordIssue.create({
    data: { importRunId: first.id, code: 'MISSING_FROM_DELIVERY', severity: 'WARNING', fileName: 'other_services.json', message: `Record ${keyed[0].unkeyed} (at /3 in the previous delivery) is not in this delivery.` },
  });
});
afterAll(() => db?.close());

describe('re-keying stored record keys', () => {
  it('gives every unkeyed key, and every message quoting one, the key the importer derives now', async () => {
    expect(keyed.length).toBeGreaterThan(0);
    const done = await rekeySourceKeys(db.sql, testKeyed);
    expect(done.keys).toBe(new Set(keyed.map((r) => r.unkeyed)).size);
    for (const r of keyed) expect((await db.prisma.sourceRecord.findUniqueOrThrow({ where: { id: r.id } })).sourceKey).toBe(r.sourceKey);
    const messages = await db.prisma.recordIssue.findMany({ where: { code: 'MISSING_FROM_DELIVERY' }, select: { message: true } });
    expect(messages.map((m) => m.message).join('\n')).not.toMatch(/hash:[0-9a-f]{24}/);
    expect(messages.some((m) => m.message.includes(keyed[0].sourceKey))).toBe(true);
  });

  it('finds nothing to do the second time, and the same delivery is then unchanged', async () => {
    expect(await rekeySourceKeys(db.sql, testKeyed)).toEqual({ keys: 0, messages: 0 });
    const again = await runImport(db, sampleSources());
    expect(again.counts).toMatchObject({ INSERTED: 0, UPDATED: 0 });
  });
});
