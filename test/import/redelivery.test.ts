// What happens when a partner delivers again: the same file changes nothing, a newer version
// updates and audits, a record that disappears is reported and kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await runImport(db, sampleSources());
});
afterAll(() => db?.close());

async function registrySnapshot() {
  const facilities = await db.prisma.facility.findMany({
    orderBy: { code: 'asc' },
    include: { contacts: { orderBy: [{ type: 'asc' }, { value: 'asc' }] }, services: { orderBy: { serviceKey: 'asc' } } },
  });
  return facilities.map(({ contacts, services, ...f }) => ({
    ...f,
    contacts: contacts.map((c) => `${c.type}:${c.value}:${c.isPrimary}`),
    services: services.map((s) => s.serviceKey),
  }));
}

const regional = () => JSON.parse(sampleSources().find((s) => s.fileName === 'regional.json')!.content);

describe('delivering again', () => {
  it('the same files again change nothing, and every record reports unchanged', async () => {
    const before = await registrySnapshot();
    const again = await runImport(db, sampleSources());
    expect(again.counts).toMatchObject({ INSERTED: 0, UPDATED: 0, MERGED: 0, FLAGGED: 0, REJECTED: 3, UNCHANGED: 234 });
    expect(await registrySnapshot()).toEqual(before);
  });

  it('a newer version of a file updates the facility it describes and audits the old and new values', async () => {
    const file = regional();
    const record = file.regions[0].sub_counties[0].facilities[0];
    record.contacts.phone = '0722 555 111';
    record.status = 'Closed';
    const run = await runImport(db, [{ fileName: 'regional.json', content: JSON.stringify(file) }]);
    expect(run.counts).toMatchObject({ UPDATED: 1, INSERTED: 0 });

    const facility = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: String(record.mfl_code) }, include: { contacts: true } });
    expect(facility.contacts.map((c) => c.value)).toContain('+254722555111');
    expect(facility.status).toBe('CLOSED');
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: facility.id, action: 'FACILITY_UPDATED', importRunId: run.id } });
    expect(audit.before).toMatchObject({ status: 'OPERATIONAL' });
    expect(audit.after).toMatchObject({ status: 'CLOSED' });
  });

  it('a record missing from a newer delivery is reported, and its facility is kept', async () => {
    const file = regional();
    const dropped = file.regions[1].sub_counties[0].facilities.shift();
    const run = await runImport(db, [{ fileName: 'regional.json', content: JSON.stringify(file) }]);
    const missing = await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, code: 'MISSING_FROM_DELIVERY' } });
    expect(missing).toHaveLength(1);
    expect(missing[0].message).toContain(`mfl:${dropped.mfl_code}`);
    expect(await db.prisma.facility.count({ where: { mflCode: String(dropped.mfl_code), isActive: true } })).toBe(1);
    expect((run.sources[0].reconciliation as { missing: number }).missing).toBe(1);
  });

  it('a delivery that shrinks sharply is loaded with a warning', async () => {
    const file = regional();
    file.regions = file.regions.slice(0, 2);
    const run = await runImport(db, [{ fileName: 'regional.json', content: JSON.stringify(file) }]);
    expect(await db.prisma.recordIssue.count({ where: { importRunId: run.id, code: 'DELIVERY_SHRANK' } })).toBe(1);
    expect((run.sources[0].reconciliation as { shrank: boolean }).shrank).toBe(true);
  });
});
