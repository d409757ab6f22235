// Definition of done for "no single record can fail a run": an import of generated files in
// which random records throw at random stages. Every other record loads, every failed record has
// an issue naming it, the run ends PARTIALLY_SUCCEEDED, and running it again changes nothing.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDelivery } from '../../bench/generator/generate.js';
import type { FaultInjector, RecordStage } from '../../src/ingest/failures/record-failure.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport } from '../support/imports.js';

// A new seed each run, printed, so a failure can be replayed with FAULT_SEED=….
const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 1e9));
const STAGES: RecordStage[] = ['process', 'match', 'write'];

/** A stable pseudo-random number in [0, 1) per record and purpose. */
function draw(...parts: string[]): number {
  return createHash('sha256').update([seed, ...parts].join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

/** About 4 % of the records fail, each at a stage of its own; the same records every time. */
function doomed(record: { fileName: string; pointer: string }): RecordStage | undefined {
  if (draw('fail', record.fileName, record.pointer) >= 0.04) return undefined;
  return STAGES[Math.floor(draw('stage', record.fileName, record.pointer) * STAGES.length)];
}

const injectFault: FaultInjector = (stage, record) => {
  if (doomed(record) === stage) throw new Error(`injected failure at ${stage}`);
};

let dir: string;
let files: { fileName: string; content: string }[];
let faulty: TestDatabase;
let clean: TestDatabase;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gvrc-faults-'));
  const delivery = await generateDelivery({ seed: 5, records: 300, format: 'json', outDir: dir, inMemory: false });
  files = await Promise.all(delivery.files.map(async (f) => ({ fileName: basename(f.path), content: await readFile(f.path, 'utf8') })));
  [faulty, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await faulty?.close();
  await clean?.close();
  await rm(dir, { recursive: true, force: true });
});

const key = (r: { fileName: string; pointer: string | null }) => `${r.fileName}#${r.pointer}`;

async function registrySnapshot(db: TestDatabase) {
  const facilities = await db.prisma.facility.findMany({ orderBy: { id: 'asc' }, include: { contacts: { orderBy: { value: 'asc' } }, services: { orderBy: { serviceKey: "asc" } } } });
  return { facilities, audit: await db.prisma.auditEvent.count(), candidates: await db.prisma.duplicateCandidate.count() };
}

describe(`an import in which random records throw at random stages (FAULT_SEED=${seed})`, () => {
  it('loads every other record, gives each failed record an issue, ends PARTIALLY_SUCCEEDED, and changes nothing when run again', async () => {
    const reference = await runImport(clean, files, { deps: { batchSize: 40 } });
    const run = await runImport(faulty, files, { deps: { batchSize: 40, injectFault } });

    const referenceRows = await clean.prisma.sourceRecord.findMany({ where: { importRunId: reference.id }, select: { fileName: true, pointer: true, outcome: true } });
    const failedKeys = new Set(referenceRows.filter((r) => doomed(r)).map(key));
    expect(failedKeys.size, 'the seed makes some records fail').toBeGreaterThan(0);

    expect(run.finalStatus).toBe('PARTIALLY_SUCCEEDED');
    expect(run.sources.every((s) => s.status === 'SUCCEEDED')).toBe(true);

    // Every failed record has its own issue, at its own place in its file.
    const issues = await faulty.prisma.recordIssue.findMany({ where: { importRunId: run.id, code: 'RECORD_FAILED' } });
    expect(new Set(issues.map(key))).toEqual(failedKeys);
    expect(issues).toHaveLength(failedKeys.size);

    // Every other record was loaded, and rejected only where a clean import rejects it too.
    const rows = await faulty.prisma.sourceRecord.findMany({ where: { importRunId: run.id }, select: { fileName: true, pointer: true, outcome: true } });
    const loaded = new Map(rows.filter((r) => !failedKeys.has(key(r))).map((r) => [key(r), r.outcome]));
    const expected = referenceRows.filter((r) => !failedKeys.has(key(r)));
    expect(loaded.size).toBe(expected.length);
    for (const r of expected) expect(loaded.get(key(r)) === 'REJECTED', key(r)).toBe(r.outcome === 'REJECTED');
    // The counts still add up to the records extracted.
    const counts = run.counts as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(referenceRows.length);
    expect(counts.REJECTED).toBe(expected.filter((r) => r.outcome === 'REJECTED').length + failedKeys.size);

    // The same import again, with the same records failing: nothing changes.
    const before = await registrySnapshot(faulty);
    const again = await runImport(faulty, files, { deps: { batchSize: 40, injectFault } });
    expect(again.finalStatus).toBe('PARTIALLY_SUCCEEDED');
    expect(await registrySnapshot(faulty)).toEqual(before);
    const againCounts = again.counts as Record<string, number>;
    expect(againCounts).toMatchObject({ INSERTED: 0, UPDATED: 0, MERGED: 0, FLAGGED: 0 });
  });
});
