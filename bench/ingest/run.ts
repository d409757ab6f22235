// The ingest throughput benchmark.
//
//   npm run bench:ingest -- [--records 200000] [--sizes 50000,100000,200000] [--runs 1] [--seed 1]
//       [--database-url postgresql://…] [--batch-size 1000] [--feature-cache 0] [--pool-size 10] [--no-copy]
//       [--cache-dir DIR] [--sql-profile] [--keep-database]
//
// For every size (each of --sizes, and --records), generates a seeded NDJSON delivery of all
// seven kinds once (cached by seed and size under the temp directory), then --runs times: makes
// a fresh registry database on the server (gvrc_bench_<random>_rN, from a template migrated and
// seeded once), imports the delivery through the real pipeline in a child process of its own,
// and writes the same final rows again with COPY FROM STDIN as a baseline. Every database it
// made is dropped at the end. Progress goes to stderr; stdout gets a table, then ONE line of JSON.
//
// --keep-database leaves the last run's registry database in place (its name is printed) for
// EXPLAIN and friends; drop it by hand afterwards.
// --sql-profile adds up time per kind of SQL statement and prints the top ones after each run.
// The import runs with the heap flags of `npm run worker` (package.json), so its peak RSS is a
// worker's. Node flags given to tsx reach the children too, after those: `npx tsx --cpu-prof
// --cpu-prof-dir DIR bench/ingest/run.ts …` writes a CPU profile per run, and
// `--max-old-space-size=4096` measures the import without the worker's heap cap.
//
// --sizes defaults to records/4, records/2 and records (50k/100k/200k for the default), for the
// growth of matching time; pass --sizes with one size to skip it.
import { execFileSync, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChildMessage, ChildTask } from './child.js';
import { openDatabase } from '../../src/db/database.js';
import { BenchDatabases } from './databases.js';
import { recordBenchDelivery } from './measure.js';
import { workerHeapFlags } from './worker-flags.js';
import { ensureDelivery, type BenchDelivery } from './delivery.js';
import { machine } from '../support/machine.js';
import { formatSummary, jsonLine, runLine, summarise, type CodeVersion, type RunResult } from './report.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    sizes: { type: 'string' },
    runs: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    'database-url': { type: 'string' },
    'batch-size': { type: 'string' },
    'feature-cache': { type: 'string' },
    'pool-size': { type: 'string' },
    'no-copy': { type: 'boolean', default: false },
    'cache-dir': { type: 'string' },
    'sql-profile': { type: 'boolean', default: false },
    'keep-database': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run bench:ingest -- [--records N] [--sizes N,N,N] [--runs K] [--seed S] [--database-url URL] [--batch-size N] [--feature-cache N] [--pool-size N] [--no-copy] [--cache-dir DIR] [--sql-profile] [--keep-database]');
  process.exit(0);
}

function positiveInteger(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  return n;
}

const records = positiveInteger(values.records, '--records');
const seed = positiveInteger(values.seed, '--seed');
const runs = positiveInteger(values.runs, '--runs');
const batchSize = values['batch-size'] ? positiveInteger(values['batch-size'], '--batch-size') : undefined;
// 0 is allowed: the cache off, as IMPORT_FEATURE_CACHE_SIZE=0 in the service.
const featureCacheSize = values['feature-cache'] === undefined ? undefined : Number(values['feature-cache']);
if (featureCacheSize !== undefined && !(Number.isInteger(featureCacheSize) && featureCacheSize >= 0)) {
  throw new Error(`--feature-cache must be a whole number >= 0, got ${values['feature-cache']}`);
}
const poolSize = values['pool-size'] ? positiveInteger(values['pool-size'], '--pool-size') : undefined;
const sizes = [
  ...new Set([
    ...(values.sizes ? values.sizes.split(',').map((s) => positiveInteger(s.trim(), '--sizes')) : [Math.round(records / 4), Math.round(records / 2)]),
    records,
  ]),
].sort((a, b) => a - b);
const serverUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const log = (line: string) => process.stderr.write(`${line}\n`);
const databases = new BenchDatabases(serverUrl);
let child: ReturnType<typeof fork> | undefined;
let dataDir: string | undefined;

// Ctrl-C: stop the run in progress and still drop the databases and the run's file copies.
process.once('SIGINT', () => {
  log('interrupted: dropping benchmark databases');
  child?.kill('SIGKILL');
  void Promise.all([databases.dropAll(), dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined]).finally(() => process.exit(130));
});

/** The commit measured, and what of the pipeline differs from it (others may be editing the tree). */
function codeVersion(): CodeVersion | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8' });
    // Porcelain lines are "XY path": the status columns may start with a space, so no trim first.
    const changed = git('status', '--porcelain', '--', 'src/ingest', 'src/db', 'src/imports', 'prisma').split('\n').filter(Boolean).map((l) => l.slice(3));
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), changed };
  } catch {
    return undefined;
  }
}

function runChild(task: ChildTask): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    let message: ChildMessage | undefined;
    // The worker's heap flags, then the parent's own (tsx, profiling, and heap flags that override).
    child = fork(path.join(import.meta.dirname, 'child.ts'), [JSON.stringify(task)], { execArgv: childExecArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => (message = m as ChildMessage));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      child = undefined;
      if (message) resolve(message);
      else reject(new Error(`benchmark child exited with ${signal ?? code} and no figures`));
    });
  });
}

const childExecArgv = [...workerHeapFlags(), ...process.execArgv];
/** What the import process runs with beyond the loader: the heap flags that decide its RSS, and profiling. */
const nodeFlags = childExecArgv.filter((flag) => /^--(max-|cpu-prof|heap-prof|trace-gc)/.test(flag));

// Read at the start: the code the runs load is the code as it was then.
const code = codeVersion();

try {
  const postgres = await databases.serverVersion();
  log(`ingest benchmark: sizes ${sizes.join(', ')}, ${runs} run(s) each, seed ${seed}, server ${new URL(serverUrl).host} (${postgres}), import process flags: ${nodeFlags.join(' ') || 'none'}`);
  const deliveries = new Map<number, BenchDelivery>();
  for (const size of sizes) {
    const d = await ensureDelivery({ seed, records: size, cacheRoot: values['cache-dir'] });
    log(`delivery ${size}: ${d.records.toLocaleString('en-US')} records, ${(d.bytes / 2 ** 20).toFixed(1)} MB, ${d.crossFileDuplicates} cross-file duplicates, ${d.cached ? 'cached' : `generated in ${(d.generatedMs / 1000).toFixed(1)} s`} (${d.dir})`);
    deliveries.set(size, d);
  }

  const results: RunResult[] = [];
  // Sizes interleaved run by run, so that a noisy minute on a shared machine does not land on one size only.
  for (let run = 1; run <= runs; run++) {
    for (const size of sizes) {
      const delivery = deliveries.get(size)!;
      const { name, url } = await databases.fresh();
      dataDir = await mkdtemp(path.join(tmpdir(), 'gvrc-bench-data-'));
      try {
        const label = `size ${size} run ${run}`;
        const recorder = await openDatabase({ url, poolSize: 1 });
        const recorded = await recordBenchDelivery(recorder, delivery, dataDir).finally(() => recorder.close());
        const message = await runChild({
          url,
          delivery: { dir: delivery.dir, files: delivery.files, records: delivery.records },
          batchSize,
          featureCacheSize,
          poolSize,
          dataDir,
          recorded,
          copy: !values['no-copy'],
          sqlProfile: values['sql-profile'],
          label,
        });
        if (!message.ok) throw new Error(`${label} failed:\n${message.error}`);
        const result: RunResult = { size, deliveryRecords: delivery.records, run, ...message.figures };
        results.push(result);
        log(runLine(result));
        const st = result.ingest.stagesMs;
        log(`  stages ms: ${Object.entries(st).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}; staging copy ${Math.round(result.ingest.stagingMs)} ms`);
        if (!('skipped' in result.copy)) {
          log(`  COPY ms: ${Object.entries(result.copy.tables).map(([t, c]) => `${t} ${Math.round(c.ms)} (${c.rows} rows, ${(c.bytes / 2 ** 20).toFixed(1)} MB)`).join(', ')}`);
        }
        for (const q of result.ingest.statements ?? []) {
          log(`  sql ${q.statement.padEnd(42)} ${String(q.calls).padStart(6)} calls ${String(Math.round(q.ms)).padStart(8)} ms ${String(q.rows).padStart(9)} rows ${(q.paramBytes / 2 ** 20).toFixed(1).padStart(7)} MB params`);
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
        dataDir = undefined;
        const last = run === runs && size === sizes[sizes.length - 1];
        if (values['keep-database'] && last) {
          databases.keep(name);
          log(`kept database ${name} (${url})`);
        } else await databases.drop(name);
      }
    }
  }

  const summary = summarise(
    { seed, records, runsPerSize: runs, batchSize: results[0]?.ingest.batchSize ?? batchSize ?? 1000, machine: machine(postgres), nodeFlags, code },
    results,
  );
  process.stdout.write(formatSummary(summary) + '\n');
  process.stdout.write(jsonLine(summary) + '\n');
} finally {
  await databases.dropAll();
}
