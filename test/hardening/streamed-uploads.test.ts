// An upload is written to disk as it arrives, not collected in memory first: while the request
// body is still arriving, what has been sent of the file is already in a file under
// DATA_DIR/imports/uploads. A parser that buffered the upload whole would write nothing before
// the body ended. The assertion is on bytes on disk, not on memory, so it holds on any machine.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFilesDir } from '../../src/imports/import-request.js';
import { uploadsDir } from '../../src/http/streamed-uploads.js';
import { ENDPOINT, startHardenedApi, type GraphQLBody, type HardenedApi } from './harness.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-streamed-uploads-'));
let api: HardenedApi;

beforeAll(async () => {
  api = await startHardenedApi({ env: { DATA_DIR: dataDir } });
});
afterAll(() => api?.close());

const IMPORT = 'mutation($file: File!) { importSources(input: { sources: [{ kind: equity_afya, file: $file }] }) { id } }';
const BOUNDARY = '----gvrc-streamed-upload-test';
const encoder = new TextEncoder();

/** A multipart body whose file part is sent in pieces, each when the test says so. */
function controlledUpload() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const send = (text: string | Uint8Array) => controller.enqueue(typeof text === 'string' ? encoder.encode(text) : text);
  send(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: IMPORT, variables: { file: null } })}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n${JSON.stringify({ 0: ['variables.file'] })}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="equity_afya.ndjson"\r\nContent-Type: application/x-ndjson\r\n\r\n`,
  );
  return {
    body,
    sendFileBytes: (bytes: Uint8Array) => send(bytes),
    end() {
      send(`\r\n--${BOUNDARY}--\r\n`);
      controller.close();
    },
  };
}

function fileBytes(lines: number, offset: number): Uint8Array {
  return encoder.encode(
    Array.from({ length: lines }, (_, i) => `${JSON.stringify({ branch_name: `Equity Afya Branch ${offset + i}`, branch_code: `EA-${offset + i}` })}\n`).join(''),
  );
}

/** The bytes in the uploads directory, all files together. */
function bytesOnDisk(): number {
  const dir = uploadsDir(dataDir);
  try {
    return readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
  } catch {
    return 0;
  }
}

describe('a multipart upload', () => {
  it('is on disk as it arrives, before the request has ended, and ends stored whole with its run', async () => {
    const first = fileBytes(5_000, 0);
    const second = fileBytes(5_000, 5_000);
    const upload = controlledUpload();
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      body: upload.body,
      duplex: 'half',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, accept: 'application/json', 'graphql-require-preflight': '1' },
    };
    const answered = api.yoga.fetch(ENDPOINT, init);

    upload.sendFileBytes(first);
    // The parser may hold back a boundary's length of the tail until it knows it is not the end.
    const expected = first.byteLength - 1_024;
    const deadline = Date.now() + 30_000;
    while (bytesOnDisk() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bytesOnDisk()).toBeGreaterThanOrEqual(expected);

    upload.sendFileBytes(second);
    upload.end();
    const response = await answered;
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors).toBeUndefined();
    const { id } = (body.data as { importSources: { id: string } }).importSources;

    const stored = readdirSync(runFilesDir(dataDir, id));
    expect(stored).toHaveLength(1);
    expect(readFileSync(path.join(runFilesDir(dataDir, id), stored[0]))).toEqual(Buffer.concat([first, second]));
    // Moved into the run, or deleted with the response: nothing stays behind.
    expect(readdirSync(uploadsDir(dataDir))).toEqual([]);
  }, 120_000);
});
