// Delivering the same files again must change nothing, whatever they hold: generated deliveries
// with their mess (a source key repeated within a file, the same facility in several files,
// rejects) are imported twice through the recorded-run path the CLI and GraphQL use, and every
// registry table is hashed before and after the second import.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDelivery } from '../../bench/generator/generate.js';
import type { Sql } from '../../src/db/database.js';
import { createTestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

/** What a delivery may change. Lineage (runs, source records, issues) grows by design. */
const REGISTRY_TABLES = ['Facility', 'Contact', 'ContactPerson', 'FacilityService', 'FacilityBlockKey', 'DuplicateCandidate', 'AuditEvent'];

async function registryHashes(sql: Sql): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of REGISTRY_TABLES) {
    const r = await sql.query<{ n: number; hash: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS hash FROM "${table}" t`,
    );
    out[table] = `${r.rows[0].n}:${r.rows[0].hash ?? ''}`;
  }
  return out;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gvrc-reimport-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface DeliveryShape {
  seed: number;
  records: number;
  format: 'json' | 'ndjson';
  duplicateRate: number;
  batchSize: number;
  /** The order of the files in the second import (indexes into the first's); same order when absent. */
  againOrder?: number[];
}

async function generated(shape: DeliveryShape) {
  const outDir = path.join(root, `${shape.seed}-${shape.records}-${shape.format}-${shape.duplicateRate}`);
  const delivery = await generateDelivery({ seed: shape.seed, records: shape.records, format: shape.format, outDir, duplicateRate: shape.duplicateRate, inMemory: false });
  return Promise.all(delivery.files.map(async (f) => ({ fileName: path.basename(f.path), content: await readFile(f.path, 'utf8') })));
}

/** Imports the delivery twice on a fresh database; returns the second run and the hashes around it. */
async function importTwice(shape: DeliveryShape) {
  const files = await generated(shape);
  const db = await createTestDatabase();
  try {
    const deps = { batchSize: shape.batchSize };
    const first = await runImport(db, files, { deps });
    const before = await registryHashes(db.sql);
    const again = shape.againOrder ? shape.againOrder.map((i) => files[i % files.length]) : files;
    const second = await runImport(db, [...new Set(again)], { deps });
    const after = await registryHashes(db.sql);
    return { first, second, before, after };
  } finally {
    await db.close();
  }
}

function expectNothingChanged({ first, second, before, after }: Awaited<ReturnType<typeof importTwice>>) {
  expect(first.finalStatus).toBe('SUCCEEDED');
  expect(second.finalStatus).toBe('SUCCEEDED');
  expect(second.counts).toMatchObject({ INSERTED: 0, UPDATED: 0, MERGED: 0, FLAGGED: 0 });
  // Every record the first run accepted is accepted again, unchanged.
  const firstCounts = first.counts as Record<string, number>;
  const accepted = Object.entries(firstCounts).filter(([k]) => k !== 'REJECTED').reduce((s, [, n]) => s + n, 0);
  expect((second.counts as Record<string, number>).UNCHANGED).toBe(accepted);
  expect(after).toEqual(before);
}

describe('importing the same delivery twice', () => {
  it('changes no row when a source key repeats within a file and its lines fall in different batches', async () => {
    // The reported delivery (seed 7) scaled down; small batches put a repeated key's lines apart.
    expectNothingChanged(await importTwice({ seed: 7, records: 1500, format: 'ndjson', duplicateRate: 0.01, batchSize: 100 }));
  }, 120_000);

  it('changes no row, for any generated delivery', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          records: fc.integer({ min: 60, max: 300 }),
          format: fc.constantFrom('json' as const, 'ndjson' as const),
          duplicateRate: fc.constantFrom(0.01, 0.05, 0.1),
          batchSize: fc.integer({ min: 5, max: 200 }),
          // Seven files in a generated delivery: the second import takes them in any order.
          againOrder: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 7, maxLength: 7 }),
        }),
        async (shape) => expectNothingChanged(await importTwice(shape)),
      ),
      { numRuns: 5 },
    );
  }, 600_000);
});

describe('a source key repeated within a file', () => {
  const equity = () => JSON.parse(sampleSources().find((f) => f.fileName === 'equity_afya.json')!.content);

  it('is an issue on the later record; both lines describe one facility, and delivering the file again changes nothing', async () => {
    const file = equity();
    const first = file.facilities[0];
    // The same branch and MFL code again further down, named and reached differently.
    file.facilities.push({ ...first, facility_name: `${first.facility_name} Annex`, phone: '0722 000 999' });
    const laterPointer = `/facilities/${file.facilities.length - 1}`;
    const delivery = [{ fileName: 'equity_afya.json', content: JSON.stringify(file) }];
    const db = await createTestDatabase();
    try {
      const firstRun = await runImport(db, delivery);
      const facility = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: String(first.mfl_code) }, include: { contacts: true } });
      const before = await registryHashes(db.sql);
      const again = await runImport(db, delivery);
      expect(await registryHashes(db.sql)).toEqual(before);
      expect(again.counts).toMatchObject({ INSERTED: 0, UPDATED: 0, MERGED: 0, FLAGGED: 0 });
      // Nothing of the later line is lost: its phone is the facility's too.
      expect(facility.contacts.map((c) => c.value)).toContain('+254722000999');

      for (const [run, outcomes] of [[firstRun, ['INSERTED', 'MERGED']], [again, ['UNCHANGED', 'UNCHANGED']]] as const) {
        const rows = await db.prisma.sourceRecord.findMany({ where: { importRunId: run.id, pointer: { in: ['/facilities/0', laterPointer] } } });
        const at = (pointer: string) => rows.find((r) => r.pointer === pointer)!;
        expect([at('/facilities/0').outcome, at(laterPointer).outcome]).toEqual(outcomes);
        expect(new Set(rows.map((r) => r.facilityId))).toEqual(new Set([facility.id]));
        const issues = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, code: 'DUPLICATE_SOURCE_KEY' } });
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ pointer: laterPointer, severity: 'WARNING' });
        expect(issues[0].message).toContain('/facilities/0');
      }
    } finally {
      await db.close();
    }
  }, 60_000);
  it('keeps describing the facility by both lines when a newer delivery changes only one of them', async () => {
    const file = equity();
    const first = file.facilities[0];
    file.facilities.push({ ...first, phone: '0722 000 999' });
    const db = await createTestDatabase();
    try {
      await runImport(db, [{ fileName: 'equity_afya.json', content: JSON.stringify(file) }]);
      // The newer delivery changes the first line only; the repeat is delivered as it was.
      file.facilities[0] = { ...first, phone: '0733 000 888' };
      const newer = await runImport(db, [{ fileName: 'equity_afya.json', content: JSON.stringify(file) }]);
      expect(newer.counts).toMatchObject({ UPDATED: 1 });
      const facility = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: String(first.mfl_code) }, include: { contacts: true } });
      expect(facility.contacts.map((c) => c.value)).toEqual(expect.arrayContaining(['+254722000999', '+254733000888']));
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('re-importing unchanged files between deliveries', () => {
  it('changes nothing when they come one at a time, in an order unlike the first', async () => {
    const files = sampleSources();
    const db = await createTestDatabase();
    try {
      await runImport(db, files);
      const before = await registryHashes(db.sql);
      for (const file of [...files].reverse()) {
        const run = await runImport(db, [file]);
        expect(run.counts).toMatchObject({ INSERTED: 0, UPDATED: 0, MERGED: 0, FLAGGED: 0 });
      }
      expect(await registryHashes(db.sql)).toEqual(before);
    } finally {
      await db.close();
    }
  }, 120_000);
});
