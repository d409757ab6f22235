// One facility, one record: the sample delivery's cross-file duplicates merge, its near-misses
// stay apart, and a reviewer's decisions (merge, not a duplicate, undo) hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MergeError } from '../../src/ingest/merge/errors.js';
import { mergeFacilities, unmergeFacility } from '../../src/ingest/merge/merge.js';
import { resolveDuplicate } from '../../src/ingest/merge/resolve-duplicate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { importDeps, runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await runImport(db, sampleSources());
});
afterAll(() => db?.close());

const deps = () => importDeps(db);
const reviewer = { actor: 'user:reviewer', actorRole: 'DATA_ENGINEER' };

async function facilityOf(file: string, pointer: string) {
  const record = await db.prisma.sourceRecord.findFirstOrThrow({ where: { fileName: file, pointer }, orderBy: { createdAt: 'desc' } });
  return db.prisma.facility.findUniqueOrThrow({ where: { id: record.facilityId! }, include: { sourceRecords: true, contacts: true, services: true } });
}

async function facilityNamed(name: string) {
  return db.prisma.facility.findFirstOrThrow({ where: { name, isActive: true }, include: { sourceRecords: true, contacts: true, services: true } });
}

describe('deduplicating the sample delivery', () => {
  it('merges Kenyatta National Hospital from regional.json and category_A.json into one facility', async () => {
    const knh = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: '13023' }, include: { sourceRecords: true } });
    expect(knh.sourceRecords.map((r) => r.fileName).sort()).toEqual(['category_A.json', 'regional.json']);
  });

  it('merges Barwago Police Station listed by other_services.json without a station code into the KPS record', async () => {
    const barwago = await db.prisma.facility.findFirstOrThrow({ where: { name: { contains: 'Barwago' }, isActive: true }, include: { sourceRecords: true } });
    expect(barwago.stationCode).toMatch(/^KPS-/);
    expect(barwago.sourceRecords.map((r) => r.fileName).sort()).toEqual(['kps_stations.json', 'other_services.json']);
  });

  it('merges the same station listed twice in kps_stations.json (Lokichar)', async () => {
    const lokichar = await facilityOf('kps_stations.json', '/commands/37/stations/5');
    expect(lokichar.sourceRecords.map((r) => r.pointer).sort()).toEqual(['/commands/37/stations/0', '/commands/37/stations/5']);
  });

  it.each([
    ['Kapchemutwa Health Centre', 'Kapchemutwa Dispensary'],
    ['Ngei Health Centre', 'Ngei Dispensary'],
    ["Nairobi Women's Hospital", "Nairobi Women's Hospital Kitengela"],
    ['Illeret Police Station', 'North Horr Police Station'],
    ['Equity Afya Isukha West', 'Equity Afya Isukha North'],
    ['Neema Safe Haven Kabondo Kasipul', 'Neema Safe Haven Mbita'],
  ])('keeps the near-misses %s and %s apart', async (a, b) => {
    const [fa, fb] = await Promise.all([
      db.prisma.facility.findFirst({ where: { searchName: { contains: a.toLowerCase().replace(/'/g, '').split(' ').slice(0, 2).join(' ') }, isActive: true } }),
      db.prisma.facility.findMany({ where: { isActive: true } }),
    ]);
    const named = (n: string) => fb.filter((f) => f.name.toLowerCase().replace(/[’']/g, '') === n.toLowerCase().replace(/[’']/g, ''));
    expect(fa).not.toBeNull();
    expect(named(a)).toHaveLength(1);
    expect(named(b)).toHaveLength(1);
    expect(named(a)[0].id).not.toBe(named(b)[0].id);
  });
});

describe('a shared identifier that the records contradict', () => {
  it('is flagged for review instead of merged when the two records lie in different counties', async () => {
    const content = JSON.stringify({
      network: 'Equity Afya',
      facilities: [{ facility_name: 'Equity Afya Mombasa Road', branch_code: 'EA-777', mfl_code: 13023, location: { county: 'Mombasa', constituency: 'Mvita' } }],
    });
    const run = await runImport(db, [{ fileName: 'equity_afya.json', content }]);
    expect(run.counts).toMatchObject({ FLAGGED: 1, MERGED: 0 });
    const knh = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: '13023' } });
    const flagged = await db.prisma.facility.findFirstOrThrow({ where: { branchCode: 'EA-777' } });
    expect(flagged.mflCode).toBeNull();
    const [a, b] = [knh.id, flagged.id].sort();
    const candidate = await db.prisma.duplicateCandidate.findUniqueOrThrow({ where: { facilityAId_facilityBId: { facilityAId: a, facilityBId: b } } });
    expect(candidate.status).toBe('OPEN');
  });
});

describe('reviewing duplicates', () => {
  async function openCandidate(aName: string, bName: string) {
    const [a, b] = [await facilityNamed(aName), await facilityNamed(bName)].sort((x, y) => (x.id < y.id ? -1 : 1));
    return db.prisma.duplicateCandidate.create({ data: { facilityAId: a.id, facilityBId: b.id, score: 0.7, features: { name: 0.8 } } });
  }

  it('MERGE moves lineage, contacts and services to the survivor, and the merged code resolves to it', async () => {
    const [survivor, merged] = [await facilityNamed('Ngei Health Centre'), await facilityNamed('Ngei Dispensary')];
    const candidate = await openCandidate('Ngei Health Centre', 'Ngei Dispensary');
    await resolveDuplicate(db.sql, deps(), { candidateId: candidate.id, decision: 'MERGE', survivorId: survivor.id, ...reviewer });

    const after = await db.prisma.facility.findUniqueOrThrow({ where: { id: survivor.id }, include: { sourceRecords: true, contacts: true, services: true } });
    expect(after.sourceRecords.map((r) => r.id).sort()).toEqual([...survivor.sourceRecords, ...merged.sourceRecords].map((r) => r.id).sort());
    for (const c of merged.contacts) expect(after.contacts.map((x) => x.value)).toContain(c.value);
    for (const s of merged.services) expect(after.services.map((x) => x.serviceKey)).toContain(s.serviceKey);
    const gone = await db.prisma.facility.findUniqueOrThrow({ where: { code: merged.code } });
    expect(gone).toMatchObject({ isActive: false, mergedIntoId: survivor.id });
    expect(after.name).toBe('Ngei Health Centre');
    expect((await db.prisma.duplicateCandidate.findUniqueOrThrow({ where: { id: candidate.id } })).status).toBe('MERGED');
    expect(await db.prisma.auditEvent.count({ where: { entityId: survivor.id, action: 'FACILITY_MERGED', actor: reviewer.actor } })).toBe(1);
  });

  it('resolving an already-resolved candidate is a clear error, not a second merge', async () => {
    const candidate = await db.prisma.duplicateCandidate.findFirstOrThrow({ where: { status: 'MERGED' } });
    const error = await resolveDuplicate(db.sql, deps(), { candidateId: candidate.id, decision: 'MERGE', ...reviewer }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MergeError);
    expect((error as MergeError).code).toBe('ALREADY_RESOLVED');
  });

  it('an unmerge restores both facilities with their own lineage, and remembers they are different', async () => {
    const merged = await db.prisma.facility.findFirstOrThrow({ where: { name: 'Ngei Dispensary' }, include: { sourceRecords: true } });
    const survivorId = merged.mergedIntoId!;
    await unmergeFacility(db.sql, deps(), { mergedId: merged.id, ...reviewer });
    const [restored, survivor] = await Promise.all([
      db.prisma.facility.findUniqueOrThrow({ where: { id: merged.id }, include: { sourceRecords: true } }),
      db.prisma.facility.findUniqueOrThrow({ where: { id: survivorId }, include: { sourceRecords: true } }),
    ]);
    expect(restored).toMatchObject({ isActive: true, mergedIntoId: null });
    expect(restored.sourceRecords.length).toBeGreaterThan(0);
    expect(restored.sourceRecords.every((r) => !survivor.sourceRecords.some((s) => s.id === r.id))).toBe(true);
    expect(restored.mflCode).toBeTruthy();
    expect(survivor.name).toBe('Ngei Health Centre');
    expect(survivor.overrides).toEqual({});
    const [a, b] = [merged.id, survivorId].sort();
    expect((await db.prisma.duplicateCandidate.findUniqueOrThrow({ where: { facilityAId_facilityBId: { facilityAId: a, facilityBId: b } } })).status).toBe('NOT_DUPLICATE');
  });

  it('a NOT_DUPLICATE decision survives re-importing the same delivery', async () => {
    const candidate = await openCandidate('Kapchemutwa Health Centre', 'Kapchemutwa Dispensary');
    await resolveDuplicate(db.sql, deps(), { candidateId: candidate.id, decision: 'NOT_DUPLICATE', ...reviewer });
    const again = await runImport(db, sampleSources());
    expect((again.counts as Record<string, number>).MERGED).toBe(0);
    expect((await db.prisma.duplicateCandidate.findUniqueOrThrow({ where: { id: candidate.id } })).status).toBe('NOT_DUPLICATE');
    expect(await db.prisma.duplicateCandidate.count({ where: { facilityAId: candidate.facilityAId, facilityBId: candidate.facilityBId } })).toBe(1);
  });

  it('merging a facility into itself or into an inactive one is refused', async () => {
    const knh = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: '13023' } });
    await expect(mergeFacilities(db.sql, deps(), { survivorId: knh.id, mergedId: knh.id, reason: 't', ...reviewer })).rejects.toThrow(MergeError);
  });
});
