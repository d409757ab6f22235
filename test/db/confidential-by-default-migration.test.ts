// Rows loaded before safe houses were known by their services and names (issue 21.4) are
// re-classified by migration 20261208100100_confidential_by_default, with the same words the
// importer now uses (src/ingest/normalise/confidential.ts), except where an engineer pinned the
// flag by hand.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/db/schema-engine.js';
import { isConfidentialByDefault } from '../../src/ingest/normalise/confidential.js';
import { searchName } from '../../src/ingest/normalise/name.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport } from '../support/imports.js';

const migration = readFileSync(path.join(migrationsDir, '20261208100100_confidential_by_default', 'migration.sql'), 'utf8');
const SHELTERS = ['Wema Safehouse', 'Mercy Rescue Home', "Kesho Women's Refuge", 'Nyumba Salama ya Baraka', 'Tumaini Centre'];
const PUBLIC = ['Jamii Counselling Centre', 'Rescuers Legal Aid Network', 'Safaricom Foundation Hub'];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const ward = await db.prisma.ward.findFirstOrThrow({ orderBy: { code: 'asc' }, include: { constituency: { include: { county: true } } } });
  const organizations = [...SHELTERS, ...PUBLIC].map((name) => ({
    organization_name: name,
    services: name === 'Tumaini Centre' ? ['Shelter'] : ['Counselling'],
    location: `${ward.constituency.county.name}, ${ward.constituency.name}`,
  }));
  await runImport(db, [{ fileName: 'category_A.json', content: JSON.stringify({ category: 'A', organizations }) }]);
  // As an import before the rule left them: every record and facility public.
  await db.sql.query(`UPDATE "SourceRecord" SET normalised = jsonb_set(normalised, '{confidentialLocation}', 'false'::jsonb)`);
  await db.sql.query(`UPDATE "Facility" SET "confidentialLocation" = false`);
  await db.sql.query(`UPDATE "Facility" SET overrides = '{"confidentialLocation": false}'::jsonb WHERE name = 'Mercy Rescue Home'`);
  for (const statement of migration.split(/;\s*\n/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)) await db.sql.query(statement);
});
afterAll(() => db?.close());

async function flags(): Promise<Record<string, { facility: boolean; records: boolean[] }>> {
  const rows = await db.prisma.facility.findMany({ select: { name: true, confidentialLocation: true, sourceRecords: { select: { normalised: true } } } });
  return Object.fromEntries(
    rows.map((f) => [f.name, { facility: f.confidentialLocation, records: f.sourceRecords.map((r) => (r.normalised as { confidentialLocation: boolean }).confidentialLocation) }]),
  );
}

describe('migration 20261208100100_confidential_by_default', () => {
  it('makes the safe houses and their records confidential, and nothing else', async () => {
    const after = await flags();
    for (const name of SHELTERS.filter((n) => n !== 'Mercy Rescue Home')) expect(after[name], name).toEqual({ facility: true, records: [true] });
    for (const name of PUBLIC) expect(after[name], name).toEqual({ facility: false, records: [false] });
  });

  it('leaves a flag an engineer pinned by hand', async () => {
    expect((await flags())['Mercy Rescue Home'].facility).toBe(false);
  });

  it('matches names with the importer\'s words', async () => {
    const pattern = /'(\\y\(.*?\)\\y)'/.exec(migration)![1];
    const names = [...SHELTERS, ...PUBLIC, 'Kimbilio Women Centre', 'Makazi Salama', 'Hifadhi Home', 'Uokoaji Centre', 'Safe Haven Trust', 'Safe Spaces Kenya', 'Shelters for Hope', 'Safety First Clinic', 'Nyumbani Clinic'];
    for (const name of names) {
      const key = searchName(name);
      const inSql = (await db.sql.query<{ m: boolean }>('SELECT $1::text ~ $2::text AS m', [key, pattern])).rows[0].m;
      expect(inSql, name).toBe(isConfidentialByDefault({ type: 'SUPPORT_ORGANISATION', searchName: key, services: [] }));
    }
  });
});
