// Which web pages may read the API's answers: the origins in CORS_ORIGINS, none by default in
// production, and never with credentials. Yoga's default reflected any Origin with
// Access-Control-Allow-Credentials: true, so any site could read what a browser was allowed to.
import { afterEach, describe, expect, it } from 'vitest';
import { ENDPOINT, startHardenedApi, type HardenedApi } from './harness.js';

const PARTNER = 'https://partner.example';
const STRANGER = 'https://evil.example';

let api: HardenedApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** What a browser asks before a cross-site JSON POST with an API key. */
async function preflight(origin: string): Promise<Response> {
  return api!.yoga.fetch(ENDPOINT, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' },
  });
}

async function crossSitePost(origin: string): Promise<Response> {
  return (await api!.post('{ __typename }', undefined, { origin })).response;
}

describe('CORS', () => {
  it('in production without CORS_ORIGINS, grants no origin', async () => {
    api = await startHardenedApi({ env: { NODE_ENV: 'production' } });
    for (const response of [await preflight(STRANGER), await crossSitePost(STRANGER)]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('grants the origins in CORS_ORIGINS, without credentials, and no other', async () => {
    api = await startHardenedApi({ env: { NODE_ENV: 'production', CORS_ORIGINS: `${PARTNER}, https://maps.example:8443` } });
    for (const response of [await preflight(PARTNER), await crossSitePost(PARTNER)]) {
      expect(response.headers.get('access-control-allow-origin')).toBe(PARTNER);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    expect((await preflight(STRANGER)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await crossSitePost(STRANGER)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with CORS_ORIGINS=*, grants any origin, still without credentials', async () => {
    api = await startHardenedApi({ env: { NODE_ENV: 'production', CORS_ORIGINS: '*' } });
    const response = await preflight(STRANGER);
    expect(response.headers.get('access-control-allow-origin')).toBe(STRANGER);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
