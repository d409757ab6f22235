// The sample delivery against its truth: every record accounted for, rejected records rejected
// for the right reason, and records of the same real facility loaded as one facility.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../src/ingest/record.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources, truthDir } from '../support/imports.js';

interface Truth {
  file: string;
  pointer: string;
  entity_id: string | null;
  expected: 'load' | 'reject';
  reject_reason_class: string | null;
  county_code: string | null;
  constituency_code: string | null;
  ward_code: string | null;
  lat: number | null;
  lng: number | null;
}

const truth: Truth[] = JSON.parse(readFileSync(path.join(truthDir, 'truth.json'), 'utf8'));
const REJECT_CODES: Record<string, string> = { missing_name: 'MISSING_NAME', wrong_type: 'WRONG_TYPE', unknown_location: 'UNKNOWN_LOCATION' };

let db: TestDatabase;
let run: Awaited<ReturnType<typeof runImport>>;
const lineage = new Map<string, { outcome: string; facilityId: string | null; normalised: CanonicalRecord | null }>();
const issues = new Map<string, string[]>();

beforeAll(async () => {
  db = await createTestDatabase();
  run = await runImport(db, sampleSources());
  const rows = await db.prisma.sourceRecord.findMany({ where: { importRunId: run.id } });
  for (const r of rows) lineage.set(`${r.fileName}#${r.pointer}`, { outcome: r.outcome, facilityId: r.facilityId, normalised: r.normalised as CanonicalRecord | null });
  for (const i of await db.prisma.recordIssue.findMany({ where: { importRunId: run.id, severity: 'ERROR' } })) {
    const key = `${i.fileName}#${i.pointer}`;
    issues.set(key, [...(issues.get(key) ?? []), i.code]);
  }
});
afterAll(() => db?.close());

describe('importing the sample delivery', () => {
  it('succeeds for every source, the empty gbv_support_organizations file included', () => {
    expect(run.finalStatus).toBe('SUCCEEDED');
    expect(run.sources.map((s) => s.status)).toEqual(run.sources.map(() => 'SUCCEEDED'));
  });

  it('accounts for every extracted record exactly once: the outcome counts add up to the records extracted', () => {
    for (const source of run.sources) {
      const counts = source.counts as Record<string, number>;
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(source.extracted);
    }
    const total = Object.values(run.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBe(truth.length);
    expect(lineage.size).toBe(truth.length);
  });

  it('rejects exactly the records the truth rejects, each with the matching issue code', () => {
    for (const t of truth) {
      const key = `${t.file}#${t.pointer}`;
      const seen = lineage.get(key);
      expect(seen, key).toBeDefined();
      if (t.expected === 'reject') {
        expect(seen!.outcome, key).toBe('REJECTED');
        expect(issues.get(key), key).toContain(REJECT_CODES[t.reject_reason_class!]);
      } else {
        expect(seen!.outcome, key).not.toBe('REJECTED');
      }
    }
  });

  it('places every loaded record at the county, constituency and ward the truth gives, and guesses no level it leaves open', () => {
    const wrong: string[] = [];
    for (const t of truth.filter((x) => x.expected === 'load')) {
      const g = lineage.get(`${t.file}#${t.pointer}`)!.normalised!.geography;
      const got = [g.countyCode, g.constituencyCode ?? null, g.wardCode ?? null];
      const want = [t.county_code, t.constituency_code, t.ward_code];
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${t.file}${t.pointer}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps coordinates only where the truth has a position, and then the true one', () => {
    for (const t of truth.filter((x) => x.expected === 'load')) {
      const loc = lineage.get(`${t.file}#${t.pointer}`)!.normalised!.location;
      if (t.lat === null) expect(loc, `${t.file}${t.pointer}`).toBeUndefined();
      else {
        expect(loc!.latitude).toBeCloseTo(t.lat, 3);
        expect(loc!.longitude).toBeCloseTo(t.lng!, 3);
      }
    }
  });

  it('loads the records of one real facility as one facility, and different facilities apart', () => {
    const facilityOfEntity = new Map<string, Set<string>>();
    const entityOfFacility = new Map<string, Set<string>>();
    for (const t of truth.filter((x) => x.entity_id)) {
      const f = lineage.get(`${t.file}#${t.pointer}`)!.facilityId!;
      facilityOfEntity.set(t.entity_id!, (facilityOfEntity.get(t.entity_id!) ?? new Set()).add(f));
      entityOfFacility.set(f, (entityOfFacility.get(f) ?? new Set()).add(t.entity_id!));
    }
    const split = [...facilityOfEntity].filter(([, f]) => f.size > 1).map(([e]) => e);
    const lumped = [...entityOfFacility].filter(([, e]) => e.size > 1).map(([, e]) => [...e].join('+'));
    expect({ split, lumped }).toEqual({ split: [], lumped: [] });
  });

  it('creates one facility per real facility: 210 for the sample delivery', async () => {
    const entities = new Set(truth.filter((t) => t.entity_id).map((t) => t.entity_id));
    expect(await db.prisma.facility.count({ where: { isActive: true } })).toBe(entities.size);
  });

  it('keeps the lineage of every merged facility: each of its records points at it', async () => {
    const kenyatta = await db.prisma.facility.findFirstOrThrow({ where: { mflCode: '13023' }, include: { sourceRecords: true } });
    expect(kenyatta.sourceRecords.map((s) => s.fileName).sort()).toEqual(['category_A.json', 'regional.json']);
  });

  it('writes a quality report with completeness and geography resolution', () => {
    const report = run.qualityReport as { records: number; geographyResolution: { county: number; ward: number }; completeness: Record<string, number> };
    expect(report.records).toBe(truth.length);
    expect(report.geographyResolution.county).toBe(1);
    expect(report.geographyResolution.ward).toBeGreaterThan(0.5);
    expect(report.completeness.phone).toBeGreaterThan(0.5);
  });
});

describe('personal data in the lineage', () => {
  it('stores the named people of raw records encrypted, never in clear', async () => {
    const stations = await db.prisma.sourceRecord.findMany({ where: { importRunId: run.id, kind: 'kps_stations', outcome: { not: 'REJECTED' } } });
    const payloads = stations.map((s) => s.payload as Record<string, unknown>).filter((p) => 'ocs' in p);
    expect(payloads.length).toBeGreaterThan(50);
    for (const p of payloads) expect(p.ocs).toEqual({ encrypted: expect.stringMatching(/^v1\./) });
    const all = JSON.stringify(await db.prisma.sourceRecord.findMany({ where: { importRunId: run.id }, select: { payload: true, normalised: true } }));
    expect(all).not.toMatch(/John Doe|Ruth Doe/);
    expect(all).not.toContain("+254703099507");
  });
});
