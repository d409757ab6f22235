// Stored copies of imported files, encrypted at rest: what goes in comes out, and nothing
// tampered with, cut short or under an unknown key is ever released.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personalDataKeyId } from '../../src/security/personal-data-cipher.js';
import { createStoredFileCipher } from '../../src/security/stored-file-cipher.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-files-'));
const key = randomBytes(32);
const files = createStoredFileCipher(key);
let n = 0;

async function store(content: Buffer, cipher = files, chunk = 10_000): Promise<string> {
  const file = path.join(dir, `f${n++}`);
  const parts: Buffer[] = [];
  for (let i = 0; i < content.length; i += chunk) parts.push(content.subarray(i, i + chunk));
  await pipeline(Readable.from(parts), cipher.writer(file));
  return file;
}

async function read(file: string, cipher = files): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of cipher.reader(file)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('stored file encryption', () => {
  it('reads back exactly what was written, whatever its size and however it was chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1, 65_535, 65_536, 65_537, 131_072, 200_001), fc.integer({ min: 1, max: 100_000 }), async (size, chunk) => {
        const content = randomBytes(size);
        const file = await store(content, files, chunk);
        expect((await read(file)).equals(content)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps no plaintext on disk and names the key it was written under', async () => {
    const text = Buffer.from(JSON.stringify({ officer_in_charge: 'Inspector Achieng Otieno', phone: '+254722000111' }).repeat(100));
    const file = await store(text);
    const onDisk = readFileSync(file);
    expect(onDisk.includes('Achieng')).toBe(false);
    expect(onDisk.includes('254722000111')).toBe(false);
    expect(await files.inspect(file)).toEqual({ encrypted: true, keyId: personalDataKeyId(key) });
  });

  it('refuses a file with any byte changed', async () => {
    const file = await store(randomBytes(150_000));
    const bytes = readFileSync(file);
    for (const at of [30, 100_000, bytes.length - 3]) {
      const tampered = Buffer.from(bytes);
      tampered[at]! ^= 0x01;
      writeFileSync(file, tampered);
      await expect(read(file)).rejects.toThrow(/does not open|damaged/);
    }
  });

  it('refuses a file cut short, even exactly at a segment boundary', async () => {
    const content = randomBytes(200_000);
    const file = await store(content);
    const bytes = readFileSync(file);
    const header = 7 + 8 + 7;
    const segment = 4 + 65_536 + 16;
    for (const length of [header + segment, header + 2 * segment, bytes.length - 1]) {
      writeFileSync(file, bytes.subarray(0, length));
      await expect(read(file)).rejects.toThrow(/truncated|does not open/);
    }
  });

  it('opens a file of a previous key during a rotation, and names the key it lacks otherwise', async () => {
    const old = randomBytes(32);
    const file = await store(Buffer.from('written under the old key'), createStoredFileCipher(old));
    const rotating = createStoredFileCipher(randomBytes(32), [old]);
    expect((await read(file, rotating)).toString()).toBe('written under the old key');
    await expect(read(file, createStoredFileCipher(randomBytes(32)))).rejects.toThrow(`encrypted under personal-data key id ${personalDataKeyId(old)}, which this process does not have`);
  });

  it('reads files stored before encryption as they are', async () => {
    const file = path.join(dir, 'plain.json');
    for (const content of ['', '[]', '{"stations": [{"station_name": "Kilimani"}]}']) {
      writeFileSync(file, content);
      expect((await read(file)).toString()).toBe(content);
      expect(await files.inspect(file)).toEqual({ encrypted: false });
    }
  });
});
