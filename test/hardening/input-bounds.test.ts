// Arguments that used to cost the server a great deal, or fail deep inside it, are refused up
// front as BAD_USER_INPUT naming the argument: a search of thousands of words, an instant
// JavaScript can hold but the database cannot, an import path longer than any file system allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS } from '../../src/facilities/query.js';
import { onlyError, startHardenedApi, type HardenedApi } from './harness.js';

let api: HardenedApi;

beforeAll(async () => {
  api = await startHardenedApi();
});
afterAll(() => api?.close());

const SEARCH = 'query($search: String) { facilities(first: 5, filter: { search: $search }) { totalCount } }';
const SINCE = 'query($since: DateTime) { facilities(first: 5, filter: { updatedSince: $since }) { totalCount } }';
const IMPORT_PATH = 'mutation($path: String!) { importSources(input: { sources: [{ kind: equity_afya, path: $path }] }) { id } }';

/** `count` distinct words, as a caller trying to cost the server might send them. */
function words(count: number): string {
  return Array.from({ length: count }, (_, i) => `w${i.toString(36)}`).join(' ');
}

describe('a name search', () => {
  it('of as many words as the bound allows is answered', async () => {
    const { body } = await api.post(SEARCH, { search: words(MAX_SEARCH_WORDS) });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ facilities: { totalCount: 0 } });
  });

  it('of more words is refused as BAD_USER_INPUT on filter.search, before any SQL', async () => {
    const { body } = await api.post(SEARCH, { search: words(MAX_SEARCH_WORDS + 1) });
    expect(onlyError(body).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.search' });
    expect(onlyError(body).message).toContain(`${MAX_SEARCH_WORDS} words`);
  });

  it('of 20,000 words is refused the same way, for its length', async () => {
    const search = words(20_000);
    expect(search.length).toBeGreaterThan(MAX_SEARCH_LENGTH);
    const { body } = await api.post(SEARCH, { search });
    expect(onlyError(body).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.search' });
    expect(onlyError(body).message).toContain(`${MAX_SEARCH_LENGTH} characters`);
  });

  it('repeating one word counts it once, as the search itself does', async () => {
    const { body } = await api.post(SEARCH, { search: Array(MAX_SEARCH_WORDS * 2).fill('nairobi').join(' ') });
    expect(body.errors).toBeUndefined();
  });
});

describe('updatedSince', () => {
  it('in year 275760 (the largest instant JavaScript holds) is BAD_USER_INPUT, not an internal error', async () => {
    const { body } = await api.post(SINCE, { since: '+275760-09-13T00:00:00.000Z' });
    expect(onlyError(body).extensions?.code).toBe('BAD_USER_INPUT');
    expect(onlyError(body).message).toContain('0001 to 9999');
  });

  it('written into the query as a literal is refused the same way', async () => {
    const { body } = await api.post('{ facilities(first: 1, filter: { updatedSince: "+275760-09-13T00:00:00.000Z" }) { totalCount } }');
    expect(onlyError(body).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('in year 9999 is an ordinary instant', async () => {
    const { body } = await api.post(SINCE, { since: '9999-12-31T23:59:59.999Z' });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ facilities: { totalCount: 0 } });
  });
});

describe('an import path', () => {
  it('of 5,000 characters is BAD_USER_INPUT on its path, not an internal error', async () => {
    const { body } = await api.post(IMPORT_PATH, { path: `${'a'.repeat(4_995)}.json` });
    expect(onlyError(body).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.sources.0.path' });
  });

  it('with one name longer than a file system allows is refused the same way', async () => {
    const { body } = await api.post(IMPORT_PATH, { path: `deliveries/${'b'.repeat(300)}.json` });
    expect(onlyError(body).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.sources.0.path' });
  });
});
