// The backup file: one gzip stream holding a header line, a JSON manifest line and the entries'
// bytes one after the other. The manifest names every entry with its length and SHA-256, so a
// truncated or altered file is refused before anything is restored (gzip's own CRC catches most
// damage first). A format of our own rather than tar: three fields per entry is all we need, and
// no archive package has to be trusted with paths.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

export const BACKUP_MAGIC = 'GVRC-BACKUP 1';

export interface BackupEntry {
  /** A relative path with forward slashes: `database.pgdump`, `files/imports/runs/<id>/a.ndjson`. */
  name: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** Which engine the database entry comes from, and so how it is restored. */
  database: { kind: 'postgres' | 'pglite'; entry: string; serverVersion: string };
  /** Migrations applied in the backed-up database, oldest first. */
  migrations: string[];
  rowCounts: Record<string, number>;
  /** Which personal-data key opens the backup's encrypted fields (a keyed digest, never the key). */
  personalDataKeyFingerprint: string | null;
  entries: BackupEntry[];
}

export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError';
}

/** A file to put into the archive under `name`. */
export interface EntrySource {
  name: string;
  file: string;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Writes the archive to `target` (through a temporary name, so a crash never leaves a file that
 * looks complete). Entries are hashed first: the manifest, which comes first, must carry them.
 */
export async function writeArchive(
  target: string,
  manifest: Omit<BackupManifest, 'entries'>,
  sources: EntrySource[],
): Promise<BackupManifest> {
  const entries: BackupEntry[] = [];
  for (const source of sources) {
    const info = await stat(source.file);
    entries.push({ name: source.name, bytes: info.size, sha256: await sha256OfFile(source.file) });
  }
  const full: BackupManifest = { ...manifest, entries };
  const temporary = `${target}.partial`;
  await mkdir(path.dirname(target), { recursive: true });
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, createWriteStream(temporary, { mode: 0o600 }));
  const write = (chunk: Buffer | string) =>
    new Promise<void>((resolve, reject) => gzip.write(chunk, (error) => (error ? reject(error) : resolve())));
  try {
    await write(`${BACKUP_MAGIC}\n${JSON.stringify(full)}\n`);
    for (const source of sources) {
      for await (const chunk of createReadStream(source.file)) await write(chunk as Buffer);
    }
    gzip.end();
    await written;
    await rename(temporary, target);
  } catch (error) {
    gzip.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  return full;
}

/**
 * Reads and checks the whole archive, writing each entry under `outDir` (created). Throws a
 * BackupFormatError naming what is wrong: not a backup, truncated, or an entry whose checksum
 * does not match. Only a file that passes every check yields a manifest.
 */
export async function extractArchive(file: string, outDir: string): Promise<BackupManifest> {
  await mkdir(outDir, { recursive: true });
  const reader = new EntryReader(outDir);
  try {
    await pipeline(createReadStream(file), createGunzip(), reader);
  } catch (error) {
    if (error instanceof BackupFormatError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || /unexpected end/i.test(String((error as Error).message))) {
      throw new BackupFormatError(`${path.basename(file)} is damaged or truncated (${(error as Error).message})`);
    }
    throw error;
  }
  return reader.finish(path.basename(file));
}

/** Reads only the manifest, without checking the entries (listing backups, version checks). */
export async function readManifest(file: string): Promise<BackupManifest> {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  let text = '';
  try {
    for await (const chunk of source.pipe(gunzip)) {
      text += (chunk as Buffer).toString('utf8');
      const lines = text.split('\n');
      if (lines.length >= 3) return parseHeader(lines[0]!, lines[1]!, path.basename(file));
      if (text.length > 64 * 1024 * 1024) break;
    }
  } catch (error) {
    throw new BackupFormatError(`${path.basename(file)} is not a readable backup (${(error as Error).message})`);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  throw new BackupFormatError(`${path.basename(file)} ends before its manifest`);
}

function parseHeader(magic: string, json: string, label: string): BackupManifest {
  if (magic !== BACKUP_MAGIC) throw new BackupFormatError(`${label} is not a GVRC backup`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(json) as BackupManifest;
  } catch {
    throw new BackupFormatError(`${label} has an unreadable manifest`);
  }
  if (manifest.format !== 1 || !Array.isArray(manifest.entries)) throw new BackupFormatError(`${label} has a manifest of an unknown format`);
  for (const entry of manifest.entries) {
    const parts = entry.name.split('/');
    if (path.isAbsolute(entry.name) || parts.some((p) => p === '..' || p === '' || p === '.')) {
      throw new BackupFormatError(`${label} names an entry outside the backup: ${JSON.stringify(entry.name)}`);
    }
  }
  return manifest;
}

/** A writable that splits the decompressed stream into header, manifest and entry files. */
class EntryReader extends Writable {
  private header = Buffer.alloc(0);
  private manifest?: BackupManifest;
  private index = 0;
  private remaining = 0;
  private current?: { out: PassThrough; hash: ReturnType<typeof createHash>; done: Promise<void>; entry: BackupEntry };
  private label = 'backup';

  constructor(private readonly outDir: string) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.consume(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.closeCurrent().then(() => callback(), callback);
  }

  private async consume(chunk: Buffer): Promise<void> {
    let rest = chunk;
    if (!this.manifest) {
      this.header = Buffer.concat([this.header, rest]);
      const first = this.header.indexOf(0x0a);
      if (first === -1) return this.guardHeader();
      if (this.header.subarray(0, first).toString('utf8') !== BACKUP_MAGIC) throw new BackupFormatError('not a GVRC backup');
      const second = this.header.indexOf(0x0a, first + 1);
      if (second === -1) return this.guardHeader();
      this.manifest = parseHeader(BACKUP_MAGIC, this.header.subarray(first + 1, second).toString('utf8'), this.label);
      rest = this.header.subarray(second + 1);
      this.header = Buffer.alloc(0);
      await this.openNext();
    }
    while (rest.length) {
      if (!this.current) throw new BackupFormatError('holds more bytes than its manifest lists');
      const take = Math.min(rest.length, this.remaining);
      const part = rest.subarray(0, take);
      this.current.hash.update(part);
      if (!this.current.out.write(part)) await new Promise((resolve) => this.current!.out.once('drain', resolve));
      this.remaining -= take;
      rest = rest.subarray(take);
      if (this.remaining === 0) {
        await this.closeCurrent();
        await this.openNext();
      }
    }
  }

  private guardHeader(): void {
    if (this.header.length > 64 * 1024 * 1024) throw new BackupFormatError('has no manifest');
  }

  private async openNext(): Promise<void> {
    const entries = this.manifest!.entries;
    while (this.index < entries.length) {
      const entry = entries[this.index++]!;
      const target = path.join(this.outDir, ...entry.name.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      const out = new PassThrough();
      const done = pipeline(out, createWriteStream(target, { mode: 0o600 }));
      this.current = { out, hash: createHash('sha256'), done, entry };
      this.remaining = entry.bytes;
      if (entry.bytes > 0) return;
      await this.closeCurrent();
    }
  }

  private async closeCurrent(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.out.end();
    await current.done;
    if (this.remaining !== 0) throw new BackupFormatError(`is truncated inside ${current.entry.name}`);
    if (current.hash.digest('hex') !== current.entry.sha256) {
      throw new BackupFormatError(`entry ${current.entry.name} does not match its checksum`);
    }
  }

  finish(label: string): BackupManifest {
    if (!this.manifest) throw new BackupFormatError(`${label} ends before its manifest`);
    if (this.current || this.index < this.manifest.entries.length) throw new BackupFormatError(`${label} is truncated`);
    return this.manifest;
  }
}
