// Two processes never open one embedded database (issue 22, item 6). Before the lock, the CLI run
// beside `npm start` opened its own copy of the PGlite directory: the key it printed was refused
// by the server and both were gone after a restart. Now the second process is refused with a
// message naming the holder and what to do, and a lock left by a killed process is taken over.
// Real processes throughout: the server as `npm start` runs it, the CLI as the operator runs it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_KEY_FILE } from '../../src/auth/local-admin-key.js';
import { DATABASE_IN_USE_EXIT_CODE, lockPathFor } from '../../src/db/embedded-lock.js';
import { samplesDir } from '../support/imports.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-lock-'));
const lockFile = lockPathFor(path.join(dataDir, 'pglite'));
const port = 20000 + Math.floor(Math.random() * 20000);
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  PORT: String(port),
  IMPORT_ON_FIRST_START: 'false',
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
};
delete env.DATABASE_URL;

function command(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: { ...env, ...extraEnv }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `npm start`, resolved once it says it is ready. */
function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 150_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('GVRC Registry is ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}

let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
});

describe('the embedded database is open to one process at a time', () => {
  it('while npm start runs, the CLI and a second server are refused with what to do, and the server is untouched', async () => {
    server = await startServer();
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; command: string };
    expect(holder.pid).toBe(server.pid);

    const [apikey, imported, secondServer, seed] = await Promise.all([
      command('src/cli/apikey.ts', ['create', '--role', 'VIEWER', '--name', 'while-running']),
      command('src/cli/import.ts', [path.join(samplesDir, 'kps_stations.json')]),
      command('src/server.ts', [], { PORT: String(port + 1) }),
      command('scripts/db-seed.ts', []),
    ]);
    for (const refused of [apikey, imported, secondServer, seed]) {
      expect(refused.code, refused.stderr).toBe(DATABASE_IN_USE_EXIT_CODE);
      expect(refused.stderr).toContain(`in use by process ${server.pid} (src/server.ts`);
      expect(refused.stderr).toContain(`kill ${server.pid}`);
      expect(refused.stderr).toMatch(/createApiKey.*importSources/);
      expect(refused.stdout).not.toMatch(/gvrc_|Import run/);
    }

    // The server still holds its lock and answers as before: nothing was written beside it.
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(server.pid);
    const adminKey = readFileSync(path.join(dataDir, LOCAL_ADMIN_KEY_FILE), 'utf8').trim();
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify({ query: '{ apiKeys { name } importRuns(first: 5) { edges { node { id } } } }' }),
    });
    const body = (await response.json()) as { data: { apiKeys: { name: string }[]; importRuns: { edges: unknown[] } } };
    expect(body.data.apiKeys.map((k) => k.name)).not.toContain('while-running');
    expect(body.data.importRuns.edges).toEqual([]);
  }, 240_000);

  it('a lock left by a killed server is taken over, and released when the command ends', async () => {
    const killed = server!;
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    killed.kill('SIGKILL');
    await exited;
    server = undefined;
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(killed.pid);

    const created = await command('src/cli/apikey.ts', ['create', '--role', 'VIEWER', '--name', 'after-crash', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'after-crash', role: 'VIEWER' });
    expect(existsSync(lockFile)).toBe(false);

    const listed = await command('src/cli/apikey.ts', ['list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((k) => k.name)).toContain('after-crash');
  }, 240_000);
});
