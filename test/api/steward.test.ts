// The steward's loop end to end through GraphQL, as the issue defines it: a delivery with a
// county form the registry does not know is rejected in part; a steward sees the text in the
// list of unknowns, teaches an alias, and reprocessing loads exactly those records (audited,
// with lineage to the delivered file and pointer); a second reprocessing changes nothing. The
// same for a service name the vocabulary lacks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSources } from '../support/imports.js';
import {
  ImportRunReportDocument,
  ImportSourcesDocument,
  ReprocessRecordsDocument,
  TeachPlaceAliasDocument,
  TeachServiceSynonymDocument,
  UnknownPlacesDocument,
  UnknownServicesDocument,
} from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi({ env: { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gvrc-steward-')) } });
});
afterAll(() => api?.close());

const sample = (name: string) => JSON.parse(sampleSources().find((s) => s.fileName === name)!.content);

/** A name for a county no gazetteer or spelling rule knows: only a steward can say what it means. */
const NICKNAME = 'Mulembe Land';
const RENAMED_COUNTY = 'Kakamega';
const NEW_SERVICE = 'Msaada wa chakula';

/** The police delivery with one command's county written as a nickname and its stations placed by nothing else. */
function policeDeliveryWithNickname() {
  const delivery = sample('kps_stations.json');
  const index = delivery.commands.findIndex((c: { county: string }) => c.county === RENAMED_COUNTY);
  const command = delivery.commands[index];
  command.county = NICKNAME;
  for (const station of command.stations) {
    delete station.location?.constituency;
    delete station.location?.ward;
  }
  const pointers = command.stations.map((_: unknown, i: number) => `/commands/${index}/stations/${i}`);
  return { content: JSON.stringify(delivery), pointers };
}

/** Category A with a service the vocabulary lacks, stated by the first three organisations. */
function categoryWithNewService() {
  const delivery = sample('category_A.json');
  const named = delivery.organizations.slice(0, 3);
  for (const organisation of named) organisation.services.push(NEW_SERVICE);
  return { content: JSON.stringify(delivery), names: named.map((o: { organization_name: string }) => o.organization_name) };
}

async function importOne(fileName: string, content: string) {
  const { importSources } = await api.data(ImportSourcesDocument, { input: { sources: [{ content, fileName }] } });
  await api.idle();
  return (await api.data(ImportRunReportDocument, { id: importSources!.id })).importRun!;
}

/** What reprocessing could change: runs, lineage records, facilities and their services, and audited changes to them. */
async function registryState() {
  const { prisma } = api.db;
  return {
    runs: await prisma.importRun.count(),
    records: await prisma.sourceRecord.count(),
    facilities: await prisma.facility.findMany({ select: { id: true, countyCode: true, updatedAt: true, services: { select: { serviceKey: true } } }, orderBy: { id: 'asc' } }),
    facilityEvents: await prisma.auditEvent.count({ where: { entityType: 'Facility' } }),
  };
}

describe("the steward's loop: a county form the registry does not know", () => {
  const police = policeDeliveryWithNickname();
  let runId: string;

  it('rejects exactly the records written with it, and lists the text with their count', async () => {
    const run = await importOne('kps_stations.json', police.content);
    runId = run.id;
    const rejected = await api.db.prisma.sourceRecord.findMany({ where: { importRunId: runId, outcome: 'REJECTED' } });
    expect(rejected.map((r) => r.pointer)).toEqual(expect.arrayContaining(police.pointers));

    const { unknownPlaces } = await api.data(UnknownPlacesDocument, { runId });
    expect(unknownPlaces).toContainEqual({ text: NICKNAME, records: police.pointers.length, nearest: [] });
  });

  it('loads exactly those records once an alias is taught, audited, with lineage to file and pointer', async () => {
    const county = await api.db.prisma.county.findFirstOrThrow({ where: { name: RENAMED_COUNTY } });
    const { teachPlaceAlias } = await api.data(TeachPlaceAliasDocument, { input: { text: NICKNAME, level: 'COUNTY', code: county.code } });
    expect(teachPlaceAlias).toMatchObject({ text: NICKNAME, code: county.code, name: county.name });
    const originals = await api.db.prisma.sourceRecord.findMany({ where: { importRunId: runId, pointer: { in: police.pointers } } });

    const { reprocessRecords } = await api.data(ReprocessRecordsDocument, { runId });
    expect(reprocessRecords!.recovered).toBe(police.pointers.length);
    expect(reprocessRecords!.run?.status).toBe('SUCCEEDED');
    expect(reprocessRecords!.counts.rejected).toBe(0);

    const loaded = await api.db.prisma.sourceRecord.findMany({ where: { importRunId: reprocessRecords!.run!.id }, include: { facility: true } });
    expect(loaded.map((r) => [r.fileName, r.pointer, r.reprocessedFromId]).sort()).toEqual(
      originals.map((r) => [r.fileName, r.pointer, r.id]).sort(),
    );
    for (const record of loaded) expect(record.facility?.countyCode).toBe(county.code);

    const events = await api.db.prisma.auditEvent.findMany({ where: { action: { in: ['PLACE_ALIAS_TAUGHT', 'RECORDS_REPROCESSED'] } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['PLACE_ALIAS_TAUGHT', 'RECORDS_REPROCESSED']);
    for (const event of events) expect(event.actor).toContain('test-admin');
    expect(events[1].importRunId).toBe(reprocessRecords!.run!.id);

    const { unknownPlaces } = await api.data(UnknownPlacesDocument, { runId });
    expect(unknownPlaces!.map((u) => u.text)).not.toContain(NICKNAME);
  });

  it('changes nothing when reprocessed a second time', async () => {
    const before = await registryState();
    const { reprocessRecords } = await api.data(ReprocessRecordsDocument, { runId });
    expect(reprocessRecords).toMatchObject({ run: null, recovered: 0, revised: 0 });
    expect(await registryState()).toEqual(before);
  });

  it('places the same form in a later delivery without being taught again', async () => {
    const later = await importOne('kps_stations.json', police.content);
    const rejected = await api.db.prisma.sourceRecord.findMany({ where: { importRunId: later.id, pointer: { in: police.pointers } } });
    expect(rejected.map((r) => r.outcome)).not.toContain('REJECTED');
  });
});

describe("the steward's loop: a service name the vocabulary lacks", () => {
  const category = categoryWithNewService();

  it('lists the name with the records that stated it, and adds the service to each once taught', async () => {
    await importOne('category_A.json', category.content);
    const { unknownServices } = await api.data(UnknownServicesDocument, {});
    expect(unknownServices).toContainEqual(expect.objectContaining({ text: NEW_SERVICE, records: category.names.length }));

    await api.data(TeachServiceSynonymDocument, { input: { text: NEW_SERVICE, serviceKey: 'economic_empowerment' } });
    const { reprocessRecords } = await api.data(ReprocessRecordsDocument, {});
    expect(reprocessRecords!.revised).toBe(category.names.length);

    const facilities = await api.db.prisma.facility.findMany({ where: { sourceRecords: { some: { reprocessedFromId: { not: null }, kind: 'category_A' } } }, include: { services: true } });
    expect(facilities).toHaveLength(category.names.length);
    for (const facility of facilities) expect(facility.services.map((s) => s.serviceKey)).toContain('economic_empowerment');

    const after = await api.data(UnknownServicesDocument, {});
    expect(after.unknownServices!.map((u) => u.text)).not.toContain(NEW_SERVICE);
  });

  it('changes nothing when reprocessed a second time', async () => {
    const before = await registryState();
    const { reprocessRecords } = await api.data(ReprocessRecordsDocument, {});
    expect(reprocessRecords).toMatchObject({ run: null, recovered: 0, revised: 0 });
    expect(await registryState()).toEqual(before);
  });
});

describe('reprocessing when the delivered file is gone', () => {
  it('reads the stored record instead, and still points back to the file and pointer', async () => {
    const delivery = sample('category_B.json');
    const [first] = delivery.organizations;
    first.location = 'Highland Plateau Land';
    const run = await importOne('category_B.json', JSON.stringify(delivery));
    const rejected = await api.db.prisma.sourceRecord.findFirstOrThrow({ where: { importRunId: run.id, pointer: '/organizations/0' } });
    expect(rejected.outcome).toBe('REJECTED');
    const source = await api.db.prisma.importSource.findFirstOrThrow({ where: { importRunId: run.id } });
    rmSync(source.storedPath);

    const county = await api.db.prisma.county.findFirstOrThrow({ where: { name: 'Laikipia' } });
    await api.data(TeachPlaceAliasDocument, { input: { text: 'Highland Plateau Land', level: 'COUNTY', code: county.code } });
    const { reprocessRecords } = await api.data(ReprocessRecordsDocument, { runId: run.id });
    expect(reprocessRecords!.recovered).toBe(1);
    const loaded = await api.db.prisma.sourceRecord.findFirstOrThrow({ where: { reprocessedFromId: rejected.id }, include: { facility: true } });
    expect([loaded.fileName, loaded.pointer, loaded.facility?.countyCode]).toEqual(['category_B.json', '/organizations/0', county.code]);
  });
});

describe('teaching', () => {
  it('refuses a code that names no unit and a key outside the taxonomy', async () => {
    const [place] = await api.errors(TeachPlaceAliasDocument, { input: { text: 'Somewhere', level: 'COUNTY', code: '999' } });
    expect(place.extensions?.code).toBe('BAD_USER_INPUT');
    const [service] = await api.errors(TeachServiceSynonymDocument, { input: { text: 'Something', serviceKey: 'not_a_key' } });
    expect(service.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
