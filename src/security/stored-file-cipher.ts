// Stored copies of imported files hold officers' names and personal phones. They are kept
// encrypted under a key derived from the personal-data key, in segments that are each
// authenticated before a byte of them is released: a reader streams a 200 MB file in constant
// memory and still never acts on tampered or truncated content.
//
// Layout: "GVRCF1\n" | key id (8 bytes) | nonce prefix (7 bytes) | segments…
// segment: plaintext length (u32 BE) | ciphertext | GCM tag (16 bytes)
// nonce: prefix (7) | segment index (u32 BE) | 1 on the last segment, else 0
// The last-segment flag in the nonce makes a file cut at a segment boundary fail to open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { personalDataKeyId } from './personal-data-cipher.js';

const MAGIC = Buffer.from('GVRCF1\n', 'latin1');
const KEY_ID_BYTES = 8;
const PREFIX_BYTES = 7;
const HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + PREFIX_BYTES;
const TAG_BYTES = 16;
const SEGMENT_BYTES = 64 * 1024;
const INFO = 'gvrc/stored-files/v1';

export class StoredFileError extends Error {
  override readonly name = 'StoredFileError';
}

export interface StoredFileCipher {
  /** Encrypts what is written to it into `target`. */
  writer(target: string): Writable;
  /** The plaintext of a stored file, encrypted or (written before encryption) plain. */
  reader(file: string): Readable;
  /** Whether the file is in the encrypted layout, and under which key id. */
  inspect(file: string): Promise<{ encrypted: false } | { encrypted: true; keyId: string }>;
  /** The id of the key new files are written under. */
  keyId: string;
}

interface FileKey {
  id: string;
  key: Buffer;
}

function fileKey(personalDataKey: Buffer): FileKey {
  return {
    id: personalDataKeyId(personalDataKey),
    key: Buffer.from(hkdfSync('sha256', personalDataKey, Buffer.alloc(0), INFO, 32)),
  };
}

function nonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, PREFIX_BYTES);
  n[11] = last ? 1 : 0;
  return n;
}

/**
 * `current` encrypts new files; `previous` keys (during a rotation) still open old ones. A file
 * under a key that is neither is refused with the key id it needs.
 */
export function createStoredFileCipher(current: Buffer, previous: Buffer[] = []): StoredFileCipher {
  const writing = fileKey(current);
  const keys = new Map([writing, ...previous.map(fileKey)].map((k) => [k.id, k.key]));

  return {
    keyId: writing.id,
    writer(target) {
      const encrypt = new EncryptSegments(writing);
      const written = pipeline(encrypt, createWriteStream(target, { mode: 0o600 }));
      // What the caller writes to: it finishes only once the file is complete and closed, so a
      // run recorded after it can never read a file still being written.
      return new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (encrypt.write(chunk)) done();
          else encrypt.once('drain', () => done());
        },
        final(done) {
          encrypt.end();
          written.then(() => done(), done);
        },
        destroy(error, done) {
          encrypt.destroy(error ?? undefined);
          written.catch(() => {});
          done(error);
        },
      });
    },
    reader(file) {
      const source = createReadStream(file);
      const decrypt = new DecryptSegments(keys);
      source.on('error', (error) => decrypt.destroy(error));
      return source.pipe(decrypt);
    },
    async inspect(file) {
      const handle = await open(file, 'r');
      try {
        const header = Buffer.alloc(HEADER_BYTES);
        const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
        if (bytesRead < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) return { encrypted: false };
        return { encrypted: true, keyId: header.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).toString('hex') };
      } finally {
        await handle.close();
      }
    },
  };
}

class EncryptSegments extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private readonly prefix = randomBytes(PREFIX_BYTES);

  constructor(private readonly key: FileKey) {
    super();
    this.push(Buffer.concat([MAGIC, Buffer.from(key.id, 'hex'), this.prefix]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // A full segment is written only once more bytes follow: the last one must carry the flag.
    while (this.pendingBytes > SEGMENT_BYTES) {
      const all = Buffer.concat(this.pending);
      this.seal(all.subarray(0, SEGMENT_BYTES), false);
      const rest = all.subarray(SEGMENT_BYTES);
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.seal(Buffer.concat(this.pending), true);
    done();
  }

  private seal(plain: Buffer, last: boolean): void {
    const cipher = createCipheriv('aes-256-gcm', this.key.key, nonce(this.prefix, this.index++, last), { authTagLength: TAG_BYTES });
    const length = Buffer.alloc(4);
    length.writeUInt32BE(plain.length);
    cipher.setAAD(length);
    this.push(Buffer.concat([length, cipher.update(plain), cipher.final(), cipher.getAuthTag()]));
  }
}

class DecryptSegments extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private mode: 'header' | 'plain' | 'segments' = 'header';
  private key?: Buffer;
  private prefix?: Buffer;
  private index = 0;
  private sawLast = false;

  constructor(private readonly keys: Map<string, Buffer>) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.mode === 'plain') return done(null, chunk);
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    try {
      this.drain(false);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.mode === 'header') {
        // Shorter than a header: a plain file (possibly empty).
        this.push(this.buffer);
      } else if (this.mode === 'segments') {
        this.drain(true);
        if (!this.sawLast || this.buffer.length) throw new StoredFileError('stored file is truncated or damaged');
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private drain(ending: boolean): void {
    if (this.mode === 'header') {
      if (this.buffer.length < HEADER_BYTES && !ending) {
        if (MAGIC.subarray(0, Math.min(this.buffer.length, MAGIC.length)).equals(this.buffer.subarray(0, MAGIC.length))) return;
      }
      if (this.buffer.length < HEADER_BYTES || !this.buffer.subarray(0, MAGIC.length).equals(MAGIC)) {
        // Written before stored files were encrypted: passed through as it is.
        this.mode = 'plain';
        this.push(this.buffer);
        this.buffer = Buffer.alloc(0);
        return;
      }
      const id = this.buffer.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).toString('hex');
      this.key = this.keys.get(id);
      if (!this.key) throw new StoredFileError(`stored file is encrypted under personal-data key id ${id}, which this process does not have`);
      this.prefix = Buffer.from(this.buffer.subarray(MAGIC.length + KEY_ID_BYTES, HEADER_BYTES));
      this.buffer = this.buffer.subarray(HEADER_BYTES);
      this.mode = 'segments';
    }
    for (;;) {
      if (this.buffer.length < 4) return;
      const length = this.buffer.readUInt32BE(0);
      if (length > SEGMENT_BYTES) throw new StoredFileError('stored file is damaged (segment length)');
      const total = 4 + length + TAG_BYTES;
      if (this.buffer.length < total) return;
      if (this.sawLast) throw new StoredFileError('stored file has bytes after its last segment');
      // A full segment followed by more bytes cannot be the last; the end of the file decides.
      const last = this.buffer.length === total && ending ? true : length < SEGMENT_BYTES;
      const plain = this.open(this.buffer.subarray(0, total), length, last) ?? (last ? null : this.open(this.buffer.subarray(0, total), length, true));
      if (!plain) throw new StoredFileError('stored file does not open: tampered with, truncated, or under another key');
      this.push(plain.data);
      this.sawLast = plain.last;
      this.index += 1;
      this.buffer = this.buffer.subarray(total);
    }
  }

  private open(segment: Buffer, length: number, last: boolean): { data: Buffer; last: boolean } | null {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key!, nonce(this.prefix!, this.index, last), { authTagLength: TAG_BYTES });
      decipher.setAAD(segment.subarray(0, 4));
      decipher.setAuthTag(segment.subarray(4 + length));
      return { data: Buffer.concat([decipher.update(segment.subarray(4, 4 + length)), decipher.final()]), last };
    } catch {
      return null;
    }
  }
}
