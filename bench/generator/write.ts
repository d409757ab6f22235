// Streaming writers. A 200,000-record delivery is ~100 MB, so nothing builds a file as one
// string: records go out as they are rendered, through a small buffer that honours the
// stream's back-pressure.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

// Flush in 256 KB chunks into a 1 MB stream buffer: writes then rarely report back-pressure,
// so disk I/O overlaps rendering instead of stalling it at every chunk.
const FLUSH_AT = 1 << 18;
const STREAM_BUFFER = 1 << 20;

export class BufferedWriter {
  private readonly stream: WriteStream;
  private chunks: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: STREAM_BUFFER });
  }

  /** Queues text; resolves at once unless the buffer was flushed into a full stream. */
  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const chunk = this.chunks.join('');
    this.chunks = [];
    this.pending = 0;
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** One level of nesting in a JSON file: `{"county": ..., "sub_counties": [ ... ]}`. */
export interface JsonLevel {
  header: string;
  children: string;
}

/** How a file kind nests its records, per SOURCES.md. */
export interface JsonShape {
  /** Everything before the outermost array, e.g. `{"network":"Equity Afya","facilities":`. */
  prefix: string;
  /** JSON Pointer of the outermost array (`/facilities`, or `` for a top-level array). */
  root: string;
  levels: readonly JsonLevel[];
  suffix: string;
}

export interface RecordSink {
  /**
   * Writes one record and returns where it sits: a JSON Pointer or a 1-based line number.
   * `groupKeys` identify the enclosing groups (one per level; a change opens a new group) and
   * `headers` are those groups' header values as the file spells them.
   */
  add(value: unknown, groupKeys: readonly string[], headers: readonly string[]): Promise<string>;
  close(): Promise<number>;
}

/** A nested JSON document written record by record, one record per line. */
export class JsonSink implements RecordSink {
  private readonly out: BufferedWriter;
  private readonly keys: Array<string | undefined> = [];
  /** Count of groups opened so far at each level (within the current parent group). */
  private readonly counts: number[];
  private leaf = 0;
  private started = false;

  constructor(
    path: string,
    private readonly shape: JsonShape,
  ) {
    this.out = new BufferedWriter(path);
    this.counts = shape.levels.map(() => 0);
  }

  async add(value: unknown, groupKeys: readonly string[], headers: readonly string[]): Promise<string> {
    const { levels } = this.shape;
    if (!this.started) {
      this.started = true;
      await this.out.write(`${this.shape.prefix}[`);
    }
    let from = levels.length;
    for (let l = 0; l < levels.length; l++) {
      if (this.keys[l] !== groupKeys[l]) {
        from = l;
        break;
      }
    }
    if (from < levels.length) {
      // Close the groups that end here (deepest first), then open the new ones.
      for (let l = levels.length - 1; l >= from; l--) if (this.keys[l] !== undefined) await this.out.write(']}');
      for (let l = from; l < levels.length; l++) {
        const level = levels[l];
        await this.out.write(
          `${this.counts[l] > 0 ? ',' : ''}\n{${JSON.stringify(level.header)}:${JSON.stringify(headers[l])},${JSON.stringify(level.children)}:[`,
        );
        this.counts[l]++;
        this.keys[l] = groupKeys[l];
        for (let d = l + 1; d < levels.length; d++) {
          this.counts[d] = 0;
          this.keys[d] = undefined;
        }
      }
      this.leaf = 0;
    }
    await this.out.write(`${this.leaf > 0 ? ',' : ''}\n${JSON.stringify(value)}`);
    let pointer = this.shape.root;
    for (let l = 0; l < levels.length; l++) pointer += `/${this.counts[l] - 1}/${levels[l].children}`;
    pointer += `/${this.leaf}`;
    this.leaf++;
    return pointer;
  }

  async close(): Promise<number> {
    if (!this.started) await this.out.write(`${this.shape.prefix}[`);
    for (let l = this.shape.levels.length - 1; l >= 0; l--) if (this.keys[l] !== undefined) await this.out.write(']}');
    await this.out.write(`\n]${this.shape.suffix}\n`);
    await this.out.close();
    return this.out.bytes;
  }
}

/** NDJSON: one record per line, the enclosing groups' fields repeated in front of it. */
export class NdjsonSink implements RecordSink {
  private readonly out: BufferedWriter;
  private line = 0;

  constructor(
    path: string,
    /** Field names for the headers, per level (`county`, `sub_county`), plus fixed fields. */
    private readonly parentFields: readonly string[],
    private readonly fixed: Readonly<Record<string, unknown>>,
  ) {
    this.out = new BufferedWriter(path);
  }

  async add(value: unknown, _groupKeys: readonly string[], headers: readonly string[]): Promise<string> {
    let line: unknown = value;
    // A record of the wrong type (a string) stays what it is: there is no object to extend.
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const parent: Record<string, unknown> = { ...this.fixed };
      this.parentFields.forEach((field, i) => (parent[field] = headers[i]));
      line = { ...parent, ...value };
    }
    this.line++;
    await this.out.write(`${JSON.stringify(line)}\n`);
    return String(this.line);
  }

  async close(): Promise<number> {
    await this.out.close();
    return this.out.bytes;
  }
}
