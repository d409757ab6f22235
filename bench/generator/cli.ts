// npx tsx bench/generator/cli.ts --records 200000 --seed 1 --format ndjson --out /tmp/x
//   [--guest-rate 0.1] [--mess clean|mild|heavy] [--duplicate-rate 0.01] [--bad-rate 0.01]
//   [--near-miss-rate 0.03]
// Prints one JSON line: what was written, how long it took, and the peak heap.
import { parseArgs } from 'node:util';
import { generateDelivery } from './generate.js';
import type { MessLevel } from './mess.js';

const USAGE = 'usage: cli.ts --records N --seed N --format json|ndjson --out DIR [--guest-rate R] [--mess clean|mild|heavy] [--duplicate-rate R] [--bad-rate R] [--near-miss-rate R]';

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'ndjson' },
      out: { type: 'string' },
      'guest-rate': { type: 'string' },
      mess: { type: 'string', default: 'mild' },
      'duplicate-rate': { type: 'string' },
      'bad-rate': { type: 'string' },
      'near-miss-rate': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || values.records === undefined || values.out === undefined) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const format = values.format;
  if (format !== 'json' && format !== 'ndjson') throw new Error(`--format must be json or ndjson, got ${format}`);
  const mess = values.mess;
  if (mess !== 'clean' && mess !== 'mild' && mess !== 'heavy') throw new Error(`--mess must be clean, mild or heavy, got ${mess}`);

  const delivery = await generateDelivery({
    records: num(values.records, 'records') ?? 0,
    seed: num(values.seed, 'seed') ?? 1,
    format,
    outDir: values.out,
    guestRate: num(values['guest-rate'], 'guest-rate'),
    messLevel: mess satisfies MessLevel,
    duplicateRate: num(values['duplicate-rate'], 'duplicate-rate'),
    badRate: num(values['bad-rate'], 'bad-rate'),
    nearMissRate: num(values['near-miss-rate'], 'near-miss-rate'),
    // The CLI is for big deliveries: the truth stays on disk.
    inMemory: false,
  });
  const s = delivery.summary;
  console.log(
    JSON.stringify({
      out: values.out,
      format,
      seed: s.seed,
      records: s.total_records,
      entities: s.entities,
      files: Object.fromEntries(delivery.files.map((f) => [f.kind, { records: f.records, bytes: f.bytes }])),
      bytes: delivery.stats.bytes,
      duplicate_pairs: s.duplicate_pairs,
      bad_records: s.bad_records.total,
      near_miss_pairs: s.near_miss_pairs,
      elapsed_ms: delivery.stats.elapsedMs,
      peak_heap_mb: Math.round(delivery.stats.peakHeapBytes / 2 ** 20),
      truth: delivery.truthPath,
      entities_file: delivery.entitiesPath,
      summary: delivery.summaryPath,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
