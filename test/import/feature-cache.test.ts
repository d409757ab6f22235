// The run's feature cache (IMPORT_FEATURE_CACHE_SIZE) saves database reads and changes no
// decision: the sample delivery, loaded in small batches so that later batches match against
// facilities earlier ones created and changed, gives the same outcome for every record and
// groups the same records into facilities with the cache as without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Sql } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

const databases: TestDatabase[] = [];

/** The Sql, adding up how many facilities' features the load step asked the database for. */
function countingFeatureReads(sql: Sql, count: (ids: number) => void): Sql {
  return {
    query: (text, params) => {
      if (text.includes('f.id = ANY($1::uuid[]) AND f."isActive"')) count((params?.[0] as unknown[]).length);
      return sql.query(text, params);
    },
    transaction: (work) => sql.transaction((tx) => work(countingFeatureReads(tx, count))),
  };
}

/** Each record's outcome, and the records grouped by the facility they were loaded into. */
async function importWith(featureCacheSize: number) {
  const db = await createTestDatabase();
  databases.push(db);
  let featuresRead = 0;
  const counted: Database = { ...db, sql: countingFeatureReads(db.sql, (ids) => (featuresRead += ids)) };
  const run = await runImport(db, sampleSources(), { deps: { db: counted, batchSize: 10, featureCacheSize } });
  expect(run.finalStatus).toBe('SUCCEEDED');
  const rows = await db.prisma.sourceRecord.findMany({ where: { importRunId: run.id } });
  const outcomes = Object.fromEntries(rows.map((r) => [`${r.fileName}#${r.pointer}`, r.outcome]));
  const groups = new Map<string, string[]>();
  for (const r of rows) if (r.facilityId) groups.set(r.facilityId, [...(groups.get(r.facilityId) ?? []), `${r.fileName}#${r.pointer}`]);
  const clusters = [...groups.values()].map((members) => members.sort().join(' + ')).sort();
  return { outcomes, clusters, featuresRead };
}

let without: Awaited<ReturnType<typeof importWith>>;
let withCache: Awaited<ReturnType<typeof importWith>>;

beforeAll(async () => {
  without = await importWith(0);
  withCache = await importWith(50);
});

afterAll(async () => {
  await Promise.all(databases.map((db) => db.close()));
});

describe('the feature cache', () => {
  it('reads fewer facilities\' features from the database', () => {
    expect(without.featuresRead).toBeGreaterThan(0);
    expect(withCache.featuresRead).toBeLessThan(without.featuresRead);
  });

  it('gives every record the same outcome', () => {
    expect(Object.keys(withCache.outcomes).length).toBeGreaterThan(200);
    expect(withCache.outcomes).toEqual(without.outcomes);
  });

  it('groups the same records into one facility each', () => {
    expect(withCache.clusters.length).toBeGreaterThan(150);
    expect(withCache.clusters).toEqual(without.clusters);
  });
});
