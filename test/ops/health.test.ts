// /health, /ready and /metrics of the app as `npm start` builds it, and of `npm run worker`:
// what a load balancer, Prometheus and an operator read.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { runImport, sampleSources } from '../support/imports.js';

let db: TestDatabase;
let app: App;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-health-'));

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', IMPORT_ON_FIRST_START: 'false', CHANGE_FEED_CACHE: 'false', IMPORT_STUCK_AFTER_MIN: '30' }), pino({ level: 'silent' }), { db });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const get = (p: string) => app.yoga.fetch(`http://registry.test${p}`);

describe('readiness', () => {
  it('lists each check with its status and details', async () => {
    const response = await get('/ready');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.ready).toBe(true);
    const checks = Object.fromEntries(body.checks.map((c: { name: string }) => [c.name, c]));
    expect(checks.database).toMatchObject({ status: 'ok', details: { kind: db.kind } });
    expect(checks.disk.details.freeMb).toBeGreaterThan(0);
    expect(checks.disk.details.minFreeMb).toBe(512);
    expect(checks.memory.details.heapLimitMb).toBeGreaterThan(checks.memory.details.heapUsedMb);
    expect(body.pipeline).toBeUndefined();
  });

  it('fails with a reason when the data directory has less free disk than MIN_FREE_DISK_MB', async () => {
    const db2 = await createTestDatabase();
    const tight = await createApp(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', IMPORT_ON_FIRST_START: 'false', CHANGE_FEED_CACHE: 'false', MIN_FREE_DISK_MB: String(Number.MAX_SAFE_INTEGER) }),
      pino({ level: 'silent' }),
      { db: db2 },
    );
    try {
      const response = await tight.yoga.fetch('http://registry.test/ready');
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.reason).toMatch(/^disk: \d+ MB free on the data directory's disk, below MIN_FREE_DISK_MB/);
      // The liveness probe does not depend on it: the process is alive, just not ready.
      expect((await tight.yoga.fetch('http://registry.test/health')).status).toBe(200);
    } finally {
      await tight.close();
      await db2.close();
    }
  });

  it('?full adds the pipeline: queue, its oldest run, runs stuck RUNNING, the last success per source kind, the processes executing imports', async () => {
    await runImport(db, sampleSources().filter((s) => s.fileName === 'kps_stations.json'));
    const queued = await db.prisma.importRun.create({ data: { status: 'QUEUED', createdAt: new Date(Date.now() - 10 * 60_000) } });
    const stuck = await db.prisma.importRun.create({ data: { status: 'RUNNING', startedAt: new Date(Date.now() - 45 * 60_000), attempts: 1 } });
    try {
      const response = await get('/ready?full');
      const body = await response.json();
      expect(response.status).toBe(503);
      expect(body.reason).toBe('pipeline: 1 import run(s) RUNNING for more than 30 minutes');
      expect(body.pipeline.queued).toBe(1);
      expect(body.pipeline.oldestQueued.runId).toBe(queued.id);
      expect(body.pipeline.oldestQueued.ageSeconds).toBeGreaterThanOrEqual(599);
      expect(body.pipeline.stuckRuns).toEqual([{ runId: stuck.id, runningSeconds: expect.any(Number), attempts: 1 }]);
      expect(body.pipeline.stuckRuns[0].runningSeconds).toBeGreaterThanOrEqual(45 * 60 - 1);
      expect(body.pipeline.lastSuccessByKind).toEqual([{ kind: 'kps_stations', finishedAt: expect.stringMatching(/Z$/), ageSeconds: expect.any(Number) }]);
      expect(body.pipeline.lastSuccessByKind[0].ageSeconds).toBeLessThan(120);
      // Who executes imports: on the embedded database this API process; on PostgreSQL the
      // processes connected as importers (this test's connections are not named; see the worker test).
      expect(body.pipeline.workers).toEqual(db.kind === 'pglite' ? [expect.stringMatching(/^gvrc-importer\/api\//)] : []);
    } finally {
      await db.prisma.importRun.deleteMany({ where: { id: { in: [queued.id, stuck.id] } } });
    }
  });
});

describe('metrics', () => {
  it('counts the records and issues of the imports this process executed, run durations, the queue and data quality', async () => {
    const regional = sampleSources().find((s) => s.fileName === 'regional.json')!;
    const { id } = await app.runtime.imports.request({ sources: [regional], triggeredBy: 'test' });
    await waitFor(async () => !['QUEUED', 'RUNNING'].includes((await db.prisma.importRun.findUniqueOrThrow({ where: { id } })).status));
    const run = await db.prisma.importRun.findUniqueOrThrow({ where: { id } });
    // The run is counted just after it is recorded as finished.
    let text = '';
    await waitFor(async () => (text = await (await get('/metrics')).text()).includes('gvrc_import_runs_total{'));
    expect(text).toContain(`gvrc_import_runs_total{status="${run.status}"} 1`);
    expect(text).toContain(`gvrc_import_run_duration_seconds_count{status="${run.status}"} 1`);
    // Every outcome and issue code of the run, with the database's own counts.
    const outcomes = await db.prisma.sourceRecord.groupBy({ by: ['outcome'], where: { importRunId: id }, _count: true });
    expect(outcomes.reduce((n, o) => n + o._count, 0)).toBe(50);
    for (const o of outcomes) expect(text).toContain(`gvrc_import_records_total{kind="regional",outcome="${o.outcome}"} ${o._count}`);
    const issues = await db.prisma.recordIssue.groupBy({ by: ['code', 'severity'], where: { importRunId: id }, _count: true });
    expect(issues.length).toBeGreaterThan(0);
    for (const i of issues) expect(text).toContain(`gvrc_import_issues_total{code="${i.code}",severity="${i.severity}"} ${i._count}`);
    expect(text).toMatch(/gvrc_import_queue_depth\{status="QUEUED"\} 0/);
    expect(text).toMatch(/gvrc_registry_quality_score 0\.\d+/);
    // Everything was delivered minutes ago: no county has facilities unverified for a year.
    expect(text).toMatch(/gvrc_registry_unverified_share\{county="047"\} 0\n/);
    expect(text).toMatch(/gvrc_import_last_success_timestamp_seconds\{kind="regional"\} \d+/);

    // The shipped alert rules and dashboard name only metrics the service exports.
    const exported = new Set([...text.matchAll(/^# TYPE (\w+) (\w+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!])));
    for (const doc of ['docs/ops/alerts.yml', 'docs/ops/grafana-dashboard.json']) {
      const named = new Set([...readFileSync(doc, 'utf8').matchAll(/\b(gvrc_[a-z_]+)/g)].map((m) => m[1]!));
      expect(named.size, doc).toBeGreaterThan(5);
      for (const name of named) expect(exported.has(name), `${doc} names ${name}`).toBe(true);
    }
  });
});

async function waitFor(done: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!testServerUrl())('npm run worker with WORKER_METRICS_PORT', () => {
  it('serves /metrics, /health and /ready, and connects as an importer that /ready?full lists', async () => {
    const name = (await db.sql.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
    const url = new URL(testServerUrl()!);
    url.pathname = `/${name}`;
    const port = 40_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      // The key the test imports encrypted named persons with (test/support/imports.ts).
      env: { ...process.env, DATABASE_URL: url.toString(), DATA_DIR: dataDir, WORKER_METRICS_PORT: String(port), LOG_LEVEL: 'info', HOST: '127.0.0.1', PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('hex') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 60_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('import worker started')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/gvrc_import_queue_depth\{status="QUEUED"\} \d+/);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      const ready = await (await fetch(`http://127.0.0.1:${port}/ready?full`)).json();
      expect(ready.checks.find((c: { name: string }) => c.name === 'database').status).toBe('ok');
      expect(ready.pipeline.workers.some((w: string) => w.startsWith('gvrc-importer/worker/'))).toBe(true);
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  }, 120_000);
});
