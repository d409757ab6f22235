// The benchmark's input: a seeded NDJSON delivery of all seven kinds, generated once per
// (seed, size) and kept in a cache directory, so repeated runs read identical bytes and do not
// pay for generation again.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SourceKind } from '../../src/ingest/record.js';
import { generateDelivery } from '../generator/generate.js';

export interface DeliveryFile { kind: SourceKind; path: string; records: number; bytes: number }

export interface BenchDelivery {
  dir: string;
  seed: number;
  /** Records asked of the generator. */
  requested: number;
  /** Records it wrote (within 1-2% of `requested`). */
  records: number;
  bytes: number;
  /** Guest records: the same facility in another file. */
  crossFileDuplicates: number;
  inFileDuplicates: number;
  /** In the pipeline's order. */
  files: DeliveryFile[];
  /** Generation time, or 0 when the delivery came from the cache. */
  generatedMs: number;
  cached: boolean;
}

const MARKER = 'bench-delivery.json';

/** What the marker file keeps: the delivery, with file names relative to its directory. */
type StoredDelivery = Omit<BenchDelivery, 'dir' | 'files' | 'generatedMs' | 'cached'> & { files: (Omit<DeliveryFile, 'path'> & { name: string })[] };

export function defaultCacheRoot(): string {
  return path.join(tmpdir(), 'gvrc-bench-ingest');
}

export function deliveryDir(root: string, seed: number, records: number): string {
  return path.join(root, `seed${seed}-n${records}-ndjson`);
}

/** The cached delivery for (seed, records), generated first when missing or incomplete. */
export async function ensureDelivery(options: { seed: number; records: number; cacheRoot?: string }): Promise<BenchDelivery> {
  const root = options.cacheRoot ?? defaultCacheRoot();
  const dir = deliveryDir(root, options.seed, options.records);
  const marker = path.join(dir, MARKER);
  if (existsSync(marker)) {
    const stored = JSON.parse(await readFile(marker, 'utf8')) as StoredDelivery;
    const files = stored.files.map(({ name, ...f }) => ({ ...f, path: path.join(dir, name) }));
    if (files.every((f) => existsSync(f.path))) return { ...stored, files, dir, generatedMs: 0, cached: true };
  }

  // Written beside the cache entry and renamed into place: an interrupted generation never
  // leaves a half-written delivery that looks complete.
  await mkdir(root, { recursive: true });
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  const generated = await generateDelivery({ seed: options.seed, records: options.records, format: 'ndjson', outDir: building, inMemory: false });
  const files = generated.files.map((f) => ({ kind: f.kind, name: path.basename(f.path), records: f.records, bytes: f.bytes }));
  const stored: StoredDelivery = {
    seed: options.seed,
    requested: options.records,
    records: generated.summary.total_records,
    bytes: generated.stats.bytes,
    crossFileDuplicates: generated.summary.duplicate_pairs.cross_file,
    inFileDuplicates: generated.summary.duplicate_pairs.in_file,
    files,
  };
  await writeFile(path.join(building, MARKER), JSON.stringify(stored, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
  return {
    ...stored,
    files: files.map(({ name, ...f }) => ({ ...f, path: path.join(dir, name) })),
    dir,
    generatedMs: generated.stats.elapsedMs,
    cached: false,
  };
}
