// The API as partners reach it: typed operations sent through `yoga.fetch` to a Yoga instance
// over a database of the test file's own. Log lines are kept so tests can read what was logged.
//
// Who calls: by default a national ADMIN, because the tests under test/api are about what the API
// does (filters, pages, imports, merges), and an ADMIN may do and see all of it, confidential
// locations included. Access control — each role, county scopes, refusals — is tested under
// test/security-api, which passes `authenticate: true` so that, as in production, the principal
// is built from each request's headers (Authorization: Bearer / x-api-key) by src/auth.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import type { ChangeFeed } from '../../src/db/change-feed.js';
import type { Database } from '../../src/db/database.js';
import { createMetrics } from '../../src/http/metrics.js';
import { useOperationalEndpoints } from '../../src/http/operational-endpoints.js';
import type { Principal } from '../../src/security/principal.js';
import { servicesFor, type Services } from '../../src/context.js';
import type { createInProcessQueue } from '../../src/jobs/in-process-queue.js';
import { createImportServices } from '../../src/runtime.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';
import { openSharedReads } from '../../src/shared-reads.js';
import { createYoga } from '../../src/yoga.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
  response: Response;
}

export interface TestApi {
  db: TestDatabase;
  config: Config;
  /** Every line logged, parsed. */
  logs: Record<string, unknown>[];
  send<T, V>(document: TypedDocumentNode<T, V>, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** The data of a request that must succeed; fails the test with the errors otherwise. */
  data<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<T>;
  /** The errors of a request that must fail. */
  errors<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLFormattedError[]>;
  services: Services;
  yoga: ReturnType<typeof createYoga>;
  /** The change feed, when `changeFeedCaches` was asked for. */
  feed?: ChangeFeed;
  /** Resolves when every import queued so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Who test/api's requests come from unless a test says otherwise. */
export const TEST_ADMIN: Principal = Object.freeze({ kind: 'user', subject: 'test-admin', role: 'ADMIN', via: 'jwt' });

export interface StartApiOptions {
  env?: Record<string, string>;
  /** Every request is made by this caller (default: TEST_ADMIN). */
  principal?: Principal;
  /** Authenticate each request from its headers, as the app does; `principal` is then ignored. */
  authenticate?: boolean;
  /** Serve /ready and /metrics as the app does. */
  operationalEndpoints?: boolean;
  /** Keep area counts, county trees and API keys until the database reports a change, as the app does. */
  changeFeedCaches?: boolean;
  /** Yoga plugins run where the app's own (hardening, operational endpoints) run: before ours. */
  plugins?: Plugin[];
  /** Serve this database instead of a new one of the test's own (it is left open on close). */
  database?: Database;
  /** The key its personal data was written with (default: the test key, 32 bytes of 7). */
  personalDataKey?: Buffer;
}

export async function startApi(options: StartApiOptions = {}): Promise<TestApi> {
  const db: TestDatabase = options.database
    ? Object.assign(Object.create(options.database) as Database, { queries: [], statements: [], close: async () => {} })
    : await createTestDatabase({ captureQueries: true });
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  const principal = options.principal ?? TEST_ADMIN;
  const cipher = createPersonalDataCipher(options.personalDataKey ?? Buffer.alloc(32, 7));
  const { imports, queue } = createImportServices(config, db, logger, cipher, 'in-process');
  await queue.startWorking();
  const services = servicesFor(imports, cipher);
  const { feed, shared } = options.changeFeedCaches
    ? await openSharedReads(db, { retryMs: { min: 50, max: 200 } })
    : { feed: undefined, shared: {} };
  const yoga = createYoga({
    db,
    services,
    config,
    logger,
    shared,
    principal: options.authenticate ? createAuthenticator({ config, db, logger, apiKeys: shared.apiKeys }) : () => principal,
    plugins: [...(options.operationalEndpoints ? [useOperationalEndpoints({ db, metrics: createMetrics(db, shared) })] : []), ...(options.plugins ?? [])],
  });

  async function send<T, V>(document: TypedDocumentNode<T, V>, variables?: V, headers: Record<string, string> = {}) {
    const response = await yoga.fetch('http://registry.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.clone().json()) as { data?: T | null; errors?: GraphQLFormattedError[] };
    return { ...body, response };
  }

  return {
    db,
    config,
    logs,
    send,
    async data(document, variables) {
      const { data, errors } = await send(document, variables);
      if (errors?.length || !data) throw new Error(`expected data, got errors: ${JSON.stringify(errors, null, 2)}`);
      return data;
    },
    async errors(document, variables) {
      const { errors } = await send(document, variables);
      if (!errors?.length) throw new Error('expected errors, got none');
      return errors;
    },
    services,
    yoga,
    idle: () => (queue as ReturnType<typeof createInProcessQueue>).idle(),
    feed,
    async close() {
      await feed?.close();
      await queue.stop();
      await db.close();
    },
  };
}

/** Statements with their parameter lists collapsed, so page size and parameter numbering drop out. */
export function normaliseSql(statement: string): string {
  return statement
    .replace(/\s+/g, ' ')
    .replace(/\$\d+(?:\s*,\s*\$\d+)*/g, '$n')
    .trim();
}
