// npm run import: what an operator sees at the terminal, and the exit code scripts rely on.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { samplesDir } from '../support/imports.js';

const run = promisify(execFile);
let db: TestDatabase | undefined;
let env: Record<string, string>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-cli-'));
  env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } as Record<string, string>;
  delete env.DATABASE_URL;
  if (testServerUrl()) {
    db = await createTestDatabase();
    const name = (await db.sql.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
    const url = new URL(testServerUrl()!);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
}, 120_000);
afterAll(() => db?.close());

/** Rows the CLI's database holds, read from it directly (the embedded one once the CLI has exited). */
async function rowCounts(): Promise<Record<string, number>> {
  const database = db ?? (await openDatabase({ dataDir: path.join(dataDir, 'pglite') }));
  try {
    const counted = await database.sql.query<{ facilities: number; records: number; runs: number }>(
      `SELECT (SELECT count(*)::int FROM "Facility") AS facilities, (SELECT count(*)::int FROM "SourceRecord") AS records,
              (SELECT count(*)::int FROM "ImportRun") AS runs`,
    );
    return { ...counted.rows[0] };
  } finally {
    if (!db) await database.close();
  }
}

async function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], { env, timeout: 120_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe('npm run import', () => {
  it('imports files, prints a summary table per source, and exits 0', async () => {
    const result = await cli(path.join(samplesDir, 'kps_stations.json'), path.join(samplesDir, 'equity_afya.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Import run [0-9a-f-]+: SUCCEEDED/);
    expect(result.stdout).toContain('kps_stations.json');
    expect(result.stdout).toContain('equity_afya.json');
  }, 120_000);

  it('exits non-zero when a source failed, and says why', async () => {
    const broken = path.join(mkdtempSync(path.join(os.tmpdir(), 'gvrc-cli-broken-')), 'regional.json');
    writeFileSync(broken, '{"regions": [ {"county": "Nairobi", ');
    const result = await cli(broken);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED');
  }, 120_000);

  it('exits non-zero when a file is of another kind than its name or --kind says, naming the kind it looks like', async () => {
    const misnamed = path.join(mkdtempSync(path.join(os.tmpdir(), 'gvrc-cli-kind-')), 'regional-2025-09.json');
    copyFileSync(path.join(samplesDir, 'kps_stations.json'), misnamed);
    for (const args of [[misnamed], ['--kind', 'equity_afya', path.join(samplesDir, 'kps_stations.json')]]) {
      const result = await cli(...args);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('FAILED');
      expect(result.stdout).toContain('looks like kps_stations');
    }
  }, 240_000);

  it('a dry run says that nothing was loaded, and leaves facilities and records as they were', async () => {
    // Something loaded first, so "unchanged" is not just "still empty".
    expect((await cli(path.join(samplesDir, 'kps_stations.json'))).code).toBe(0);
    const before = await rowCounts();
    expect(before.facilities).toBeGreaterThan(0);
    const result = await cli('--dry-run', path.join(samplesDir, 'category_B.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('dry run: nothing was loaded');
    const after = await rowCounts();
    expect({ facilities: after.facilities, records: after.records }).toEqual({ facilities: before.facilities, records: before.records });
  }, 240_000);

  it('--kind reads a file whose name says no kind as that kind; without it the file is refused', async () => {
    const unnamed = path.join(mkdtempSync(path.join(os.tmpdir(), 'gvrc-cli-kind-')), 'delivery.json');
    writeFileSync(unnamed, readFileSync(path.join(samplesDir, 'equity_afya.json')));
    const without = await cli(unnamed);
    expect(without.code).not.toBe(0);
    const before = await rowCounts();
    const result = await cli('--kind', 'equity_afya', unnamed);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Import run [0-9a-f-]+: SUCCEEDED/);
    expect(result.stdout).toContain('equity_afya');
    expect((await rowCounts()).records).toBeGreaterThan(before.records);
  }, 240_000);
});
