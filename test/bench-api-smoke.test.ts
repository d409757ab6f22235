// Smoke run of the API benchmark (bench/api), so that it cannot rot: a few hundred generated
// facilities loaded through the import pipeline, our server (the real createApp behind
// node:http) driven by autocannon and at a fixed rate for about three seconds per operation, with the same probes,
// summary, table and JSON line as the CLI. The servers run in this process here, so the figures
// only need to be sane, not fast.
//
// On the embedded PGlite (no TEST_DATABASE_URL) the baseline is skipped: it is a node:http +
// pg.Pool server and needs a PostgreSQL server to connect to, and the figures say so. On
// PostgreSQL it runs too, and our answers must agree with it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaselineServer } from '../bench/api/baseline-server.js';
import { measureRun, probe, type Probe, type RunFigures } from '../bench/api/bench.js';
import { countFacilities, ensureApiDelivery, loadDelivery } from '../bench/api/dataset.js';
import type { Target } from '../bench/api/measure.js';
import { chooseSamples, OPERATIONS, PAGE_SIZE, PROBE_PAGE_SIZES, type Samples } from '../bench/api/operations.js';
import { startOurServer } from '../bench/api/our-server.js';
import { formatSummary, jsonLine, summarise, type ApiBenchSummary } from '../bench/api/report.js';
import { machine } from '../bench/support/machine.js';
import { baselineTarget, ourTarget } from '../bench/api/targets.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const FACILITIES = 300;
/** Seconds per phase: each operation gets about twice this per server (peak, then half rate). */
const DURATION = 1.5;

let cacheRoot: string;
let db: TestDatabase;
let targets: Target[] = [];
let samples: Samples;
let probed: Probe;
let run: RunFigures;
let summary: ApiBenchSummary;
let output: string;

beforeAll(async () => {
  cacheRoot = await mkdtemp(path.join(tmpdir(), 'gvrc-bench-api-smoke-'));
  const delivery = await ensureApiDelivery({ facilities: FACILITIES, seed: 3, cacheRoot });
  db = await createTestDatabase({ captureQueries: true });
  await loadDelivery(db, delivery);
  const facilities = await countFacilities(db);

  targets.push(ourTarget(await startOurServer({ db, prismaStatements: () => db.queries.length, poolSize: 5 })));
  const baselineSkipped =
    db.kind === 'pglite' || !db.connectionString ? 'embedded PGlite: the baseline is a pg.Pool server and needs PostgreSQL' : undefined;
  if (!baselineSkipped && db.connectionString) {
    targets.push(baselineTarget(await startBaselineServer({ databaseUrl: db.connectionString, poolSize: 2 })));
  }
  const [ours, baseline] = targets;
  samples = await chooseSamples(db.sql, { pages: 8, codes: 32 });
  probed = await probe(ours, baseline, samples);
  run = await measureRun(targets, samples, 1, { duration: DURATION, warmup: 0, connections: 2 });
  summary = summarise({
    facilities: { requested: FACILITIES, ...facilities },
    dataset: { records: delivery.records, seed: 3 },
    settings: { durationS: DURATION, warmupS: 0, connections: 2, runs: 1, pageSize: PAGE_SIZE, poolSize: 5 },
    machine: machine(),
    probe: probed,
    runs: [run],
    ...(baselineSkipped ? { baselineSkipped } : {}),
  });
  output = `${formatSummary(summary)}\n${jsonLine(summary)}\n`;
}, 180_000);

afterAll(async () => {
  for (const target of targets) await target.close();
  targets = [];
  await db?.close();
  if (cacheRoot) await rm(cacheRoot, { recursive: true, force: true });
});

/**
 * Statements per request once the process's caches are warm (ADR 0010): the page and the facility
 * are one statement each; the tree needs none, as its counts and the caller's key are kept until
 * the database reports a change, and the geography is reference data.
 */
const WARM_STATEMENTS: Record<(typeof OPERATIONS)[number], number> = { facilityPage: 1, countyTree: 0, facilityByCode: 1 };

describe('bench:api smoke run', () => {
  it('loads a few hundred facilities through the pipeline and samples pages and codes from them', () => {
    expect(summary.facilities.total).toBeGreaterThan(FACILITIES * 0.8);
    expect(summary.facilities.visible).toBeGreaterThan(0);
    expect(samples.pageCursors[0]).toBeNull();
    expect(samples.pageCursors.length).toBeGreaterThan(1);
    expect(samples.codes.length).toBe(32);
  });

  it('counts our SQL statements per request, the same for every page size', () => {
    for (const operation of OPERATIONS) {
      const { total, prisma, sql } = probed.statements[operation];
      expect(total, operation).toBe(WARM_STATEMENTS[operation]);
      expect(total).toBe(prisma + sql);
    }
    const bySize = PROBE_PAGE_SIZES.map((size) => probed.statementsByPageSize[String(size)]);
    expect(bySize.every((n) => n > 0)).toBe(true);
    expect(new Set(bySize).size).toBe(1);
    expect(summary.targets.statementsConstantInPageSize.met).toBe(true);
  });

  it('compares our answers with the baseline on PostgreSQL, and says why not on PGlite', () => {
    for (const operation of OPERATIONS) {
      const { agreement, statements } = summary.operations[operation];
      if (summary.baselineSkipped) {
        expect(agreement.agree).toBeNull();
        expect(statements.baseline).toBeNull();
      } else {
        expect(agreement).toEqual({ agree: true });
        expect(statements.baseline).toBe(1);
      }
    }
    if (db.kind === 'pglite') expect(summary.baselineSkipped).toMatch(/PGlite/);
  });

  it('drives every operation at peak and at half of it, without failed requests', () => {
    for (const operation of OPERATIONS) {
      for (const [server, figures] of Object.entries(run.operations[operation])) {
        const { peak, half } = figures!;
        expect(peak.requests, `${operation} ${server}`).toBeGreaterThan(0);
        expect(peak.rps).toBeGreaterThan(0);
        expect(peak.p99).toBeGreaterThan(0);
        expect(peak.p99).toBeGreaterThanOrEqual(peak.p50);
        expect(peak.errors + peak.non2xx + half.errors + half.non2xx).toBe(0);
        expect(half.rate).toBe(Math.max(1, Math.floor(peak.rps / 2)));
        // Open loop: every request due in the phase is sent, however slowly earlier ones came back.
        expect(half.requests).toBe(Math.max(1, Math.round(half.rate! * DURATION)));
        expect(half.sendLagMs).toBeGreaterThanOrEqual(0);
      }
      // Under load a key's lastUsedAt touch can add a read of the key now and then.
      const perRequest = run.operations[operation].ours!.peak.statementsPerRequest;
      expect(perRequest, operation).toBeGreaterThanOrEqual(WARM_STATEMENTS[operation]);
      expect(perRequest, operation).toBeLessThan(WARM_STATEMENTS[operation] + 0.5);
    }
  });

  it('prints a table and ends with one line of JSON holding the figures', () => {
    const lines = output.trimEnd().split('\n');
    expect(output).toContain('ours/baseline req/s');
    expect(output).toContain('SQL statements per facility page by page size');
    const json = JSON.parse(lines[lines.length - 1]) as ApiBenchSummary;
    expect(json.bench).toBe('api');
    expect(Object.keys(json.operations)).toEqual([...OPERATIONS]);
    for (const operation of OPERATIONS) {
      const o = json.operations[operation];
      expect(o.ours.rps).toBeGreaterThan(0);
      expect(o.ours.halfP99).toBeGreaterThan(0);
      expect(o.statements.ours).toBe(WARM_STATEMENTS[operation]);
      expect(json.targets.rpsRatio[operation].target).toBe(0.5);
      expect(json.targets.p99AtHalfPeakMs[operation].target).toBe(50);
      if (json.baselineSkipped) expect(o.rpsRatio).toBeNull();
      else expect(o.rpsRatio).toBeGreaterThan(0);
    }
    expect(json.runs).toHaveLength(1);
  });
});
