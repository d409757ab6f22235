// A labelled delivery (partner files + truth) turned into what matching sees: match features
// in import order, each with the entity it truly describes. Records go through the real
// extract → validate → normalise → resolve stages and the importer's own record → features
// mapping, so the evaluation measures matching on what the importer gives it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { extractRecords } from '../../src/ingest/extract/extract-records.js';
import type { MatchFeatures } from '../../src/ingest/match/features.js';
import { matchFeatures } from '../../src/ingest/match/record-features.js';
import { SOURCE_KINDS, type RawRecord, type RecordResult } from '../../src/ingest/record.js';
import { describeSource, type SourceDescriptor } from '../../src/ingest/source-kind.js';

/** One record of the truth file (test/fixtures/truth/README.md). */
export interface TruthRecord {
  file: string;
  pointer: string;
  entity_id: string | null;
  near_miss_of?: string[] | null;
}

/** One entity of entities.json, where near-miss pairs are listed. */
export interface TruthEntity {
  entity_id: string;
  near_miss_of?: string[] | null;
}

export interface LabelledFeatures {
  features: MatchFeatures;
  /** Undefined for records the truth expects to be rejected that the pipeline still loaded. */
  entityId?: string;
}

export interface LabelledDelivery {
  records: LabelledFeatures[];
  nearMissPairs: Array<readonly [string, string]>;
  /** Records the truth expects loaded that the pipeline rejected (they cannot be matched). */
  lostRecords: number;
  /** Files that could not be read to the end (all of their records are left out). */
  brokenFiles: string[];
  extractMilliseconds: number;
}

/** The stage under test: anything that turns a raw record into a canonical one. */
export type RecordProcessor = (raw: RawRecord) => RecordResult;

export async function readLabelledDelivery(
  deliveryDir: string,
  truth: readonly TruthRecord[],
  processRecord: RecordProcessor,
  entities: readonly TruthEntity[] = [],
): Promise<LabelledDelivery> {
  const entityOf = new Map(truth.map((t) => [`${t.file}\u0000${t.pointer}`, t.entity_id]));
  const records: LabelledFeatures[] = [];
  const brokenFiles: string[] = [];
  let lostRecords = 0;
  const started = performance.now();
  for (const source of await deliverySources(deliveryDir)) {
    const fileRecords: LabelledFeatures[] = [];
    let fileLost = 0;
    try {
      for await (const raw of extractRecords(path.join(deliveryDir, source.fileName), source)) {
        const entityId = entityOf.get(`${source.fileName}\u0000${raw.pointer}`) ?? undefined;
        const result = processRecord(raw);
        if (!result.ok) {
          if (entityId) fileLost++;
          continue;
        }
        const id = `${source.fileName}#${raw.pointer}`;
        fileRecords.push({ features: matchFeatures(id, result.record), entityId });
      }
    } catch {
      // A broken file loads nothing (the importer discards it whole), so it matches nothing.
      brokenFiles.push(source.fileName);
      continue;
    }
    records.push(...fileRecords);
    lostRecords += fileLost;
  }
  return {
    records,
    nearMissPairs: nearMissPairs(truth, entities),
    lostRecords,
    brokenFiles,
    extractMilliseconds: performance.now() - started,
  };
}

/** The delivery's files in import order: by kind in SOURCES.md order, then by name. */
async function deliverySources(deliveryDir: string): Promise<SourceDescriptor[]> {
  const names = (await readdir(deliveryDir)).filter((name) => /\.(json|ndjson|jsonl)$/i.test(name)).sort();
  const sources: SourceDescriptor[] = [];
  for (const name of names) {
    const described = describeSource(name);
    if (described.ok) sources.push(described.source);
  }
  return sources.sort((a, b) => SOURCE_KINDS.indexOf(a.kind) - SOURCE_KINDS.indexOf(b.kind));
}

function nearMissPairs(truth: readonly TruthRecord[], entities: readonly TruthEntity[]): Array<readonly [string, string]> {
  const pairs = new Map<string, readonly [string, string]>();
  const add = (a: string, b: string) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    pairs.set(`${x}\u0000${y}`, [x, y]);
  };
  for (const t of truth) if (t.entity_id) for (const other of t.near_miss_of ?? []) add(t.entity_id, other);
  for (const e of entities) for (const other of e.near_miss_of ?? []) add(e.entity_id, other);
  return [...pairs.values()];
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}
