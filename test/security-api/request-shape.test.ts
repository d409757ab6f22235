// Requests shaped to slip past the API: import paths that climb out of the import directory, and
// bodies that are not the JSON they claim to be. Each is refused with a 4xx or BAD_USER_INPUT,
// reveals nothing of the host, and runs nothing.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

const importDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-sec-import-'));
const outside = mkdtempSync(path.join(os.tmpdir(), 'gvrc-sec-outside-'));
let world: SecurityApi;
let admin: Caller;

beforeAll(async () => {
  writeFileSync(path.join(outside, 'kps_stations.json'), '{"service":"x","commands":[]}');
  mkdirSync(path.join(importDir, 'deliveries'));
  symlinkSync(outside, path.join(importDir, 'deliveries', 'elsewhere'));
  symlinkSync(path.join(outside, 'kps_stations.json'), path.join(importDir, 'kps_stations.json'));
  world = await startSecurityApi({ samples: false, env: { IMPORT_DIR: importDir } });
  admin = await userCaller('ADMIN');
});
afterAll(() => world?.close());

const IMPORT = 'mutation ($path: String!) { importSources(input: { sources: [{ kind: kps_stations, path: $path }] }) { id } }';

describe('traversal paths', () => {
  it.each([
    ['a parent-directory climb', '../../../../etc/passwd'],
    ['a climb hidden mid-path', 'deliveries/../../etc/passwd'],
    ['an absolute path', '/etc/passwd'],
    ['a Windows drive path', 'C:\\Windows\\win.ini'],
    ['a UNC path', '\\\\server\\share\\kps_stations.json'],
    ['a NUL byte', 'kps_stations.json\u0000.png'],
    ['a symlinked directory leading outside', 'deliveries/elsewhere/kps_stations.json'],
    ['a symlinked file leading outside', 'kps_stations.json'],
  ])('%s is refused as BAD_USER_INPUT, naming neither the import directory nor the target', async (_label, requested) => {
    const before = await world.api.db.prisma.importRun.count();
    const answer = await world.call(admin, IMPORT, { path: requested });
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.text).not.toContain(importDir);
    expect(answer.text).not.toContain(outside);
    expect(answer.text).not.toContain('root:');
    expect(await world.api.db.prisma.importRun.count()).toBe(before);
  });

  it('a caller who may not import is refused before the path is even looked at', async () => {
    const viewer = await world.keyCaller('VIEWER');
    const existing = await world.call(viewer, IMPORT, { path: 'kps_stations.json' });
    const climbing = await world.call(viewer, IMPORT, { path: '../../../../etc/passwd' });
    expect(codes(existing)).toEqual(['FORBIDDEN']);
    expect(existing.errors).toEqual(climbing.errors);
  });
});

describe('malformed JSON bodies', () => {
  async function post(body: BodyInit, contentType = 'application/json') {
    const response = await world.api.yoga.fetch('http://registry.test/graphql', {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json', ...admin.headers },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  it.each([
    ['a truncated body', '{"query": "{ counties { code } }"'],
    ['a body that is not JSON', 'query { counties { code } }'],
    ['JSON null', 'null'],
    ['a JSON string', '"{ counties { code } }"'],
    ['a query that is not a string', '{"query": 42}'],
    ['variables that are not an object', '{"query": "{ counties { code } }", "variables": "x"}'],
    ['an empty body', ''],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ])('%s is refused with a 4xx and no data', async (_label, body) => {
    const { status, text } = await post(body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(text).not.toContain('"data":{');
    expect(text).not.toMatch(/at [\w.]+ \(|node_modules|\.ts:\d+/);
  });

  it('a mutation sent as GET is refused, and runs nothing', async () => {
    const before = await world.api.db.prisma.apiKey.count();
    const response = await world.api.yoga.fetch(
      `http://registry.test/graphql?query=${encodeURIComponent('mutation { createApiKey(input: { name: "via-get", role: ADMIN }) { key } }')}`,
      { method: 'GET', headers: { accept: 'application/json', ...admin.headers } },
    );
    expect(response.status).toBe(405);
    expect(await world.api.db.prisma.apiKey.count()).toBe(before);
  });
});
