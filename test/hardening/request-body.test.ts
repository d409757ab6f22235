// What a request may carry: bodies within MAX_BODY_BYTES (JSON) or MAX_UPLOAD_BYTES (multipart),
// refused with 413 before they are buffered; uploads of JSON or NDJSON files only; well-formed
// JSON; and, for what a browser could send cross-site, a preflight header (CSRF).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT, onlyError, startHardenedApi, type GraphQLBody, type HardenedApi } from './harness.js';

const MAX_BODY_BYTES = 4_096;
const MAX_UPLOAD_BYTES = 16_384;
let api: HardenedApi;

beforeAll(async () => {
  api = await startHardenedApi({ env: { NODE_ENV: 'production', MAX_BODY_BYTES: String(MAX_BODY_BYTES), MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) } });
});
afterAll(() => api?.close());

const IMPORT = 'mutation($file: File!) { importSources(input: { sources: [{ file: $file }] }) { id } }';

/** A GraphQL multipart request (the spec Yoga implements) carrying `file` as `$file`. */
async function upload(file: File, headers: Record<string, string> = { 'graphql-require-preflight': '1' }): Promise<Response> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: IMPORT, variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file);
  return api.yoga.fetch(ENDPOINT, { method: 'POST', body: form, headers });
}

/** A body that never ends, and how much of it was read: only a limit applied while reading stops it. */
function endlessBody(prefix: string) {
  const encoder = new TextEncoder();
  let served = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = encoder.encode(served === 0 ? prefix : ' '.repeat(1_024));
      served += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, served: () => served };
}

async function refusal(response: Response) {
  return onlyError((await response.json()) as GraphQLBody);
}

describe('request bodies', () => {
  it('an oversized body is refused with 413 on its declared Content-Length, before it is read', async () => {
    const { stream, served } = endlessBody('{"query": "{ __typename }", "padding": "');
    const response = await api.yoga.fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(10 * MAX_BODY_BYTES) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await refusal(response)).toEqual({ message: 'Request body too large.', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
    expect(served()).toBeLessThan(MAX_BODY_BYTES);
  });

  it('an oversized body without Content-Length is refused with 413 once the limit is read', async () => {
    const { stream, served } = endlessBody('{"query": "{ __typename }", "padding": "');
    const response = await api.yoga.fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await refusal(response)).extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(served()).toBeLessThan(MAX_BODY_BYTES + 4 * 1_024);
  });

  it('a body within the limit is served', async () => {
    const { response, body } = await api.post(`{ __typename }${' '.repeat(MAX_BODY_BYTES / 2)}`);
    expect(response.status).toBe(200);
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });

  it('a Content-Length that is not one number is refused with 400', async () => {
    for (const declared of ['12, 12', '-1', 'ten']) {
      const response = await api.yoga.fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': declared },
        body: '{"query": "{ __typename }"}',
      });
      expect(response.status, declared).toBe(400);
      expect(await refusal(response), declared).toEqual({ message: 'Content-Length header is invalid.', extensions: { code: 'BAD_REQUEST' } });
    }
  });

  it('a malformed JSON body is answered 400 with a GraphQL error', async () => {
    const response = await api.yoga.fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"' });
    expect(response.status).toBe(400);
    expect(await refusal(response)).toMatchObject({ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } });
  });
});

describe('request bodies over node:http', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer(api.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Writes `head` and `body` as they are on one connection and returns everything answered. */
  function raw(head: string, body: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(`${head}\r\n\r\n${body}`));
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  const post = (headers: string[]) => ['POST /graphql HTTP/1.1', 'host: registry.test', 'content-type: application/json', 'connection: close', ...headers].join('\r\n');

  it('a body within its declared Content-Length is served', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const answer = await raw(post([`content-length: ${Buffer.byteLength(body)}`]), body);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('{"data":{"__typename":"Query"}}');
  });

  it('bytes past the declared Content-Length never reach the body: they are read as the next request', async () => {
    const query = JSON.stringify({ query: '{ __typename }' });
    const length = `content-length: ${Buffer.byteLength(query)}`;
    const first = ['POST /graphql HTTP/1.1', 'host: registry.test', 'content-type: application/json', length].join('\r\n');
    // The second request sits where a longer body would continue.
    const answer = await raw(first, `${query}${post([length])}\r\n\r\n${query}`);
    expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    expect(answer.match(/\{"data":\{"__typename":"Query"\}\}/g)).toHaveLength(2);
  });

  it('an oversized chunked body is counted as it is read and refused with 413', async () => {
    const chunk = ' '.repeat(1_024);
    const chunks = Array.from({ length: 8 }, () => `${(1_024).toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await raw(post(['transfer-encoding: chunked']), `${'{"query": "{ __typename }", "p": "'.length.toString(16)}\r\n{"query": "{ __typename }", "p": "\r\n${chunks}0\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('REQUEST_ENTITY_TOO_LARGE');
  });

  it('a declared Content-Length over the limit is refused with 413 before the body is read', async () => {
    const answer = await raw(post([`content-length: ${10 * MAX_BODY_BYTES}`]), '{"query": "');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });
});

describe('uploads', () => {
  it('an oversized upload is refused with 413', async () => {
    const response = await upload(new File(['['.padEnd(MAX_UPLOAD_BYTES, ' ') + ']'], 'category_A.json', { type: 'application/json' }));
    expect(response.status).toBe(413);
    expect((await refusal(response)).extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it.each([
    ['an image', 'photo.png', 'image/png'],
    ['an archive named like JSON', 'category_A.json', 'application/zip'],
    ['a program declared as text', 'category_A.exe', 'text/plain'],
  ])('a non-JSON upload (%s) is refused with 415 before anything is stored', async (_what, name, type) => {
    const before = await api.db.prisma.importRun.count();
    const response = await upload(new File(['[]'], name, { type }));
    expect(response.status).toBe(415);
    const error = await refusal(response);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('only JSON or NDJSON files');
    expect(await api.db.prisma.importRun.count()).toBe(before);
  });

  it.each([
    ['application/json', 'category_A.json'],
    ['application/x-ndjson', 'category_A.ndjson'],
    ['no declared type', 'category_A.jsonl'],
  ])('a JSON upload (%s) within the limit is accepted', async (type, name) => {
    const response = await upload(new File(['[]'], name, { type: type === 'no declared type' ? '' : type }));
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors).toBeUndefined();
    expect(body.data?.importSources).toMatchObject({ id: expect.any(String) });
  });
});

describe('CSRF', () => {
  it('a multipart request without a preflight header is refused with 403', async () => {
    const before = await api.db.prisma.importRun.count();
    const response = await upload(new File(['[]'], 'category_A.json', { type: 'application/json' }), {});
    expect(response.status).toBe(403);
    const error = await refusal(response);
    expect(error.extensions?.code).toBe('CSRF_PREFLIGHT_REQUIRED');
    expect(error.message).toContain('graphql-require-preflight');
    expect(await api.db.prisma.importRun.count()).toBe(before);
  });

  it('a form or plain-text POST without a preflight header is refused', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
      ['text/plain', '{"query":"{ __typename }"}'],
    ]) {
      const response = await api.yoga.fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': type }, body });
      expect(response.status, type).toBe(403);
    }
  });

  it('a GET query needs a preflight header; a JSON POST does not', async () => {
    const get = (headers: Record<string, string>) => api.yoga.fetch(`${ENDPOINT}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', ...headers } });
    expect((await get({})).status).toBe(403);
    expect(await (await get({ 'x-graphql-yoga-csrf': '1' })).json()).toEqual({ data: { __typename: 'Query' } });
    expect((await api.post('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });
});
