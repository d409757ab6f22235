// A file of one kind named (or forced) as another used to end SUCCEEDED with 0 records and reset
// the reconciliation baseline. The content's structure says which kind it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const sample = (name: string) => sampleSources().find((s) => s.fileName === name)!.content;

describe('a delivery whose content is of another kind than declared', () => {
  it('fails that source with WRONG_KIND naming the kind it looks like, by name or by --kind, and leaves the baseline alone', async () => {
    const first = await runImport(db, [{ fileName: 'kps_stations.json', content: sample('kps_stations.json') }]);
    expect(first.finalStatus).toBe('SUCCEEDED');

    const byName = await runImport(db, [{ fileName: 'regional-2025-09.json', content: sample('kps_stations.json') }]);
    const forced = await runImport(db, [{ fileName: 'kps_stations.json', content: sample('kps_stations.json'), kind: 'equity_afya' }]);
    for (const run of [byName, forced]) {
      expect(run.finalStatus).toBe('FAILED');
      expect(run.sources[0].status).toBe('FAILED');
      const [issue] = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, code: 'WRONG_KIND' } });
      expect(issue.message).toContain('looks like kps_stations');
      expect(run.sources[0].error).toContain('kps_stations');
    }

    // The next real delivery is still compared with the first one, not with an empty file.
    const next = await runImport(db, [{ fileName: 'kps_stations-2025-10.json', content: sample('kps_stations.json') }]);
    expect(next.finalStatus).toBe('SUCCEEDED');
    expect(next.sources[0].reconciliation).toMatchObject({ previousSourceId: first.sources[0].id });
    expect((next.sources[0].reconciliation as { previousRecords: number }).previousRecords).toBeGreaterThan(0);
  });

  it('an NDJSON file is judged by its first record', async () => {
    const line = JSON.stringify({ network: 'Equity Afya', facility_name: 'Equity Afya Kibra', branch_code: 'EA-951', location: { county: 'Nairobi', constituency: 'Kibra' } });
    const run = await runImport(db, [{ fileName: 'kps_stations-2025-11.ndjson', content: line }]);
    expect(run.sources[0].status).toBe('FAILED');
    expect(await db.prisma.recordIssue.count({ where: { importRunId: run.id, code: 'WRONG_KIND', message: { contains: 'looks like equity_afya' } } })).toBe(1);
  });

  it('a file in which nothing could be read is never a success', async () => {
    const run = await runImport(db, [{ fileName: 'equity_afya-2025-12.json', content: '{"network": "Equity Afya", "clinics": [{"facility_name": "Equity Afya Kibra"}]}' }]);
    expect(run.finalStatus).toBe('FAILED');
    expect(await db.prisma.recordIssue.count({ where: { importRunId: run.id, code: 'NO_RECORDS' } })).toBe(1);
  });
});
