// The limits as the production app assembles them: `createApp` from src/app.ts, nothing rebuilt.
// The other files in this folder test each defence on a Yoga instance built like the app's; this
// one fails if the app stops installing them (e.g. `...hardeningPlugins(config, logger)` dropped
// from src/app.ts). Each refusal is paired with the same caller's ordinary request succeeding, so
// a refusal cannot come from a missing credential instead.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { issueApiKey } from '../../src/auth/api-keys.js';
import { LOCAL_ADMIN_KEY_FILE } from '../../src/auth/local-admin-key.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from '../support/database.js';

const ENDPOINT = 'http://registry.test/graphql';
const RATE_LIMIT_PER_MINUTE = 40;
const MAX_BODY_BYTES = 4_096;

let app: App;
let dataDir: string;
let adminKey: string;

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'gvrc-app-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    IMPORT_ON_FIRST_START: 'false',
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
    MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  });
  app = await createApp(config, pino({ level: 'silent' }), { db: await createTestDatabase() });
  // The app's own first-start key: the credential a developer would use.
  adminKey = (await readFile(path.join(dataDir, LOCAL_ADMIN_KEY_FILE), 'utf8')).trim();
});
afterAll(async () => {
  await app?.close();
  await app?.runtime.db.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function post(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return app.yoga.fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': adminKey, ...headers },
    body: JSON.stringify({ query }),
  });
}

async function codes(response: Response): Promise<unknown[]> {
  const body = (await response.json()) as Body;
  return (body.errors ?? []).map((e) => e.extensions?.code);
}

/** counties → constituencies → wards → constituency → county → …: `depth` fields deep. */
function geographyCycle(depth: number): string {
  const cycle = ['constituencies', 'wards', 'constituency', 'county'];
  let selection = 'code';
  for (let level = depth - 2; level >= 1; level--) selection = `${cycle[(level - 1) % cycle.length]} { ${selection} }`;
  return `{ counties { ${selection} } }`;
}

describe('the app as createApp builds it', () => {
  it('answers the first-start admin key', async () => {
    const response = await post('{ counties { code } }');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Body;
    expect(body.errors).toBeUndefined();
    expect(body.data?.counties).toHaveLength(47);
  });

  it('refuses a query nested deeper than MAX_QUERY_DEPTH, and runs the same shape shallower', async () => {
    // Shallow enough to stay within the cost limit too, which a full-depth cycle over 47 counties is not.
    const shallow = (await (await post(geographyCycle(4))).json()) as Body;
    expect(shallow.errors).toBeUndefined();
    const response = await post(geographyCycle(app.runtime.config.MAX_QUERY_DEPTH + 2));
    const body = (await response.json()) as Body;
    expect(body.data ?? undefined).toBeUndefined();
    expect(body.errors?.map((e) => e.extensions)).toContainEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const query = `{ __typename }${' '.repeat(MAX_BODY_BYTES)}`;
    const response = await post(query);
    expect(response.status).toBe(413);
    expect(await codes(response)).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
  });

  it('refuses a multipart request without a preflight header with 403, and accepts it with one', async () => {
    const multipart = (headers: Record<string, string>) => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: '{ __typename }' }));
      form.set('map', '{}');
      return app.yoga.fetch(ENDPOINT, { method: 'POST', body: form, headers: { 'x-api-key': adminKey, ...headers } });
    };
    const refused = await multipart({});
    expect(refused.status).toBe(403);
    expect(await codes(refused)).toEqual(['CSRF_PREFLIGHT_REQUIRED']);
    const accepted = await multipart({ 'graphql-require-preflight': '1' });
    expect(await codes(accepted)).toEqual([]);
    expect(accepted.status).toBe(200);
  });

  it('refuses a burst over RATE_LIMIT_PER_MINUTE with 429', async () => {
    // A key of its own, so the requests above do not count against this burst.
    const { key } = await issueApiKey(
      app.runtime.db.prisma,
      { name: 'burst', role: 'VIEWER' },
      { actor: 'test', actorRole: null, requestId: null },
    );
    // The budget refills continuously, so a slow machine may earn a request or two back mid-burst;
    // twice the budget within seconds still runs out.
    const statuses: number[] = [];
    while (statuses.length < 2 * RATE_LIMIT_PER_MINUTE && statuses.at(-1) !== 429) {
      statuses.push((await post('{ __typename }', { 'x-api-key': key })).status);
    }
    expect(statuses.slice(0, RATE_LIMIT_PER_MINUTE)).toEqual(Array(RATE_LIMIT_PER_MINUTE).fill(200));
    expect(statuses.at(-1)).toBe(429);
  });
});
