// What operators and load balancers call: liveness, readiness, metrics.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createMetrics } from '../../src/http/metrics.js';
import { useOperationalEndpoints } from '../../src/http/operational-endpoints.js';
import { createYoga } from '../../src/yoga.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startApi, TEST_ADMIN, type TestApi } from './harness.js';

let db: TestDatabase;
let yoga: ReturnType<typeof createYoga>;
let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  db = api.db;
  yoga = createYoga({
    db,
    services: api.services,
    config: loadConfig({ NODE_ENV: 'test' }),
    logger: pino({ level: 'silent' }),
    // Operations are counted whoever calls; the harness's caller keeps them successful.
    principal: () => TEST_ADMIN,
    plugins: [useOperationalEndpoints({ db, metrics: createMetrics(db) })],
  });
});
afterAll(() => api?.close());

describe('operational endpoints', () => {
  it('GET /health answers 200 while the process serves HTTP', async () => {
    expect((await yoga.fetch('http://registry.test/health')).status).toBe(200);
  });

  it('GET /ready answers 200 when the database is reachable and migrated', async () => {
    const response = await yoga.fetch('http://registry.test/ready');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.ready).toBe(true);
    expect(body.checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['database', 'ok'],
      ['migrations', 'ok'],
      ['disk', 'ok'],
      ['memory', 'ok'],
    ]);
  });

  it('GET /ready answers 503 while a migration is pending', async () => {
    await db.sql.query(`UPDATE _prisma_migrations SET finished_at = NULL`);
    try {
      const response = await yoga.fetch('http://registry.test/ready');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = await response.json();
      expect(body).toMatchObject({ ready: false, reason: 'migrations: migrations pending' });
      expect(body.checks.find((c: { name: string }) => c.name === 'migrations')).toMatchObject({ status: 'fail', details: { reason: 'migrations pending' } });
      expect(body.checks.find((c: { name: string }) => c.name === 'migrations').details.pending.length).toBeGreaterThan(0);
    } finally {
      await db.sql.query(`UPDATE _prisma_migrations SET finished_at = started_at`);
    }
  });

  it('GET /metrics counts operations by name and exposes the database pool, in Prometheus format', async () => {
    await yoga.fetch('http://registry.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query CountyNames { counties { name } }', operationName: 'CountyNames' }),
    });
    const response = await yoga.fetch('http://registry.test/metrics');
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text, text).toMatch(/gvrc_graphql_requests_total\{operation="CountyNames",outcome="ok"\} 1/);
    expect(text).toMatch(/gvrc_graphql_request_duration_seconds_bucket\{le="[\d.]+",operation="CountyNames"\}/);
    expect(text).toMatch(/gvrc_db_pool_connections\{database="(postgres|pglite)"\} \d+/);
  });

  it('echoes the request id, and takes the caller\'s when it is plausible', async () => {
    const response = await yoga.fetch('http://registry.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'partner-123' },
      body: JSON.stringify({ query: '{ counties { code } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('partner-123');
  });
});
