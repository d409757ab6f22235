// A redelivered record (its source key already known) whose other official code belongs to a
// different facility: the path that used to crash the whole run with a unique violation on
// Facility.branchCode, because an update took the code without asking who held it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const ndjson = (fileName: string, records: object[]) => ({ fileName, content: records.map((r) => JSON.stringify(r)).join('\n') });

describe('the sample delivery, then a record whose branch_code is one facility and mfl_code another', () => {
  it('gives that record its own CONFLICTING_IDENTIFIERS issue naming both facilities, sends it to review, and the run goes on', async () => {
    const samples = await runImport(db, sampleSources());
    expect(samples.finalStatus).toBe('SUCCEEDED');
    const sample = JSON.parse(sampleSources().find((s) => s.fileName === 'equity_afya.json')!.content) as { facilities: { branch_code: string; mfl_code: number }[] };
    const [first, second] = sample.facilities;
    const byBranch = await db.prisma.facility.findUniqueOrThrow({ where: { branchCode: first.branch_code } });
    const byMfl = await db.prisma.facility.findUniqueOrThrow({ where: { mflCode: String(second.mfl_code) } });
    expect(byBranch.id).not.toBe(byMfl.id);

    const run = await runImport(db, [
      ndjson('equity_afya-2025-10.ndjson', [
        { network: 'Equity Afya', facility_name: byMfl.name, branch_code: first.branch_code, mfl_code: second.mfl_code, location: { county: 'Kakamega', constituency: 'Shinyalu' } },
      ]),
    ]);

    expect(run.finalStatus).toBe('SUCCEEDED');
    expect(run.sources[0].status).toBe('SUCCEEDED');
    const issues = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, code: 'CONFLICTING_IDENTIFIERS' } });
    expect(issues).toHaveLength(1);
    // NDJSON records are pointed at by line.
    expect(issues[0].pointer).toBe('1');
    expect(issues[0].message).toContain(byBranch.id);
    expect(issues[0].message).toContain(byMfl.id);
    const reviews = await db.prisma.duplicateCandidate.findMany({ where: { importRunId: run.id } });
    expect(reviews.map((c) => [c.facilityAId, c.facilityBId].sort())).toContainEqual([byBranch.id, byMfl.id].sort());
    // Each code stays with the facility that held it.
    expect(await db.prisma.facility.findUniqueOrThrow({ where: { branchCode: first.branch_code } })).toMatchObject({ id: byBranch.id });
    expect(await db.prisma.facility.findUniqueOrThrow({ where: { mflCode: String(second.mfl_code) } })).toMatchObject({ id: byMfl.id });
  });
});
