// How a batch finds its candidates in the registry: every facility that shares a blocking key
// with it, except through keys too common to mean anything, at a cost that does not grow with
// the size of the registry; and what it reads of each candidate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/db/database.js';
import { facilitiesByBlockKeys, facilityFeatures } from '../../src/ingest/load/registry.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { insertFacilities, insertFacility, PLACES } from '../support/facilities.js';

let db: TestDatabase;
let ids: string[];
/** An active facility with contacts of every kind, and an inactive one. */
let echo: string;
let closed: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const facilities = await insertFacilities(db, ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((name) => ({ name: `${name} Dispensary`, place: PLACES.kilimani })));
  ids = facilities.map((f) => f.id);
  echo = (
    await insertFacility(db, {
      name: 'Echo Health Centre',
      place: PLACES.kondele,
      mflCode: '12345',
      contacts: [
        { type: 'PHONE', value: '+254700000010' },
        { type: 'HOTLINE', value: '1195' },
        { type: 'EMAIL', value: 'echo@example.org' },
        { type: 'WEBSITE', value: 'https://echo.example.org' },
      ],
    })
  ).id;
  closed = (await insertFacility(db, { name: 'Foxtrot Clinic', place: PLACES.kondele, isActive: false })).id;
});

afterAll(async () => {
  await db?.close();
});

/** Runs `work` in a transaction that is rolled back, so each test starts from the same registry. */
async function rolledBack(work: (tx: Sql) => Promise<void>): Promise<void> {
  const undo = new Error('roll back');
  await db.sql
    .transaction(async (tx) => {
      await work(tx);
      throw undo;
    })
    .catch((error: unknown) => {
      if (error !== undo) throw error;
    });
}

async function holdKeys(tx: Sql, rows: [key: string, facilityId: string][]): Promise<void> {
  await tx.query(`INSERT INTO "FacilityBlockKey" (key, "facilityId") SELECT * FROM unnest($1::text[], $2::uuid[])`, [rows.map((r) => r[0]), rows.map((r) => r[1])]);
}

describe('looking up a batch’s blocking keys', () => {
  it('answers each key held in the registry with the facilities holding it, and leaves out keys nobody holds', async () => {
    await rolledBack(async (tx) => {
      await holdKeys(tx, [['n:047:alpha', ids[0]], ['n:047:alpha', ids[1]], ['p:+254700000001', ids[2]]]);
      const blocks = await facilitiesByBlockKeys(tx, ['n:047:alpha', 'p:+254700000001', 'e:nobody@example.org'], 50);
      expect([...blocks.keys()].sort()).toEqual(['n:047:alpha', 'p:+254700000001']);
      expect(blocks.get('n:047:alpha')!.sort()).toEqual([ids[0], ids[1]].sort());
      expect(blocks.get('p:+254700000001')).toEqual([ids[2]]);
    });
  });

  it('leaves out a key held by more facilities than the cap, and keeps one held by exactly as many', async () => {
    await rolledBack(async (tx) => {
      await holdKeys(tx, [
        ...ids.slice(0, 3).map((id): [string, string] => ['n:047:mbgth', id]),
        ...ids.map((id): [string, string] => ['n:047:dispensary', id]),
      ]);
      const blocks = await facilitiesByBlockKeys(tx, ['n:047:mbgth', 'n:047:dispensary'], 3);
      expect([...blocks.keys()]).toEqual(['n:047:mbgth']);
      expect(blocks.get('n:047:mbgth')).toHaveLength(3);
    });
  });

  it('probes the index for each key instead of reading the whole table, however large the registry’s keys have grown', async () => {
    // A batch asks for ~15,000 keys; over a few hundred thousand held keys, `key = ANY(…)` was
    // planned as a scan of the whole table, so each batch of a growing import cost more than the last.
    await rolledBack(async (tx) => {
      await tx.query(
        `INSERT INTO "FacilityBlockKey" (key, "facilityId")
         SELECT 'n:047:w' || g, ($1::uuid[])[1 + g % 4] FROM generate_series(1, 200000) g`,
        [ids],
      );
      await tx.query(`ANALYZE "FacilityBlockKey"`);
      const asked = Array.from({ length: 15000 }, (_, i) => `n:047:w${i * 13}`);
      const before = await seqScans(tx);
      const blocks = await facilitiesByBlockKeys(tx, asked, 50);
      expect(await seqScans(tx)).toBe(before);
      // Keys w0 … w194987 in steps of 13: every one but w0 is held.
      expect(blocks.size).toBe(14999);
    });
  });
});

describe('reading the candidates’ match features', () => {
  it('gives each active facility asked for with its phones and e-mails, and nothing for inactive or unknown ids', async () => {
    const features = await facilityFeatures(db.sql, [echo, closed, ids[0], '00000000-0000-4000-8000-000000000000']);
    expect(features.map((f) => f.id).sort()).toEqual([echo, ids[0]].sort());
    const found = features.find((f) => f.id === echo)!;
    expect(found).toMatchObject({ name: 'Echo Health Centre', searchName: 'echo health centre', countyCode: '042', identifiers: { mflCode: '12345' } });
    expect(found.phones.sort()).toEqual(['+254700000010', '1195']);
    expect(found.emails).toEqual(['echo@example.org']);
    expect(features.find((f) => f.id === ids[0])).toMatchObject({ phones: [], emails: [] });
  });
});

/** Sequential scans of FacilityBlockKey made so far by the current transaction. */
async function seqScans(tx: Sql): Promise<number> {
  const r = await tx.query<{ n: string }>(`SELECT seq_scan::text AS n FROM pg_stat_xact_user_tables WHERE relname = 'FacilityBlockKey'`);
  return Number(r.rows[0]?.n ?? 0);
}
