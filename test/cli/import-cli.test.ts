// npm run import: what an operator sees at the terminal, and the exit code scripts rely on.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/database.js';
import { samplesDir } from '../support/imports.js';

const run = promisify(execFile);
let db: TestDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-cli-'));
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

  it('a dry run says that nothing was loaded', async () => {
    const result = await cli('--dry-run', path.join(samplesDir, 'category_B.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('dry run: nothing was loaded');
  }, 120_000);
});
