// A source key seen earlier in the same run is the same facility, however far back it was seen:
// an earlier batch, an earlier file of the same kind, or a file finished by an earlier attempt.
// The run's own lineage rows say where each key went, so nothing of the kind is kept in memory.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport } from '../support/imports.js';

const branch = (code: string, name: string, constituency = 'Kibra') => ({ network: 'Equity Afya', facility_name: name, branch_code: code, location: { county: 'Nairobi', constituency } });
const ndjson = (fileName: string, records: object[], tail = '') => ({ fileName, content: records.map((r) => JSON.stringify(r)).join('\n') + tail });

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function outcomesOf(runId: string) {
  return db!.prisma.sourceRecord.findMany({ where: { importRunId: runId }, orderBy: [{ fileName: 'asc' }, { pointer: 'asc' }], select: { fileName: true, pointer: true, outcome: true, facilityId: true } });
}

describe('a key repeated within one run', () => {
  it('goes to one facility when it comes back several batches later', async () => {
    db = await createTestDatabase();
    const records = [branch('EA-1', 'Equity Afya Kibra'), branch('EA-2', 'Equity Afya Olympic', 'Langata'), branch('EA-3', 'Equity Afya Kawangware', 'Dagoretti North'), branch('EA-4', 'Equity Afya Ruaka', 'Westlands'), branch('EA-1', 'Equity Afya Kibra')];
    const run = await runImport(db, [ndjson('equity_afya-2025-09.ndjson', records)], { deps: { batchSize: 2 } });

    const rows = await outcomesOf(run.id);
    expect(rows.map((r) => r.outcome)).toEqual(['INSERTED', 'INSERTED', 'INSERTED', 'INSERTED', 'MERGED']);
    expect(rows[4].facilityId).toBe(rows[0].facilityId);
    expect(await db.prisma.facility.count()).toBe(4);
  });

  it('goes to one facility when a second file of the same kind carries it', async () => {
    db = await createTestDatabase();
    const run = await runImport(db, [
      ndjson('equity_afya-2025-09.ndjson', [branch('EA-1', 'Equity Afya Kibra')]),
      ndjson('equity_afya-2025-10.ndjson', [branch('EA-1', 'Equity Afya Kibra Branch')]),
    ]);

    const rows = await outcomesOf(run.id);
    expect(rows.map((r) => r.outcome)).toEqual(['INSERTED', 'MERGED']);
    expect(rows[1].facilityId).toBe(rows[0].facilityId);
  });

  it('is new again after the file that first carried it failed and was rolled back', async () => {
    db = await createTestDatabase();
    // Two batches load before the broken last line fails the file as a whole.
    const broken = ndjson('equity_afya-2025-09.ndjson', [branch('EA-1', 'Equity Afya Kibra'), branch('EA-2', 'Equity Afya Olympic', 'Langata'), branch('EA-3', 'Equity Afya Kawangware', 'Dagoretti North')], '\n{"network": ');
    const run = await runImport(db, [broken, ndjson('equity_afya-2025-10.ndjson', [branch('EA-1', 'Equity Afya Kibra')])], { deps: { batchSize: 2 } });

    expect(run.sources.map((s) => s.status)).toEqual(['FAILED', 'SUCCEEDED']);
    const rows = await outcomesOf(run.id);
    expect(rows).toEqual([expect.objectContaining({ fileName: 'equity_afya-2025-10.ndjson', outcome: 'INSERTED' })]);
    expect(await db.prisma.facility.count()).toBe(1);
  });
});
