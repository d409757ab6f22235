// API keys: issued by an ADMIN (through the API or `npm run apikey`), the secret shown once and
// stored only as a hash, usable at once, refused from the request after revocation. On the
// embedded database's first start a local ADMIN key is made once — never in production.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAdminKeyOnFirstStart, LOCAL_ADMIN_KEY_FILE } from '../../src/auth/local-admin-key.js';
import { loadConfig } from '../../src/config.js';
import { hashApiKey } from '../../src/security/api-key-secret.js';
import { codes, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

const root = path.resolve(import.meta.dirname, '../..');
let world: SecurityApi;
let admin: Caller;

beforeAll(async () => {
  world = await startSecurityApi({ samples: false });
  admin = await userCaller('ADMIN');
});
afterAll(() => world?.close());

type Created = { createApiKey: { key: string; apiKey: { id: string; name: string; role: string; countyCode: string | null; prefix: string } } };

describe('through the API', () => {
  it('createApiKey shows the secret once; apiKeys lists the key without it', async () => {
    const created = await world.call<Created>(admin, 'mutation { createApiKey(input: { name: "partner:lvct", role: PARTNER, countyCode: "047" }) { key apiKey { id name role countyCode prefix } } }');
    expect(created.errors).toEqual([]);
    const { key, apiKey } = created.data!.createApiKey;
    expect(key).toMatch(/^gvrc_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'partner:lvct', role: 'PARTNER', countyCode: '047', prefix: key.slice(0, 12) });
    const row = await world.api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(hashApiKey(key));

    const listed = await world.call<{ apiKeys: { id: string }[] }>(admin, '{ apiKeys { id name role countyCode prefix createdBy createdAt lastUsedAt revokedAt } }');
    expect(listed.data!.apiKeys.map((k) => k.id)).toContain(apiKey.id);
    expect(listed.text).not.toContain(key);
    expect(listed.text).not.toContain(row.keyHash);
  });

  it('the new key works at once, with its role and county scope', async () => {
    const created = await world.call<Created>(admin, 'mutation { createApiKey(input: { name: "analyst", role: DATA_ANALYST, countyCode: "001" }) { key apiKey { id } } }');
    const caller: Caller = { label: 'new key', headers: { 'x-api-key': created.data!.createApiKey.key } };
    expect((await world.call(caller, '{ qualityReport { facilities } }')).errors).toEqual([]);
    expect(codes(await world.call(caller, '{ qualityReport(countyCode: "047") { facilities } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await world.call(caller, '{ apiKeys { id } }'))).toEqual(['FORBIDDEN']);
  });

  it('revokeApiKey refuses the key from the next request on; revoking again changes nothing', async () => {
    const created = await world.call<Created>(admin, 'mutation { createApiKey(input: { name: "short-lived", role: VIEWER }) { key apiKey { id } } }');
    const caller: Caller = { label: 'short-lived', headers: { 'x-api-key': created.data!.createApiKey.key } };
    expect((await world.call(caller, '{ counties { code } }')).errors).toEqual([]);
    const revoked = await world.call<{ revokeApiKey: { revokedAt: string } }>(admin, `mutation { revokeApiKey(id: "${created.data!.createApiKey.apiKey.id}") { revokedAt } }`);
    const refused = await world.call(caller, '{ counties { code } }');
    expect(refused.status).toBe(401);
    expect(refused.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'invalid_api_key' });
    const again = await world.call<{ revokeApiKey: { revokedAt: string } }>(admin, `mutation { revokeApiKey(id: "${created.data!.createApiKey.apiKey.id}") { revokedAt } }`);
    expect(again.data!.revokeApiKey.revokedAt).toBe(revoked.data!.revokeApiKey.revokedAt);
    const listed = await world.call<{ apiKeys: { id: string }[] }>(admin, '{ apiKeys { id } }');
    expect(listed.data!.apiKeys.map((k) => k.id)).not.toContain(created.data!.createApiKey.apiKey.id);
  });

  it('refuses bad input as BAD_USER_INPUT: an empty name, an unknown county, a malformed id', async () => {
    expect(codes(await world.call(admin, 'mutation { createApiKey(input: { name: " ", role: VIEWER }) { key } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await world.call(admin, 'mutation { createApiKey(input: { name: "x", role: VIEWER, countyCode: "999" }) { key } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await world.call(admin, 'mutation { revokeApiKey(id: "../../etc") { id } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await world.call(admin, 'mutation { revokeApiKey(id: "00000000-0000-4000-8000-000000000000") { id } }'))).toEqual(['NOT_FOUND']);
  });
});

describe('npm run apikey', () => {
  const run = (args: string[], dataDir: string) =>
    promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/apikey.ts', ...args], {
      cwd: root,
      // The default log level: a fresh DATA_DIR logs a warning (a new personal-data key), which
      // must not end up among the JSON on stdout.
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development', LOG_LEVEL: '' },
    });

  it('create --json prints one JSON object { id, name, role, key }; list shows it without the secret; revoke revokes it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-apikey-cli-'));
    const created = await run(['create', '--role', 'ADMIN', '--name', 'ops', '--json'], dataDir);
    const printed = JSON.parse(created.stdout) as Record<string, string>;
    expect(Object.keys(printed).sort()).toEqual(['id', 'key', 'name', 'role']);
    expect(printed).toMatchObject({ name: 'ops', role: 'ADMIN' });
    expect(printed.key).toMatch(/^gvrc_/);

    const listed = await run(['list', '--json'], dataDir);
    const keys = JSON.parse(listed.stdout) as { id: string; prefix: string }[];
    expect(keys.map((k) => k.id)).toEqual([printed.id]);
    expect(listed.stdout).not.toContain(printed.key);

    const revoked = await run(['revoke', printed.id], dataDir);
    expect(revoked.stdout).toContain('Revoked');
    expect(JSON.parse((await run(['list', '--json'], dataDir)).stdout)).toEqual([]);
  }, 120_000);

  it('refuses an unknown role with a usage error', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-apikey-cli-'));
    const failed = await run(['create', '--role', 'ROOT', '--name', 'x'], dataDir).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('--role');
  }, 120_000);
});

describe('the first start of the embedded database', () => {
  const silent = () => undefined;

  it('creates a local ADMIN key once, prints it, and keeps it in DATA_DIR/admin-api-key (mode 0600)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-first-start-'));
    const fresh = await startSecurityApi({ samples: false });
    try {
      const printed: string[] = [];
      const config = loadConfig({ DATA_DIR: dataDir });
      const made = await createLocalAdminKeyOnFirstStart(config, fresh.api.db, (line) => printed.push(line));
      expect(made).toBeDefined();
      const file = path.join(dataDir, LOCAL_ADMIN_KEY_FILE);
      expect(readFileSync(file, 'utf8').trim()).toBe(made!.key);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(printed.join('\n')).toContain(made!.key);
      const caller: Caller = { label: 'local admin', headers: { 'x-api-key': made!.key } };
      expect((await fresh.call(caller, '{ apiKeys { name role } }')).data).toEqual({ apiKeys: [{ name: 'local-admin (first start)', role: 'ADMIN' }] });
      // A second start finds a key and makes none.
      expect(await createLocalAdminKeyOnFirstStart(config, fresh.api.db, silent)).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });

  it('never in production, and never against a real PostgreSQL server', async () => {
    const fresh = await startSecurityApi({ samples: false });
    try {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-first-start-'));
      const production = { ...loadConfig({ DATA_DIR: dataDir }), production: true };
      expect(await createLocalAdminKeyOnFirstStart(production, fresh.api.db, silent)).toBeUndefined();
      const server = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgresql://localhost/registry' });
      expect(await createLocalAdminKeyOnFirstStart(server, fresh.api.db, silent)).toBeUndefined();
      expect(await fresh.api.db.prisma.apiKey.count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
