// The benchmark delivery generator: deterministic bytes, files in the shapes of SOURCES.md,
// a truth that points at every record and agrees with the entities, and bounded memory.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDelivery, NDJSON_PARENT_FIELDS, type Delivery } from '../bench/generator/generate.js';
import { readNdjson, type TruthRecord } from '../bench/generator/truth.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gvrc-bench-gen-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function hashDir(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return out;
}

/** RFC 6901: "/regions/0/sub_counties/1/facilities/3" -> the value, or undefined. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (node !== null && typeof node === 'object') node = (node as Record<string, unknown>)[token];
    else return undefined;
  }
  return node;
}

const NAME_FIELD: Record<string, string> = {
  regional: 'name',
  kps_stations: 'station_name',
  other_services: 'facility_name',
  category_A: 'organization_name',
  category_B: 'organization_name',
  equity_afya: 'facility_name',
  gbv_support_organizations: 'name',
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Each record of a delivery, by file and pointer, whatever the format. */
async function recordsOf(delivery: Delivery): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const f of delivery.files) {
    const name = f.path.split('/').pop() ?? '';
    const text = await readFile(f.path, 'utf8');
    if (name.endsWith('.ndjson')) {
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      lines.forEach((line, i) => out.set(`${name}#${i + 1}`, JSON.parse(line)));
    } else {
      const doc: unknown = JSON.parse(text);
      for (const t of delivery.truth.filter((r) => r.file === name)) out.set(`${name}#${t.pointer}`, resolvePointer(doc, t.pointer));
    }
  }
  return out;
}

/**
 * Every truth line resolves to a record of the right type, and what it says agrees with the
 * entity it names. Problems are collected, not asserted one by one: thousands of expect()
 * calls would dominate the test's run time.
 */
function truthProblems(delivery: Delivery, records: Map<string, unknown>): string[] {
  const problems: string[] = [];
  const entities = new Map(delivery.entities.map((e) => [e.entity_id, e]));
  const appearances = new Set(delivery.entities.flatMap((e) => e.appearances.map((a) => `${e.entity_id} ${a.file} ${a.pointer} ${a.role}`)));
  for (const t of delivery.truth) {
    const where = `${t.file} ${t.pointer}`;
    const kind = t.file.replace(/\.(nd)?json$/, '');
    const value = records.get(`${t.file}#${t.pointer}`);
    if (value === undefined) problems.push(`${where}: no record there`);
    if (t.expected === 'reject') {
      if (t.entity_id !== null) problems.push(`${where}: a reject names an entity`);
      if (t.reject_reason_class === 'wrong_type' && isObject(value)) problems.push(`${where}: wrong_type but an object`);
      const name = isObject(value) ? value[NAME_FIELD[kind]] : undefined;
      if (t.reject_reason_class === 'missing_name' && typeof name === 'string' && name.trim() !== '') problems.push(`${where}: has a name`);
      continue;
    }
    if (!isObject(value) || String(value[NAME_FIELD[kind]] ?? '').trim() === '') {
      problems.push(`${where}: a record to load without a name`);
      continue;
    }
    const e = entities.get(t.entity_id ?? '');
    if (!e) {
      problems.push(`${where}: unknown entity ${t.entity_id}`);
      continue;
    }
    // A loaded record determines its county; deeper codes only when stated, and then correct.
    if (t.county_code !== e.county_code) problems.push(`${where}: county ${t.county_code} != ${e.county_code}`);
    if (t.constituency_code !== null && t.constituency_code !== e.constituency_code) problems.push(`${where}: constituency`);
    if (t.ward_code !== null && t.ward_code !== e.ward_code) problems.push(`${where}: ward`);
    if (t.lat !== null && (t.lat !== e.lat || t.lng !== e.lng)) problems.push(`${where}: position`);
    if (t.phones_e164.some((p) => p !== e.phone && p !== e.alt_phone)) problems.push(`${where}: phones ${t.phones_e164}`);
    if (t.services.some((s) => !e.services.includes(s))) problems.push(`${where}: services ${t.services}`);
    if (t.near_miss_of.join() !== e.near_miss_of.join()) problems.push(`${where}: near-miss partners`);
    if (!appearances.has(`${t.entity_id} ${t.file} ${t.pointer} ${t.appearance}`)) problems.push(`${where}: not among the entity's appearances`);
  }
  return problems;
}

describe('bench delivery generator', () => {
  it('gives byte-identical files for the same seed and size, and different ones for another seed', async () => {
    const run = async (dir: string, seed: number, format: 'json' | 'ndjson'): Promise<Record<string, string>> => {
      await generateDelivery({ seed, records: 500, format, outDir: join(root, dir) });
      return hashDir(join(root, dir));
    };
    const a = await run('det-a', 7, 'json');
    const b = await run('det-b', 7, 'json');
    expect(Object.keys(a)).toHaveLength(10);
    expect(b).toEqual(a);
    expect(await run('det-c', 7, 'ndjson')).toEqual(await run('det-d', 7, 'ndjson'));
    const other = await run('det-e', 8, 'json');
    expect(other['/regional.json']).not.toBe(a['/regional.json']);
  });

  for (const format of ['json', 'ndjson'] as const) {
    describe(`a ${format} delivery`, () => {
      let delivery: Delivery;
      let records: Map<string, unknown>;

      beforeAll(async () => {
        delivery = await generateDelivery({ seed: 1, records: 1500, format, outDir: join(root, `check-${format}`) });
        records = await recordsOf(delivery);
      });

      it('has the seven files, each parseable and roughly the size its share asks for', async () => {
        expect(delivery.files.map((f) => f.kind)).toEqual([
          'regional', 'other_services', 'kps_stations', 'category_A', 'category_B', 'equity_afya', 'gbv_support_organizations',
        ]);
        const total = delivery.files.reduce((s, f) => s + f.records, 0);
        expect(total).toBeGreaterThan(1400);
        expect(total).toBeLessThan(1600);
        const share = (kind: string): number => (delivery.files.find((f) => f.kind === kind)?.records ?? 0) / total;
        expect(share('kps_stations')).toBeGreaterThan(0.35);
        expect(share('regional')).toBeGreaterThan(0.15);
        expect(share('gbv_support_organizations')).toBeGreaterThan(0.02);
        if (format === 'json') {
          const regional = JSON.parse(await readFile(delivery.files[0].path, 'utf8')) as Record<string, unknown>;
          expect(Object.keys(regional)).toEqual(['source', 'generated_at', 'regions']);
          const kps = JSON.parse(await readFile(delivery.files[2].path, 'utf8')) as Record<string, unknown>;
          expect(Object.keys(kps)).toEqual(['service', 'commands']);
          expect(Array.isArray(JSON.parse(await readFile(delivery.files[1].path, 'utf8')))).toBe(true);
        }
      });

      it('points every truth line at a record, and the counts add up', async () => {
        expect(delivery.truth).toHaveLength(records.size);
        expect(delivery.summary.total_records).toBe(records.size);
        for (const f of delivery.files) {
          const name = f.path.split('/').pop() ?? '';
          expect(delivery.truth.filter((t) => t.file === name)).toHaveLength(f.records);
          const s = delivery.summary.files[name];
          expect(s.home + s.cross_file_guests + s.in_file_duplicates + s.bad).toBe(f.records);
        }
        expect(delivery.entities).toHaveLength(delivery.summary.entities);
        const appearances = delivery.entities.reduce((s, e) => s + e.appearances.length, 0);
        expect(appearances + delivery.summary.bad_records.total).toBe(records.size);
        const onDisk: TruthRecord[] = [];
        for await (const t of readNdjson<TruthRecord>(delivery.truthPath)) onDisk.push(t);
        expect(onDisk).toEqual(delivery.truth);
        expect(truthProblems(delivery, records)).toEqual([]);
      });

      if (format === 'ndjson')
        it('repeats the parent fields on every NDJSON line', () => {
          for (const t of delivery.truth) {
            const value = records.get(`${t.file}#${t.pointer}`);
            if (!isObject(value)) continue;
            const parent = NDJSON_PARENT_FIELDS[t.file.replace('.ndjson', '') as keyof typeof NDJSON_PARENT_FIELDS];
            for (const field of [...parent.headers, ...Object.keys(parent.fixed)]) expect(value).toHaveProperty(field);
          }
        });

      it('plants duplicates across and within files, near-misses and every kind of bad record', () => {
        const filesPerEntity = new Map<string, Set<string>>();
        for (const t of delivery.truth) {
          if (!t.entity_id) continue;
          const set = filesPerEntity.get(t.entity_id) ?? new Set<string>();
          set.add(t.file);
          filesPerEntity.set(t.entity_id, set);
        }
        const multi = [...filesPerEntity.values()].filter((s) => s.size > 1).length;
        expect(multi / filesPerEntity.size).toBeGreaterThan(0.05);
        expect(delivery.truth.some((t) => t.appearance === 'in_file_duplicate')).toBe(true);

        const byId = new Map(delivery.entities.map((e) => [e.entity_id, e]));
        const types = new Set<string>();
        for (const e of delivery.entities) {
          for (const other of e.near_miss_of) {
            expect(byId.get(other)?.near_miss_of).toContain(e.entity_id);
            types.add(e.near_miss_type ?? '');
          }
        }
        expect(types.size).toBeGreaterThanOrEqual(3);
        expect(delivery.summary.near_miss_pairs).toBeGreaterThan(10);

        const reasons = new Set(delivery.truth.filter((t) => t.expected === 'reject').map((t) => t.reject_reason_class));
        expect([...reasons].sort()).toEqual(['missing_name', 'unknown_location', 'wrong_type']);
      });

      it('hands out unique identifiers in the documented shapes', () => {
        const unique = (values: Array<string | null>): void => {
          const present = values.filter((v): v is string => v !== null);
          expect(new Set(present).size).toBe(present.length);
        };
        const es = delivery.entities;
        unique(es.map((e) => e.mfl_code));
        unique(es.map((e) => e.station_code));
        unique(es.map((e) => e.branch_code));
        unique(es.map((e) => e.registration_number));
        unique(es.flatMap((e) => [e.phone, e.alt_phone]));
        expect(new Set(es.map((e) => e.county_code)).size).toBe(47);
        const shapes: Array<readonly [keyof (typeof es)[number], RegExp]> = [
          ['station_code', /^KPS-[A-Z]{3}-\d{3,}$/],
          ['mfl_code', /^\d{5}$/],
          ['branch_code', /^EA-\d{3,}$/],
          ['registration_number', /^(OP\.218\/051|CBO\/[A-Z]{3})\/\d{4}\/\d{4,}$/],
          ['phone', /^\+254(7\d{8}|1\d{8}|20\d{7})$/],
        ];
        const misshapen = es.flatMap((e) =>
          shapes.filter(([field, re]) => e[field] !== null && !re.test(String(e[field]))).map(([field]) => `${e.entity_id} ${field}`),
        );
        expect(misshapen).toEqual([]);
        const outside = es.filter((e) => !(e.lat > -4.7 && e.lat < 5.0 && e.lng > 33.9 && e.lng < 41.9));
        expect(outside.map((e) => e.entity_id)).toEqual([]);
      });
    });
  }

  it('streams a 20,000-record delivery in modest memory', async () => {
    const before = process.memoryUsage().heapUsed;
    const delivery = await generateDelivery({ seed: 3, records: 20_000, format: 'ndjson', outDir: join(root, 'big'), inMemory: false });
    expect(delivery.truth).toHaveLength(0);
    expect(delivery.summary.total_records).toBeGreaterThan(18_000);
    // Growth, garbage included, while writing ~7 MB of files: a whole-delivery string or an
    // object per record kept alive would blow well past this.
    expect(delivery.stats.peakHeapBytes - before).toBeLessThan(64 * 2 ** 20);
    let lines = 0;
    for await (const t of readNdjson<TruthRecord>(delivery.truthPath)) if (t.file.endsWith('.ndjson')) lines++;
    expect(lines).toBe(delivery.summary.total_records);
  });
});
