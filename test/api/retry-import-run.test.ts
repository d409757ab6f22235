// retryImportRun: a FAILED run, once its cause is fixed, is queued again from GraphQL, audited;
// a run that succeeded cannot be retried.
import { copyFileSync, mkdtempSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSources } from '../support/imports.js';
import { ImportRunReportDocument, ImportSourcesDocument, RetryImportRunDocument } from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi({ env: { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gvrc-retry-')) } });
});
afterAll(() => api?.close());

const content = (name: string) => sampleSources().find((s) => s.fileName === name)!.content;

describe('retryImportRun', () => {
  it('queues a FAILED run again once its cause is gone, redoes its failed source, and audits the retry', async () => {
    // The stored copy is missing when the run executes (shared storage not mounted yet).
    const stored = async () => (await api.db.prisma.importSource.findFirstOrThrow({ where: { importRunId: run.id } })).storedPath;
    const run = (await api.data(ImportSourcesDocument, { input: { sources: [{ content: content('kps_stations.json'), fileName: 'kps_stations.json' }] } })).importSources!;
    const file = await stored();
    const aside = `${file}.aside`;
    copyFileSync(file, aside);
    await api.idle();
    // Whether or not the queue had already started it, make it fail the deterministic way.
    renameSync(file, `${file}.gone`);
    await api.db.sql.query(`UPDATE "ImportRun" SET status = 'FAILED', error = 'stored copy missing' WHERE id = $1::uuid`, [run.id]);
    await api.db.sql.query(`UPDATE "ImportSource" SET status = 'FAILED', error = 'stored copy missing' WHERE "importRunId" = $1::uuid`, [run.id]);
    await api.db.sql.query(`DELETE FROM "SourceRecord" WHERE "importRunId" = $1::uuid`, [run.id]);
    await api.db.sql.query(`DELETE FROM "Facility" WHERE "stationCode" IS NOT NULL`);
    renameSync(aside, file);

    const { retryImportRun } = await api.data(RetryImportRunDocument, { id: run.id });
    expect(retryImportRun!.status).toBe('QUEUED');
    await api.idle();
    const after = (await api.data(ImportRunReportDocument, { id: run.id })).importRun!;
    expect(after.status).toBe('SUCCEEDED');
    expect(await api.db.prisma.auditEvent.count({ where: { action: 'IMPORT_RETRIED', entityId: run.id } })).toBe(1);
  });

  it('refuses a run that succeeded', async () => {
    const run = (await api.data(ImportSourcesDocument, { input: { sources: [{ content: content('equity_afya.json'), fileName: 'equity_afya.json' }] } })).importSources!;
    await api.idle();
    const [error] = await api.errors(RetryImportRunDocument, { id: run.id });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
