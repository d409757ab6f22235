// The API load benchmark.
//
//   npm run bench:api -- [--facilities 100000] [--duration 10] [--warmup 3] [--connections 10] [--runs 3]
//       [--seed 1] [--pool-size 10] [--database-url postgresql://…] [--no-baseline] [--baseline-view viewer|full]
//       [--cache-dir DIR]
//
// Loads a seeded delivery of about --facilities facilities through the real import pipeline into
// a template database on the server (gvrc_bench_api_template_<facilities>, built once and reused),
// copies it into a fresh database, and starts two servers on 127.0.0.1, each in a child process:
// ours (createApp behind node:http, as src/server.ts serves it) and the baseline (node:http + pg,
// one SQL statement per answer; bench/api/baseline-server.ts). Then, after checking that both
// give the same answers, --runs times per operation (a facility page, the county tree with
// facility counts, facilityByCode): each server flat out for --duration seconds (peak req/s), then
// at half its peak rate (latency). Counts our SQL statements per request, and per page size.
// Progress goes to stderr; stdout gets a table, then ONE line of JSON. The copy is dropped at the end.
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { measureRun, probe, type RunFigures } from './bench.js';
import { ApiBenchDatabases, ensureApiDelivery } from './dataset.js';
import type { Target } from './measure.js';
import { chooseSamples, PAGE_SIZE } from './operations.js';
import { machine } from '../support/machine.js';
import { formatSummary, jsonLine, summarise } from './report.js';
import { forkedTarget } from './targets.js';

const { values } = parseArgs({
  options: {
    facilities: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'pool-size': { type: 'string', default: '10' },
    'database-url': { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    'baseline-view': { type: 'string', default: 'viewer' },
    'cache-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: npm run bench:api -- [--facilities N] [--duration S] [--warmup S] [--connections N] [--runs K] [--seed S] [--pool-size N] [--database-url URL] [--no-baseline] [--baseline-view viewer|full] [--cache-dir DIR]',
  );
  process.exit(0);
}

function positive(value: string | undefined, name: string, integer = true): number {
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  return n;
}

const facilities = positive(values.facilities, '--facilities');
const duration = positive(values.duration, '--duration');
const warmup = values.warmup === undefined ? Math.min(3, duration) : Number(values.warmup);
const connections = positive(values.connections, '--connections');
const runs = positive(values.runs, '--runs');
const seed = positive(values.seed, '--seed');
const poolSize = positive(values['pool-size'], '--pool-size');
const baselineView = values['baseline-view'];
if (baselineView !== 'viewer' && baselineView !== 'full') throw new Error(`--baseline-view must be viewer or full, got ${baselineView}`);
const serverUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const log = (line: string) => process.stderr.write(`${line}\n`);
const databases = new ApiBenchDatabases(serverUrl);
const targets: Target[] = [];

async function cleanUp() {
  await Promise.all(targets.map((t) => t.close().catch(() => {})));
  await databases.dropAll();
}

process.once('SIGINT', () => {
  log('interrupted: stopping the servers and dropping the benchmark database');
  void cleanUp().finally(() => process.exit(130));
});

try {
  const postgres = await databases.serverVersion();
  log(`API benchmark: ${facilities.toLocaleString('en-US')} facilities, seed ${seed}, ${runs} run(s), ${duration} s per phase (+${warmup} s warm-up), ${connections} connections, server ${new URL(serverUrl).host} (${postgres})`);
  const delivery = await ensureApiDelivery({ facilities, seed, cacheRoot: values['cache-dir'], log });
  log(`delivery: ${delivery.records.toLocaleString('en-US')} records, ${delivery.entities.toLocaleString('en-US')} distinct facilities (${delivery.dir})`);
  const template = await databases.template(delivery, log);
  log(`template ${template.name}${template.cached ? ' (cached)' : ''}: ${template.info.facilities.total.toLocaleString('en-US')} facilities, ${template.info.facilities.visible.toLocaleString('en-US')} active`);
  const copy = await databases.fresh(template.name);
  log(`database ${copy.name}`);

  const samplesClient = new pg.Client({ connectionString: copy.url });
  await samplesClient.connect();
  const samples = await chooseSamples({
    query: async (text, params) => {
      const r = await samplesClient.query(text, params);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
  }).finally(() => samplesClient.end());

  targets.push(await forkedTarget({ kind: 'ours', databaseUrl: copy.url, poolSize }));
  if (!values['no-baseline']) targets.push(await forkedTarget({ kind: 'baseline', databaseUrl: copy.url, poolSize, baselineView }));
  const [ours, baseline] = targets;
  log(`servers: ours ${ours.url}${baseline ? `, baseline ${baseline.url}` : ''}`);

  const probed = await probe(ours, baseline, samples);
  for (const [operation, a] of Object.entries(probed.agreement)) {
    log(`  ${operation}: ${probed.statements[operation as keyof typeof probed.statements].total} statements; answers ${a.agree === null ? 'not compared' : a.agree ? 'agree' : `DIFFER at ${a.difference}`}`);
  }
  log(`  statements per facility page by size: ${JSON.stringify(probed.statementsByPageSize)}`);

  const loadStart = os.loadavg()[0];
  const results: RunFigures[] = [];
  for (let run = 1; run <= runs; run++) {
    log(`run ${run} of ${runs}`);
    results.push(await measureRun(targets, samples, run, { duration, warmup, connections, log }));
  }
  const loadEnd = os.loadavg()[0];

  const summary = summarise({
    facilities: template.info.facilities,
    dataset: { records: delivery.records, seed, template: template.name, cached: template.cached },
    settings: { durationS: duration, warmupS: warmup, connections, runs, pageSize: PAGE_SIZE, poolSize, ...(baseline ? { baselineView } : {}) },
    machine: { ...machine(postgres), loadAverage: { start: loadStart, end: loadEnd } },
    probe: probed,
    runs: results,
    ...(baseline ? {} : { baselineSkipped: '--no-baseline' }),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
  process.stdout.write(`${jsonLine(summary)}\n`);
} finally {
  await cleanUp();
}
