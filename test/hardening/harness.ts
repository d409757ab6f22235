// A Yoga instance as src/app.ts assembles it — operational endpoints, then the hardening
// plugins — over a database of the test file's own. The caller is an administrator, so that
// access rules never stand between a test and the limit it is about.
import { servicesFor } from '../../src/context.js';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { hardeningPlugins } from '../../src/http/hardening.js';
import { createMetrics } from '../../src/http/metrics.js';
import { useOperationalEndpoints } from '../../src/http/operational-endpoints.js';
import { createImportServices } from '../../src/runtime.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';
import type { Principal } from '../../src/security/principal.js';
import { createYoga } from '../../src/yoga.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

export const ADMIN: Principal = { kind: 'apiKey', keyId: 'k', name: 'test', role: 'ADMIN', via: 'apiKey' };

export const ENDPOINT = 'http://registry.test/graphql';

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface HardenedApi {
  config: Config;
  db: TestDatabase;
  yoga: ReturnType<typeof createYoga>;
  /** Every line logged, parsed. */
  logs: Record<string, unknown>[];
  /** A JSON POST, as every well-behaved client sends it. */
  post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ response: Response; body: GraphQLBody }>;
  close(): Promise<void>;
}

export async function startHardenedApi(options: { env?: Record<string, string>; now?: () => number; db?: TestDatabase } = {}): Promise<HardenedApi> {
  const db = options.db ?? (await createTestDatabase());
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  const cipher = createPersonalDataCipher(Buffer.alloc(32, 7));
  const { imports, queue } = createImportServices(config, db, logger, cipher, 'in-process');
  const services = servicesFor(imports, cipher);
  const yoga = createYoga({
    db,
    services,
    config,
    logger,
    principal: () => ADMIN,
    plugins: [useOperationalEndpoints({ db, metrics: createMetrics(db) }), ...hardeningPlugins(config, logger, options.now ? { now: options.now } : {})],
    // As src/app.ts: the hardening plugins are the only body limit.
    bodiesLimited: true,
  });

  async function post(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await yoga.fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { response, body: (await response.json()) as GraphQLBody };
  }

  return {
    config,
    db,
    yoga,
    logs,
    post,
    async close() {
      await queue.stop();
      if (!options.db) await db.close();
    },
  };
}

/** The one error of a refused request. */
export function onlyError(body: GraphQLBody): { message: string; extensions?: Record<string, unknown> } {
  if (body.errors?.length !== 1) throw new Error(`expected exactly one error, got ${JSON.stringify(body)}`);
  return body.errors[0];
}
