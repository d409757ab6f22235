// Every change a delivery makes to a facility is one audit entry with the values before and
// after: its fields, and also its contacts, services and named persons (masked in the trail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await runImport(db, sampleSources());
}, 120_000);
afterAll(() => db?.close());

const sample = (fileName: string) => sampleSources().find((f) => f.fileName === fileName)!;

async function entriesOf(runId: string, entityId: string) {
  return db.prisma.auditEvent.findMany({ where: { importRunId: runId, entityId } });
}

describe('the audit trail of a delivery', () => {
  it('records a phone added by a newer delivery and removed by the older one delivered again, each as one entry', async () => {
    const original = sample('equity_afya.json');
    const newer = JSON.parse(original.content);
    const record = newer.facilities[0];
    record.phone = '0722 555 111';
    const facility = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: String(record.mfl_code) } });

    const added = await runImport(db, [{ fileName: 'equity_afya.json', content: JSON.stringify(newer) }]);
    const [addition, ...moreAdded] = await entriesOf(added.id, facility.id);
    expect(moreAdded).toEqual([]);
    expect(addition.action).toBe('FACILITY_UPDATED');
    expect((addition.before as { contacts: string[] }).contacts.join()).not.toContain('+254722555111');
    expect((addition.after as { contacts: string[] }).contacts.join()).toContain('+254722555111');

    const removed = await runImport(db, [original]);
    const [removal, ...moreRemoved] = await entriesOf(removed.id, facility.id);
    expect(moreRemoved).toEqual([]);
    expect((removal.before as { contacts: string[] }).contacts.join()).toContain('+254722555111');
    expect((removal.after as { contacts: string[] }).contacts.join()).not.toContain('+254722555111');
  }, 60_000);

  it('records services and a named person changed by a delivery, the person masked', async () => {
    const file = JSON.parse(sample('category_A.json').content);
    const record = file.organizations[0];
    const facility = await db.prisma.facility.findFirstOrThrow({ where: { searchName: { contains: 'tarbaj' } }, include: { services: true } });
    record.services = [...record.services, 'Legal aid'];
    record.focal_person = { name: 'Wanjiku Kamau', phone: '+254711222333' };

    const run = await runImport(db, [{ fileName: 'category_A.json', content: JSON.stringify(file) }]);
    const [entry, ...more] = await entriesOf(run.id, facility.id);
    expect(more).toEqual([]);
    const before = entry.before as { services: string[]; persons: string[] };
    const after = entry.after as { services: string[]; persons: string[] };
    expect(after.services.filter((s) => !before.services.includes(s))).not.toEqual([]);
    expect(before.persons).not.toEqual(after.persons);
    const trail = JSON.stringify([entry.before, entry.after]);
    for (const secret of ['Wanjiku', 'Kamau', 'Janet', '222333', '715096627']) expect(trail).not.toContain(secret);
  }, 60_000);
});
