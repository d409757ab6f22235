// Values no partner means to send but a file can hold: each is an issue on its own record
// (RECORD_FAILED with its pointer, or a validation issue), and the other records load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const clinic = (n: number, extra: object = {}) => ({ network: 'Equity Afya', facility_name: `Equity Afya Hostile ${n}`, branch_code: `EA-H${n}`, location: { county: 'Nairobi', constituency: 'Kibra' }, ...extra });

describe('hostile values in one record', () => {
  it.each([
    ['a NUL character in an unknown field', '{"network":"Equity Afya","facility_name":"Equity Afya Nul","branch_code":"EA-HX","location":{"county":"Nairobi","constituency":"Kibra"},"note":"a\\u0000b"}'],
    ['a NUL character in the name', '{"network":"Equity Afya","facility_name":"Equity\\u0000Afya","branch_code":"EA-HX","location":{"county":"Nairobi","constituency":"Kibra"}}'],
    ['a lone surrogate in the name', '{"network":"Equity Afya","facility_name":"Equity Afya \\ud800","branch_code":"EA-HX","location":{"county":"Nairobi","constituency":"Kibra"}}'],
  ])('%s: the record is marked, its neighbours load', async (_label, hostile) => {
    const tag = Math.floor(Math.random() * 1e6);
    const lines = [JSON.stringify(clinic(tag)), hostile.replace('EA-HX', `EA-HX${tag}`), JSON.stringify(clinic(tag + 1))];
    const run = await runImport(db, [{ fileName: `equity_afya-${tag}.ndjson`, content: lines.join('\n') }]);
    expect(run.sources[0].status).toBe('SUCCEEDED');
    expect(await db.prisma.facility.count({ where: { branchCode: { in: [`EA-H${tag}`, `EA-H${tag + 1}`] } } })).toBe(2);
    const issues = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, pointer: '2', severity: 'ERROR' } });
    const loaded = await db.prisma.facility.findFirst({ where: { branchCode: `EA-HX${tag}` } });
    // Either the value was refused with an issue on its record, or it was stored without the character.
    if (loaded) expect(loaded.name).not.toMatch(/\u0000|[\ud800-\udfff]/);
    else expect(issues.length).toBeGreaterThan(0);
  });
});
