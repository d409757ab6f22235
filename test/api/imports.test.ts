// The import API as an operator uses it: importSources with inline content, a path under the
// import directory or a multipart upload; the run's report; dry runs; the quality report.
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSources } from '../support/imports.js';
import {
  FacilitySourcesDocument,
  ImportRunReportDocument,
  ImportRunsDocument,
  ImportSourcesDocument,
  RegistryQualityDocument,
} from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

const importDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-import-dir-'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-data-dir-'));
let api: TestApi;

beforeAll(async () => {
  api = await startApi({ env: { IMPORT_DIR: importDir, DATA_DIR: dataDir } });
});
afterAll(() => api?.close());

const content = (name: string) => sampleSources().find((s) => s.fileName === name)!.content;

async function report(id: string, code?: string) {
  await api.idle();
  return (await api.data(ImportRunReportDocument, { id, code })).importRun!;
}

describe('importSources', () => {
  it('imports inline content, and the run reports counts that add up, per source and in total', async () => {
    const { importSources } = await api.data(ImportSourcesDocument, {
      input: { sources: [{ content: content('kps_stations.json'), fileName: 'kps_stations.json' }, { kind: 'equity_afya', content: content('equity_afya.json') }] },
    });
    expect(importSources!.status).toBe('QUEUED');
    const run = await report(importSources!.id);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.counts!.total).toBe(112);
    expect(run.sources!.map((s) => [s.kind, s.status, s.extracted, s.counts.total])).toEqual([
      ['kps_stations', 'SUCCEEDED', 100, 100],
      ['equity_afya', 'SUCCEEDED', 12, 12],
    ]);
    expect(run.counts!.rejected).toBe(1);
    expect(run.qualityReport!.records).toBe(112);
  });

  it('lists each rejected record with its code, file and JSON pointer, filterable by code', async () => {
    const { importSources } = await api.data(ImportSourcesDocument, { input: { sources: [{ content: content('regional.json'), fileName: 'regional.json' }] } });
    const run = await report(importSources!.id, 'MISSING_NAME');
    expect(run.issues!.totalCount).toBe(1);
    expect(run.issues!.edges[0].node).toMatchObject({ code: 'MISSING_NAME', severity: 'ERROR', fileName: 'regional.json', pointer: '/regions/18/sub_counties/1/facilities/0' });
  });

  it('imports a file named by a path under the import directory', async () => {
    mkdirSync(path.join(importDir, 'deliveries'), { recursive: true });
    writeFileSync(path.join(importDir, 'deliveries', 'category_B.json'), content('category_B.json'));
    const { importSources } = await api.data(ImportSourcesDocument, { input: { sources: [{ path: 'deliveries/category_B.json' }] } });
    expect((await report(importSources!.id)).sources![0]).toMatchObject({ kind: 'category_B', status: 'SUCCEEDED', extracted: 20 });
  });

  it.each([
    ['a traversal', '../outside.json'],
    ['an absolute path', '/etc/passwd'],
    ['a symlink out of the import directory', 'escape/regional.json'],
  ])('refuses %s with BAD_USER_INPUT and records no run', async (_what, requested) => {
    if (!existsSync(path.join(importDir, 'escape'))) symlinkSync(os.tmpdir(), path.join(importDir, 'escape'), 'dir');
    const before = await api.db.prisma.importRun.count();
    const [error] = await api.errors(ImportSourcesDocument, { input: { sources: [{ kind: 'regional', path: requested }] } });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).not.toContain(importDir);
    expect(await api.db.prisma.importRun.count()).toBe(before);
  });

  it('imports a multipart upload (GraphQL multipart request spec)', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({
      query: 'mutation($file: File!) { importSources(input: { sources: [{ file: $file }] }) { id } }',
      variables: { file: null },
    }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new File([content('category_A.json')], 'category_A.json', { type: 'application/json' }));
    const response = await api.yoga.fetch('http://registry.test/graphql', { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    const body = (await response.json()) as { data: { importSources: { id: string } }; errors?: unknown };
    expect(body.errors, JSON.stringify(api.logs.filter((l) => Number(l.level) >= 50).map((l) => l.err))).toBeUndefined();
    const run = await report(body.data.importSources!.id);
    expect(run.sources![0]).toMatchObject({ fileName: 'category_A.json', kind: 'category_A', status: 'SUCCEEDED', extracted: 25 });
  });

  it('needs exactly one of file, path and content per source', async () => {
    const [error] = await api.errors(ImportSourcesDocument, { input: { sources: [{ kind: 'regional', path: 'a.json', content: '[]' }] } });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a file whose kind cannot be told, naming the kinds it knows', async () => {
    const [error] = await api.errors(ImportSourcesDocument, { input: { sources: [{ content: '[]', fileName: 'partners.json' }] } });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('kps_stations');
  });

  it('a dry run reports and loads nothing', async () => {
    const before = await api.db.prisma.facility.count();
    const { importSources } = await api.data(ImportSourcesDocument, { input: { dryRun: true, sources: [{ content: content('other_services.json'), fileName: 'other_services.json' }] } });
    const run = await report(importSources!.id);
    expect(run.dryRun).toBe(true);
    expect(run.counts!.total).toBe(30);
    expect(await api.db.prisma.facility.count()).toBe(before);
  });

  it('a broken file fails its source with PARSE_ERROR and its position', async () => {
    const { importSources } = await api.data(ImportSourcesDocument, { input: { sources: [{ content: '{"data": [ {"name": "x"', fileName: 'gbv_support_organizations.json' }] } });
    const run = await report(importSources!.id, 'PARSE_ERROR');
    expect(run.status).toBe('FAILED');
    expect(run.issues!.edges[0].node.message).toMatch(/gbv_support_organizations\.json/);
  });

  it('lists runs newest first', async () => {
    const { importRuns } = await api.data(ImportRunsDocument, { first: 3 });
    expect(importRuns!.edges.length).toBe(3);
  });

  it('exposes lineage on the facility: kind, file, pointer, outcome and run', async () => {
    const facility = await api.db.prisma.facility.findFirstOrThrow({ where: { stationCode: { not: null } } });
    const { facilityByCode } = await api.data(FacilitySourcesDocument, { code: facility.code });
    expect(facilityByCode!.sources![0]).toMatchObject({ kind: 'kps_stations', fileName: 'kps_stations.json', outcome: 'INSERTED' });
    expect(facilityByCode!.sources![0].pointer).toMatch(/^\/commands\/\d+\/stations\/\d+$/);
  });

  it('reports registry-wide quality', async () => {
    const { qualityReport } = await api.data(RegistryQualityDocument, {});
    expect(qualityReport!.facilities).toBe(await api.db.prisma.facility.count({ where: { isActive: true } }));
    expect(qualityReport!.geographyResolution.county).toBe(1);
    expect(qualityReport!.completeness.map((c) => c.field)).toContain('coordinates');
  });

  it('streams a run\'s progress over SSE until it has finished', async () => {
    const { importSources } = await api.data(ImportSourcesDocument, { input: { sources: [{ content: content('kps_stations.json'), fileName: 'kps_stations.json' }] } });
    const response = await api.yoga.fetch('http://registry.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription { importRunProgress(id: "${importSources!.id}") { status processed } }` }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => JSON.parse(line.slice(6)) as { data?: { importRunProgress: { status: string; processed: number } } })
      .flatMap((e) => (e.data ? [e.data.importRunProgress] : []));
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ status: 'SUCCEEDED', processed: 100 });
  });
});

describe('reconciliation with the previous delivery, as the run report gives it', () => {
  it('counts a delivery against the last one of its kind: records kept, changed, missing and added', async () => {
    const full = await api.data(ImportSourcesDocument, { input: { sources: [{ content: content('kps_stations.json'), fileName: 'kps_stations.json' }] } });
    const first = (await report(full.importSources!.id)).sources![0];
    expect(first.status).toBe('SUCCEEDED');

    // The next delivery drops one station and renames another.
    const file = JSON.parse(content('kps_stations.json')) as { commands: { stations: { station_name: string }[] }[] };
    const stations = file.commands.find((c) => c.stations.length >= 2)!.stations;
    stations.shift();
    stations[0].station_name = `${stations[0].station_name} (renamed)`;
    const next = await api.data(ImportSourcesDocument, { input: { sources: [{ content: JSON.stringify(file), fileName: 'kps_stations.json' }] } });
    const second = (await report(next.importSources!.id)).sources![0];

    expect(first.reconciliation).not.toBeNull();
    expect(second.reconciliation).toEqual({
      previousRecords: first.reconciliation!.records,
      records: first.reconciliation!.records - 1,
      added: 0,
      changed: 1,
      missing: 1,
      shrank: false,
    });
  });
});
