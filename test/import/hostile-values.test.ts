// Values no partner means to send but a file can hold: each is an issue on its own record, or
// is stored without the offending character; the file does not fail and its other records load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const clinic = (code: string) => JSON.stringify({ network: 'Equity Afya', facility_name: `Equity Afya Hostile ${code}`, branch_code: code, location: { county: 'Nairobi', constituency: 'Kibra' } });

describe('hostile values in one record', () => {
  it.each([
    ['a NUL character in an unknown field', '{"network":"Equity Afya","facility_name":"Equity Afya Nul","branch_code":"CODE","location":{"county":"Nairobi","constituency":"Kibra"},"note":"a\\u0000b"}'],
    ['a NUL character in the name', '{"network":"Equity Afya","facility_name":"Equity\\u0000Afya","branch_code":"CODE","location":{"county":"Nairobi","constituency":"Kibra"}}'],
    ['a lone surrogate in the name', '{"network":"Equity Afya","facility_name":"Equity Afya \\ud800","branch_code":"CODE","location":{"county":"Nairobi","constituency":"Kibra"}}'],
  ])('%s: the record is marked, its neighbours load', async (_label, hostile) => {
    const tag = String(Math.floor(Math.random() * 1e6));
    const lines = [clinic(`EA-A${tag}`), hostile.replace('CODE', `EA-X${tag}`), clinic(`EA-B${tag}`)];
    const run = await runImport(db, [{ fileName: `equity_afya-${tag}.ndjson`, content: lines.join('\n') }]);
    expect(run.sources[0].status).toBe('SUCCEEDED');
    expect(await db.prisma.facility.count({ where: { branchCode: { in: [`EA-A${tag}`, `EA-B${tag}`] } } })).toBe(2);
    const loaded = await db.prisma.facility.findFirst({ where: { branchCode: `EA-X${tag}` } });
    if (loaded) {
      expect(loaded.name).not.toMatch(/\u0000|[\ud800-\udfff]/);
    } else {
      const issues = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, pointer: '2', severity: 'ERROR' } });
      expect(issues.length).toBeGreaterThan(0);
    }
  });
});

describe('hostile sizes in one record', () => {
  it('100,000-deep nesting in an unknown field: the record is marked or stored, its neighbours load, the file succeeds', async () => {
    const tag = String(Math.floor(Math.random() * 1e6));
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const hostile = `{"network":"Equity Afya","facility_name":"Equity Afya Deep","branch_code":"EA-D${tag}","location":{"county":"Nairobi","constituency":"Kibra"},"extra":${deep}}`;
    const run = await runImport(db, [{ fileName: `equity_afya-deep-${tag}.ndjson`, content: [clinic(`EA-A${tag}`), hostile, clinic(`EA-B${tag}`)].join('\n') }]);
    expect(run.sources[0].status).toBe('SUCCEEDED');
    expect(await db.prisma.facility.count({ where: { branchCode: { in: [`EA-A${tag}`, `EA-B${tag}`] } } })).toBe(2);
    const record = await db.prisma.sourceRecord.findFirst({ where: { importRunId: run.id, pointer: '2' } });
    const issues = await db.prisma.recordIssue.count({ where: { importRunId: run.id, pointer: '2', severity: 'ERROR' } });
    // Either way the record is accounted for: loaded as one record, or rejected with its issue.
    expect(record !== null || issues > 0).toBe(true);
  }, 120_000);

  it('a 50 MB name: the record is rejected with its issue, its neighbours load, the file succeeds', async () => {
    const tag = String(Math.floor(Math.random() * 1e6));
    const hostile = JSON.stringify({ network: 'Equity Afya', facility_name: 'A'.repeat(50 * 1024 * 1024), branch_code: `EA-L${tag}`, location: { county: 'Nairobi', constituency: 'Kibra' } });
    const run = await runImport(db, [{ fileName: `equity_afya-long-${tag}.ndjson`, content: [clinic(`EA-A${tag}`), hostile, clinic(`EA-B${tag}`)].join('\n') }]);
    expect(run.sources[0].status).toBe('SUCCEEDED');
    expect(await db.prisma.facility.count({ where: { branchCode: { in: [`EA-A${tag}`, `EA-B${tag}`] } } })).toBe(2);
    expect(await db.prisma.facility.count({ where: { branchCode: `EA-L${tag}` } })).toBe(0);
    const issues = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, pointer: '2', severity: 'ERROR' } });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.code)).toEqual(['VALUE_TOO_LONG']);
    // The issue names the problem without repeating the value.
    expect(issues[0]!.message).toBe('"facility_name" holds 52,428,800 characters; at most 500 are accepted. Shorten it.');
  }, 240_000);
});
