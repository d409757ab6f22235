// What the API tells a stranger about itself: in production no introspection and no GraphiQL,
// unless configuration turns them on; outside production both, for developers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ENDPOINT, startHardenedApi } from './harness.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

/** The answer to an introspection query under `env`. */
async function introspect(env: Record<string, string>) {
  const api = await startHardenedApi({ env, db });
  try {
    return (await api.post('{ __schema { queryType { name } } }')).body;
  } finally {
    await api.close();
  }
}

/** What a browser opening the endpoint gets under `env`. */
async function openInBrowser(env: Record<string, string>) {
  const api = await startHardenedApi({ env, db });
  try {
    const response = await api.yoga.fetch(ENDPOINT, { headers: { accept: 'text/html' } });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  } finally {
    await api.close();
  }
}

describe('introspection', () => {
  it('is off in production', async () => {
    const body = await introspect({ NODE_ENV: 'production' });
    expect(body.data ?? undefined).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('introspection has been disabled'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('is on in production when INTROSPECTION=true', async () => {
    expect(await introspect({ NODE_ENV: 'production', INTROSPECTION: 'true' })).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('is on outside production', async () => {
    expect(await introspect({ NODE_ENV: 'development' })).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('leaves __typename alone in production', async () => {
    const api = await startHardenedApi({ env: { NODE_ENV: 'production' }, db });
    try {
      expect((await api.post('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await api.close();
    }
  });
});

describe('GraphiQL', () => {
  it('is off in production', async () => {
    const page = await openInBrowser({ NODE_ENV: 'production' });
    expect(page.contentType).not.toContain('text/html');
    expect(page.body).not.toMatch(/graphiql/i);
  });

  it('is on in production when GRAPHIQL=true, and outside production', async () => {
    const settings: Record<string, string>[] = [{ NODE_ENV: 'production', GRAPHIQL: 'true' }, { NODE_ENV: 'development' }];
    for (const env of settings) {
      const page = await openInBrowser(env);
      expect(page.status).toBe(200);
      expect(page.contentType).toContain('text/html');
      expect(page.body).toMatch(/graphiql/i);
    }
  });
});
