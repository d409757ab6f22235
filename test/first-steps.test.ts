// What `npm start` tells an operator to do before the registry is useful: on PostgreSQL's first
// start there is no API key and no data, and nothing said so (issue 22, item 10). The server is
// started as a real process; the advice goes once the key and the data exist.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../src/auth/api-keys.js';
import { firstSteps } from '../src/auth/first-steps.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from './support/database.js';
import { runImport, sampleSources } from './support/imports.js';

const root = path.resolve(import.meta.dirname, '..');
let db: TestDatabase;
let databaseUrl: string | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  if (testServerUrl()) {
    const url = new URL(testServerUrl()!);
    url.pathname = `/${(await db.sql.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d}`;
    databaseUrl = url.toString();
  }
}, 120_000);
afterAll(() => db?.close());

/** What `npm start` prints until it is ready; the server is stopped then. */
function startUpOutput(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start:\n${output}`));
    }, 150_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('GVRC Registry is ready')) return;
      clearTimeout(timer);
      child.once('exit', () => resolve(output));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => code !== 0 && code !== null && reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}

describe('the first start says what to run', () => {
  it('npm start on a database without keys or data prints the commands that make it useful', async () => {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gvrc-first-steps-')),
      HOST: '127.0.0.1',
      PORT: String(20000 + Math.floor(Math.random() * 20000)),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      IMPORT_ON_FIRST_START: 'false',
    };
    delete env.DATABASE_URL;
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    const output = await startUpOutput(env);
    expect(output).toContain('npm run import -- data/samples/*.json');
    if (databaseUrl) {
      // PostgreSQL: no key is made for anyone, so the first one is the operator's to make.
      expect(output).toContain('npm run apikey -- create --role ADMIN --name ops');
      expect(output).toContain('with the same DATABASE_URL');
    } else {
      // The embedded database made its local admin key, and the CLI must wait for the server to stop.
      expect(output).not.toContain('npm run apikey');
      expect(output).toContain('after stopping this server');
    }
  }, 240_000);

  it('says nothing once a key and a delivery exist', async () => {
    expect(await firstSteps({}, db)).toHaveLength(2);
    await issueApiKey(db.prisma, { name: 'ops', role: 'ADMIN' }, { actor: 'test', actorRole: null, requestId: null });
    expect(await firstSteps({}, db)).toHaveLength(1);
    await runImport(db, sampleSources());
    expect(await firstSteps({}, db)).toEqual([]);
  }, 120_000);
});
