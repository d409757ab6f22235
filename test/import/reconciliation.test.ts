// Reconciliation compares a delivery with the previous one of its source: both sides must be
// counted the same way, or an unchanged file reports records that went nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reconciliation } from '../../src/ingest/report/reconcile.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describe('reconciliation', () => {
  it("counts the previous delivery as that delivery counted itself, a repeated source key included", async () => {
    const file = JSON.parse(sampleSources().find((f) => f.fileName === 'equity_afya.json')!.content);
    // A partner's file that lists one branch twice.
    file.facilities.push({ ...file.facilities[0] });
    const delivery = [{ fileName: 'equity_afya.json', content: JSON.stringify(file) }];

    const first = await runImport(db, delivery);
    const next = await runImport(db, delivery);
    const firstReport = first.sources[0].reconciliation as unknown as Reconciliation;
    const nextReport = next.sources[0].reconciliation as unknown as Reconciliation;

    expect(firstReport.records).toBe(file.facilities.length);
    expect(nextReport).toMatchObject({
      previousSourceId: first.sources[0].id,
      previousRecords: firstReport.records,
      records: firstReport.records,
      unchanged: firstReport.records,
      added: 0,
      changed: 0,
      missing: 0,
    });
  }, 60_000);
});
