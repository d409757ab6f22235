// Files that cannot be read fail on their own, load nothing, and say where they broke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const kps = () => sampleSources().find((s) => s.fileName === 'kps_stations.json')!.content;

describe('a broken delivery', () => {
  it('a truncated JSON file fails with PARSE_ERROR naming the file and position, loads nothing, and other files proceed', async () => {
    const truncated = kps().slice(0, Math.floor(kps().length * 0.8));
    const run = await runImport(db, [
      { fileName: 'kps_stations.json', content: truncated },
      sampleSources().find((s) => s.fileName === 'equity_afya.json')!,
    ]);
    expect(run.finalStatus).toBe('PARTIALLY_SUCCEEDED');
    expect(run.sources.map((s) => s.status)).toEqual(['FAILED', 'SUCCEEDED']);
    const [issue] = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, code: 'PARSE_ERROR' } });
    expect(issue.fileName).toBe('kps_stations.json');
    expect(issue.message).toMatch(/line \d+|character \d+/);
    expect(await db.prisma.facility.count({ where: { type: 'POLICE_STATION' } })).toBe(0);
    expect(await db.prisma.sourceRecord.count({ where: { importSourceId: run.sources[0].id } })).toBe(0);
  });

  it('an NDJSON file with one broken line fails as a whole', async () => {
    const lines = [
      JSON.stringify({ network: 'Equity Afya', facility_name: 'Equity Afya Kibra', branch_code: 'EA-901', location: { county: 'Nairobi', constituency: 'Kibra' } }),
      '{"network": "Equity Afya", "facility_name": ',
    ];
    const run = await runImport(db, [{ fileName: 'equity_afya-2025-09.ndjson', content: lines.join('\n') }]);
    expect(run.finalStatus).toBe('FAILED');
    expect(await db.prisma.facility.count({ where: { branchCode: 'EA-901' } })).toBe(0);
  });

  it('a file whose kind cannot be told from its name fails with UNKNOWN_KIND', async () => {
    const run = await runImport(db, [{ kind: undefined, content: '[]', fileName: 'partners.json' }]).catch((e: Error) => e);
    expect(run).toBeInstanceOf(Error);
    expect((run as Error).message).toMatch(/Cannot tell which source/);
  });

  it('a record of the wrong type is rejected with WRONG_TYPE while its neighbours load', async () => {
    const content = JSON.stringify([
      'not a record',
      { facility_name: 'Voi Legal Aid Desk', service_type: 'Legal aid', contact: '0722 000 111', county: 'Taita-Taveta', sub_county: 'Voi' },
    ]);
    const run = await runImport(db, [{ fileName: 'other_services.json', content }]);
    expect(run.counts).toMatchObject({ REJECTED: 1, INSERTED: 1 });
    expect(await db.prisma.recordIssue.count({ where: { importRunId: run.id, code: 'WRONG_TYPE', pointer: '/0' } })).toBe(1);
  });
});

describe('a dry run', () => {
  it('reports what a real import would do and loads nothing', async () => {
    const fresh = await createTestDatabase();
    try {
      const dry = await runImport(fresh, sampleSources(), { dryRun: true });
      expect(await fresh.prisma.facility.count()).toBe(0);
      expect(await fresh.prisma.sourceRecord.count()).toBe(0);
      const real = await runImport(fresh, sampleSources());
      expect(dry.counts).toEqual(real.counts);
      expect(await fresh.prisma.recordIssue.count({ where: { importRunId: dry.id } })).toBe(
        await fresh.prisma.recordIssue.count({ where: { importRunId: real.id } }),
      );
    } finally {
      await fresh.close();
    }
  });
});
