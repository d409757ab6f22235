// generateDelivery: plan the entities, decide every file's records, render and stream them out
// with their truth. Same seed, size and options -> byte-identical files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceKind } from '../../src/ingest/record.js';
import { NESTED, planAppearances, type RejectClass, type Slot } from './appearances.js';
import {
  buildEntity,
  entityContext,
  entityId,
  toEntityTruth,
  type AppearanceTruth,
  type Entity,
  type EntityContext,
  type EntityTruth,
} from './entities.js';
import { loadGeography, type Geography } from './geo.js';
import { constituencyText, countyText, messProfile, type Mess, type MessLevel, type PlaceText } from './mess.js';
import { formatPhone } from './phones.js';
import { KINDS, buildPlan } from './plan.js';
import { Rng } from './random.js';
import { categoryRenderer } from './render/category.js';
import type { ForeignPlace, GroupHeader, KindRenderer } from './render/common.js';
import { equityAfya } from './render/equityAfya.js';
import { gbvSupport } from './render/gbvSupport.js';
import { kps } from './render/kps.js';
import { otherServices } from './render/otherServices.js';
import { regional } from './render/regional.js';
import { taxonomyOrder } from './services.js';
import {
  countRecord,
  emptyFileSummary,
  fileName,
  loadTruth,
  rejectTruth,
  type DeliverySummary,
  type FileSummary,
  type TruthRecord,
} from './truth.js';
import { FOREIGN_PLACES, villageName } from './vocabulary.js';
import { BufferedWriter, JsonSink, NdjsonSink, type JsonShape, type RecordSink } from './write.js';

export interface GenerateOptions {
  seed: number;
  /** Approximate number of records across all seven files. */
  records: number;
  format: 'json' | 'ndjson';
  outDir: string;
  /** Share of entities that also appear in one or two other files (default 0.10). */
  guestRate?: number;
  /** clean: a control delivery without spelling/format mess; mild (default) as the samples; heavy. */
  messLevel?: MessLevel;
  /** In-file duplicates per file, as a share of its records (default 0.01). */
  duplicateRate?: number;
  /** Records to reject per file, as a share of its records (default 0.01). */
  badRate?: number;
  /** Near-miss pairs per entity (default 0.03, as in the samples). */
  nearMissRate?: number;
  /**
   * Also return truth and entities as arrays (default: when records <= 50,000). They are always
   * written to `<outDir>/truth/`; for large deliveries read them back with readNdjson.
   */
  inMemory?: boolean;
  /** `generated_at` written into the regional file (default 2025-08-30). */
  generatedAt?: string;
}

export interface GeneratedFile {
  kind: SourceKind;
  path: string;
  records: number;
  bytes: number;
}

export interface Delivery {
  files: GeneratedFile[];
  truth: TruthRecord[];
  entities: EntityTruth[];
  truthPath: string;
  entitiesPath: string;
  summaryPath: string;
  summary: DeliverySummary;
  stats: { elapsedMs: number; bytes: number; peakHeapBytes: number };
}

const RENDERERS: Record<SourceKind, KindRenderer> = {
  regional,
  other_services: otherServices,
  kps_stations: kps,
  category_A: categoryRenderer(),
  category_B: categoryRenderer(),
  equity_afya: equityAfya,
  gbv_support_organizations: gbvSupport,
};

function jsonShape(kind: SourceKind, generatedAt: string): JsonShape {
  switch (kind) {
    case 'regional':
      return {
        prefix: `{"source":"regional","generated_at":${JSON.stringify(generatedAt)},"regions":`,
        root: '/regions',
        levels: [{ header: 'county', children: 'sub_counties' }, { header: 'name', children: 'facilities' }],
        suffix: '}',
      };
    case 'kps_stations':
      return {
        prefix: '{"service":"Kenya Police Service","commands":',
        root: '/commands',
        levels: [{ header: 'county', children: 'stations' }],
        suffix: '}',
      };
    case 'other_services':
      return { prefix: '', root: '', levels: [], suffix: '' };
    case 'category_A':
      return {
        prefix: '{"category":"A","description":"Comprehensive GBV recovery centres","organizations":',
        root: '/organizations',
        levels: [],
        suffix: '}',
      };
    case 'category_B':
      return {
        prefix: '{"category":"B","description":"Community-based GBV support and referral organisations","organizations":',
        root: '/organizations',
        levels: [],
        suffix: '}',
      };
    case 'equity_afya':
      return { prefix: '{"network":"Equity Afya","facilities":', root: '/facilities', levels: [], suffix: '}' };
    case 'gbv_support_organizations':
      return { prefix: '{"data":', root: '/data', levels: [], suffix: '}' };
  }
}

/** NDJSON lines carry their parents' fields: these names, in front of the record's own. */
export const NDJSON_PARENT_FIELDS: Record<SourceKind, { headers: readonly string[]; fixed: Readonly<Record<string, string>> }> = {
  regional: { headers: ['county', 'sub_county'], fixed: {} },
  kps_stations: { headers: ['county'], fixed: {} },
  other_services: { headers: [], fixed: {} },
  category_A: { headers: [], fixed: { category: 'A' } },
  category_B: { headers: [], fixed: { category: 'B' } },
  equity_afya: { headers: [], fixed: { network: 'Equity Afya' } },
  gbv_support_organizations: { headers: [], fixed: {} },
};

function sinkFor(kind: SourceKind, format: 'json' | 'ndjson', path: string, generatedAt: string): RecordSink {
  if (format === 'json') return new JsonSink(path, jsonShape(kind, generatedAt));
  const p = NDJSON_PARENT_FIELDS[kind];
  return new NdjsonSink(path, p.headers, p.fixed);
}

/**
 * County and sub-county headers of the nested files, spelt once per group (a file names a
 * county one way throughout). An in-file duplicate's own sub-county group gets another
 * spelling of the same constituency.
 */
class GroupHeaders {
  private readonly counties = new Map<number, PlaceText>();
  private readonly subs = new Map<string, PlaceText>();

  constructor(
    private readonly seed: number,
    private readonly kind: SourceKind,
    private readonly mess: Mess,
    private readonly geo: Geography,
  ) {}

  header(slot: Slot, ctx: EntityContext): { keys: string[]; group: GroupHeader } {
    const ward = this.geo.wards[ctx.plan.ward[slot.entity]];
    if (slot.foreign >= 0) {
      const f = FOREIGN_PLACES[slot.foreign];
      return {
        keys: [`f${slot.foreign}`, `f${slot.foreign}`],
        group: { county: f.county, countyCode: null, subCounty: f.sub, constituencyCode: null },
      };
    }
    let county = this.counties.get(ward.county.index);
    if (!county) {
      const rng = Rng.derive(this.seed, 'county-header', this.kind, ward.county.index);
      county = { text: countyText(rng, this.mess, ward.county), code: ward.county.code };
      this.counties.set(ward.county.index, county);
    }
    const c = ward.constituency;
    const subKey = `${c.index}:${slot.tag}`;
    let sub = this.subs.get(subKey);
    if (!sub) {
      sub = constituencyText(Rng.derive(this.seed, 'sub-header', this.kind, c.index, 0), this.mess, c);
      if (slot.tag === 1 && this.mess.level !== 'clean') {
        const first = sub;
        const forced = { ...this.mess, place: 1 };
        for (let attempt = 0; attempt < 6 && sub.text === first.text; attempt++) {
          sub = constituencyText(Rng.derive(this.seed, 'sub-header', this.kind, c.index, 1, attempt), forced, c);
        }
      }
      this.subs.set(subKey, sub);
    }
    return {
      keys: [`c${ward.county.index}`, subKey],
      group: { county: county.text, countyCode: county.code, subCounty: sub.text, constituencyCode: sub.code },
    };
  }
}

/** A record to be rejected: modelled on a real entity but with its own numbers and no codes. */
function phantom(ctx: EntityContext, slot: Slot, serial: number): { entity: Entity; foreign: ForeignPlace | null } {
  const t = buildEntity(ctx, slot.entity);
  const foreign = slot.foreign >= 0 ? FOREIGN_PLACES[slot.foreign] : null;
  const entity: Entity = {
    ...t,
    id: '',
    name: foreign && t.name.includes(t.place) ? t.name.replace(t.place, foreign.sub) : t.name,
    phone: ctx.phones.mobile('reject', serial),
    altPhone: null,
    email: null,
    website: null,
    mflCode: null,
    stationCode: null,
    branchCode: null,
    registrationNumber: null,
    lat: foreign?.lat ?? t.lat,
    lng: foreign?.lng ?? t.lng,
  };
  return { entity, foreign };
}

function breakRecord(rng: Rng, reject: RejectClass, record: Record<string, unknown>, nameField: string, entity: Entity): unknown {
  if (reject === 'wrong_type') {
    const text = `${entity.name} - ${formatPhone(rng, entity.phone, false)}`;
    return rng.chance(0.85) ? text : [entity.name, formatPhone(rng, entity.phone, true)];
  }
  if (reject === 'missing_name') {
    const form = rng.weighted([['delete', 0.4], ['empty', 0.25], ['blank', 0.15], ['null', 0.2]] as const);
    if (form === 'delete') delete record[nameField];
    else record[nameField] = form === 'empty' ? '' : form === 'blank' ? '   ' : null;
  }
  return record;
}

function resolveOptions(o: GenerateOptions): Required<GenerateOptions> {
  const rate = (v: number | undefined, d: number, name: string): number => {
    const r = v ?? d;
    if (!(r >= 0 && r <= 1)) throw new RangeError(`${name} must be within [0, 1], got ${r}`);
    return r;
  };
  if (!Number.isInteger(o.records) || o.records < 0) throw new RangeError(`records must be a non-negative integer, got ${o.records}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}`);
  if (o.format !== 'json' && o.format !== 'ndjson') throw new RangeError(`format must be json or ndjson, got ${String(o.format)}`);
  return {
    seed: o.seed,
    records: o.records,
    format: o.format,
    outDir: o.outDir,
    guestRate: rate(o.guestRate, 0.1, 'guestRate'),
    messLevel: o.messLevel ?? 'mild',
    duplicateRate: rate(o.duplicateRate, 0.01, 'duplicateRate'),
    badRate: rate(o.badRate, 0.01, 'badRate'),
    nearMissRate: rate(o.nearMissRate, 0.03, 'nearMissRate'),
    inMemory: o.inMemory ?? o.records <= 50_000,
    generatedAt: o.generatedAt ?? '2025-08-30',
  };
}

export async function generateDelivery(options: GenerateOptions): Promise<Delivery> {
  const started = performance.now();
  let peakHeap = process.memoryUsage().heapUsed;
  const samplePeak = (): void => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };

  const o = resolveOptions(options);
  const mess = messProfile(o.messLevel);
  const geo = loadGeography();
  const plan = buildPlan(geo, o, villageName);
  const ctx = entityContext(o.seed, geo, plan);
  const slotsByKind = planAppearances(geo, plan, o);
  samplePeak();

  const truthDir = join(o.outDir, 'truth');
  await mkdir(truthDir, { recursive: true });
  const truthPath = join(truthDir, 'truth.ndjson');
  const entitiesPath = join(truthDir, 'entities.ndjson');
  const summaryPath = join(truthDir, 'summary.json');
  const truthOut = new BufferedWriter(truthPath);
  const truth: TruthRecord[] = [];
  // Where each entity appears, as "fileIndex\trole\tpointer\n" lines: one short string per
  // entity instead of an object graph, for entities.ndjson at the end.
  const appearanceLog: string[] = new Array<string>(plan.size).fill('');

  const files: GeneratedFile[] = [];
  const fileSummaries: Record<string, FileSummary> = {};
  const rejects: Record<RejectClass, number> = { missing_name: 0, wrong_type: 0, unknown_location: 0 };
  let serial = 0;

  for (const [fileIndex, kind] of KINDS.entries()) {
    const name = fileName(kind, o.format);
    const path = join(o.outDir, name);
    const sink = sinkFor(kind, o.format, path, o.generatedAt);
    const renderer = RENDERERS[kind];
    const headers = NESTED.has(kind) ? new GroupHeaders(o.seed, kind, mess, geo) : null;
    const summary = emptyFileSummary();
    const slots = slotsByKind.get(kind) ?? [];

    for (const [n, slot] of slots.entries()) {
      const rng = Rng.derive(o.seed, 'record', kind, n);
      const grouped = headers?.header(slot, ctx) ?? null;
      const { entity, foreign } = slot.role === 'bad' ? phantom(ctx, slot, serial) : { entity: buildEntity(ctx, slot.entity), foreign: null };
      const { record, facts } = renderer.render({
        entity,
        role: slot.role,
        rng,
        mess,
        phones: ctx.phones,
        geo,
        serial,
        group: grouped?.group ?? null,
        foreign,
      });
      const value = slot.reject ? breakRecord(rng, slot.reject, record, renderer.nameField, entity) : record;
      const g = grouped?.group;
      const headerValues = g ? [g.county, g.subCounty ?? ''] : [];
      const pointer = await sink.add(value, grouped?.keys ?? [], headerValues);

      let line: TruthRecord;
      if (slot.role === 'bad') {
        const reason = slot.reject ?? 'wrong_type';
        rejects[reason]++;
        line = rejectTruth(name, pointer, reason);
      } else {
        line = loadTruth(name, pointer, entity.id, slot.role, facts, taxonomyOrder(facts.services), entity.nearMissOf.map((j) => entityId(ctx, j)));
        appearanceLog[slot.entity] += `${fileIndex}\t${slot.role}\t${pointer}\n`;
      }
      countRecord(summary, slot.role);
      await truthOut.write(JSON.stringify(line) + '\n');
      if (o.inMemory) truth.push(line);
      serial++;
      if (serial % 4096 === 0) samplePeak();
    }
    const bytes = await sink.close();
    files.push({ kind, path, records: slots.length, bytes });
    fileSummaries[name] = summary;
  }
  await truthOut.close();

  const entities: EntityTruth[] = [];
  const entitiesOut = new BufferedWriter(entitiesPath);
  let multiFile = 0;
  for (let i = 0; i < plan.size; i++) {
    const e = buildEntity(ctx, i);
    const appearances: AppearanceTruth[] = appearanceLog[i]
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => {
        const [fi, role, pointer] = l.split('\t');
        return { file: fileName(KINDS[Number(fi)], o.format), pointer, role: role as AppearanceTruth['role'] };
      });
    if (new Set(appearances.map((a) => a.file)).size > 1) multiFile++;
    const et = toEntityTruth(ctx, e, appearances);
    await entitiesOut.write(JSON.stringify(et) + '\n');
    if (o.inMemory) entities.push(et);
    if (i % 4096 === 0) samplePeak();
  }
  await entitiesOut.close();

  const total = files.reduce((s, f) => s + f.records, 0);
  const guests = Object.values(fileSummaries).reduce((s, f) => s + f.cross_file_guests, 0);
  const inFile = Object.values(fileSummaries).reduce((s, f) => s + f.in_file_duplicates, 0);
  const badTotal = rejects.missing_name + rejects.wrong_type + rejects.unknown_location;
  let nearMissLinks = 0;
  for (const partners of plan.nearMiss.values()) nearMissLinks += partners.length;
  const summary: DeliverySummary = {
    generator: 'bench/generator',
    generator_version: 1,
    seed: o.seed,
    format: o.format,
    mess: o.messLevel,
    records_requested: o.records,
    generated_at: o.generatedAt,
    files: fileSummaries,
    total_records: total,
    entities: plan.size,
    entities_in_multiple_files: multiFile,
    duplicate_pairs: { total: guests + inFile, cross_file: guests, in_file: inFile },
    bad_records: { total: badTotal, ...rejects, broken_file: 0 },
    near_miss_pairs: nearMissLinks / 2,
    broken_files: [],
  };
  await writeFile(summaryPath, JSON.stringify(summary, null, 2) + '\n');
  samplePeak();

  return {
    files,
    truth,
    entities,
    truthPath,
    entitiesPath,
    summaryPath,
    summary,
    stats: {
      elapsedMs: Math.round(performance.now() - started),
      bytes: files.reduce((s, f) => s + f.bytes, 0),
      peakHeapBytes: peakHeap,
    },
  };
}
