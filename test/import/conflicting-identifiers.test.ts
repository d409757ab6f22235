// A record whose official codes belong to two different facilities of the registry cannot be
// merged into either without taking the other's code: a person decides, and the import goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const ndjson = (fileName: string, records: object[]) => ({ fileName, content: records.map((r) => JSON.stringify(r)).join('\n') });

describe('a record whose identifiers point at two facilities', () => {
  it('is flagged as a facility of its own, holding neither code, with a review against each', async () => {
    // Two facilities, far apart by name and place: one known by its MFL code, one by its branch code.
    const registry = await runImport(db, [
      ndjson('equity_afya-2025-08.ndjson', [{ network: 'Equity Afya', facility_name: 'Equity Afya Kariobangi', branch_code: 'EA-012', location: { county: 'Nairobi', constituency: 'Embakasi North' } }]),
      ndjson('regional-2025-08.ndjson', [{ county: 'Nairobi', sub_county: 'Roysambu', ward: 'Githurai', name: 'Githurai Health Centre', mfl_code: '22345', facility_type: 'Health Centre' }]),
    ]);
    expect(registry.finalStatus).toBe('SUCCEEDED');
    const byBranch = await db.prisma.facility.findUniqueOrThrow({ where: { branchCode: 'EA-012' } });
    const byMfl = await db.prisma.facility.findUniqueOrThrow({ where: { mflCode: '22345' } });

    // A later delivery claims both codes for one clinic.
    const run = await runImport(db, [
      ndjson('equity_afya-2025-09.ndjson', [{ network: 'Equity Afya', facility_name: 'Equity Afya Githurai', branch_code: 'EA-012', mfl_code: 22345, location: { county: 'Nairobi', constituency: 'Roysambu', ward: 'Githurai' } }]),
    ]);

    expect(run.finalStatus).toBe('SUCCEEDED');
    expect(run.counts).toMatchObject({ FLAGGED: 1 });
    const record = await db.prisma.sourceRecord.findFirstOrThrow({ where: { importRunId: run.id }, include: { facility: true } });
    expect(record.outcome).toBe('FLAGGED');
    expect(record.facility).toMatchObject({ mflCode: null, branchCode: null });
    // The codes stay where they were.
    expect(await db.prisma.facility.findUniqueOrThrow({ where: { branchCode: 'EA-012' } })).toMatchObject({ id: byBranch.id });
    expect(await db.prisma.facility.findUniqueOrThrow({ where: { mflCode: '22345' } })).toMatchObject({ id: byMfl.id });
    const reviews = await db.prisma.duplicateCandidate.findMany({ where: { importRunId: run.id } });
    const pairs = reviews.map((c) => [c.facilityAId, c.facilityBId].sort());
    expect(pairs).toHaveLength(2);
    expect(pairs).toContainEqual([record.facilityId!, byBranch.id].sort());
    expect(pairs).toContainEqual([record.facilityId!, byMfl.id].sort());
  });
});
