// GraphiQL as a developer opens it in a browser (issue 22, item 9): the headers panel already
// holds the x-api-key header with a note on where a key comes from, and the page's scripts and
// styles come from this service, not from a CDN, so it works without the internet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_PLACEHOLDER, graphiqlAssetsDir, GRAPHIQL_ASSETS_PATH } from '../../src/http/graphiql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ENDPOINT, startHardenedApi, type HardenedApi } from './harness.js';

let db: TestDatabase;
let api: HardenedApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startHardenedApi({ env: { NODE_ENV: 'development' }, db });
});
afterAll(async () => {
  await api?.close();
  await db?.close();
});

async function page(): Promise<string> {
  const response = await api.yoga.fetch(ENDPOINT, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The options the page hands to GraphiQL, as the browser reads them. */
function graphiqlOptionsOf(html: string): { headers: string; defaultQuery: string } {
  const call = /renderYogaGraphiQL\(root,(\{.*?\})\)\}\)<\/script>/.exec(html);
  expect(call, 'the page renders GraphiQL with options').not.toBeNull();
  return JSON.parse(call![1]);
}

describe('GraphiQL', () => {
  it('opens with the x-api-key header in the headers panel and a note on how to get a key', async () => {
    const options = graphiqlOptionsOf(await page());
    expect(JSON.parse(options.headers)).toEqual({ 'x-api-key': API_KEY_PLACEHOLDER });
    expect(options.defaultQuery).toContain('x-api-key');
    expect(options.defaultQuery).toContain('.data/admin-api-key');
    expect(options.defaultQuery).toContain('npm run apikey -- create --role ADMIN');
  });

  // The files come from the npm package @graphql-yoga/graphiql; without it the page falls back to
  // Yoga's CDN links (and logs a warning), which is what this test exists to rule out.
  it.skipIf(!graphiqlAssetsDir())('loads nothing from the internet: every script and style it names is served here', async () => {
    const html = await page();
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toContain('unpkg.com');
    const assets = [...new Set(html.match(new RegExp(`${GRAPHIQL_ASSETS_PATH}[^"'\\s>)]+`, 'g')) ?? [])];
    expect(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const response = await api.yoga.fetch(`http://registry.test${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toMatch(/javascript|css/);
    }
  });

  it.skipIf(!graphiqlAssetsDir())('serves no file outside the package', async () => {
    for (const name of ['%2e%2e/package.json', '%2e%2e%2f%2e%2e%2fpackage.json', 'nothing-here.js']) {
      expect((await api.yoga.fetch(`http://registry.test${GRAPHIQL_ASSETS_PATH}${name}`)).status, name).toBe(404);
    }
  });
});
