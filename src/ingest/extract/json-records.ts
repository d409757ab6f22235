// Records of a JSON delivery, one at a time, each with its JSON Pointer and inherited parent
// fields. Only the record being read is ever assembled in memory: the rest of the document goes
// by as tokens, and subtrees off the path to the records are skipped.
import Assembler from 'stream-json/assembler.js';
import type { SourceAdapter } from './adapters.js';
import { jsonTokens, type JsonToken } from './json-tokens.js';
import { SourceParseError } from './source-parse-error.js';
import type { SourceInput } from './text-chunks.js';

export interface ExtractedRecord {
  pointer: string;
  payload: unknown;
  context: Record<string, unknown>;
}

/** An open object or array on the way from the root to the records. */
interface Frame {
  type: 'object' | 'array';
  pointer: string;
  /** How many segments of the record path lead to this container. */
  depth: number;
  /** Arrays: index of the next element. */
  nextIndex: number;
  /** Objects: the key whose value comes next. */
  key: string | undefined;
  /** Primitive fields of this container, as its records inherit them. */
  context: Record<string, unknown>;
  awaiting: Set<string>;
  closed: boolean;
}

interface PendingRecord extends Omit<ExtractedRecord, 'context'> {
  ancestors: Frame[];
}

type ValueStart = 'object' | 'array' | 'primitive';

export async function* readJsonRecords(
  input: SourceInput,
  adapter: SourceAdapter,
  fileName: string,
): AsyncGenerator<ExtractedRecord> {
  const reader = new RecordReader(adapter, fileName);
  for await (const { tokens, offset } of jsonTokens(input, fileName)) {
    yield* reader.consume(tokens, offset);
  }
  reader.finish();
}

class RecordReader {
  private readonly frames: Frame[] = [];
  private readonly queue: PendingRecord[] = [];
  private skipDepth = 0;
  private assembler: Assembler | undefined;
  private assembling: Omit<PendingRecord, 'payload'> | undefined;
  private sawRoot = false;
  /** Where, roughly, the tokens being read end: for errors above the syntax level. */
  private offset = 0;

  constructor(
    private readonly adapter: SourceAdapter,
    private readonly fileName: string,
  ) {}

  *consume(tokens: readonly JsonToken[], offset: number): Generator<ExtractedRecord> {
    this.offset = offset;
    for (const token of tokens) this.step(token);
    yield* this.drain();
  }

  finish(): void {
    if (!this.sawRoot) {
      throw new SourceParseError(this.fileName, { offset: this.offset }, 'the file is empty: expected a JSON document');
    }
  }

  private step(token: JsonToken): void {
    if (this.assembler && this.assembling) {
      this.assembler.consume(token);
      if (this.assembler.done) {
        this.queue.push({ ...this.assembling, payload: this.assembler.current });
        this.assembler = undefined;
        this.assembling = undefined;
      }
      return;
    }
    if (this.skipDepth > 0) {
      if (token.name === 'startObject' || token.name === 'startArray') this.skipDepth += 1;
      if (token.name === 'endObject' || token.name === 'endArray') this.skipDepth -= 1;
      return;
    }
    switch (token.name) {
      case 'keyValue':
        this.top().key = token.value;
        return;
      case 'endObject':
      case 'endArray': {
        const frame = this.frames.pop();
        if (frame) frame.closed = true;
        return;
      }
      case 'startObject':
        return this.value(token, 'object');
      case 'startArray':
        return this.value(token, 'array');
      default:
        return this.value(token, 'primitive');
    }
  }

  /** A value starts (or, for a primitive, is) here: decide what it is to us. */
  private value(token: JsonToken, start: ValueStart): void {
    const parent = this.frames.at(-1);
    const { recordPath } = this.adapter;
    let pointer = '';
    let depth = 0;
    if (parent?.type === 'array') {
      pointer = `${parent.pointer}/${parent.nextIndex++}`;
      depth = parent.depth + 1;
    } else if (parent) {
      const key = parent.key ?? '';
      if (key !== recordPath[parent.depth]) return this.offPath(parent, key, token, start);
      pointer = `${parent.pointer}/${escapePointerSegment(key)}`;
      depth = parent.depth + 1;
    } else {
      this.sawRoot = true;
    }

    const ancestors = [...this.frames];
    if (depth === recordPath.length) return this.record(token, start, { pointer, ancestors });

    const expected = recordPath[depth] === '*' ? 'array' : 'object';
    if (start === expected) {
      this.frames.push(this.openFrame(start, pointer, depth));
      return;
    }
    if (depth === 0) {
      throw new SourceParseError(
        this.fileName,
        { offset: this.offset },
        `expected the document to be a JSON ${expected === 'array' ? 'list' : `object with a "${recordPath[0]}" list`}, found ${describeStart(start, token)}`,
      );
    }
    if (token.name === 'nullValue') return;
    // A list or parent object of the wrong type is passed on as a record of its own, so that
    // validation rejects it with a reason instead of its records vanishing without trace.
    this.record(token, start, { pointer, ancestors });
  }

  private offPath(parent: Frame, key: string, token: JsonToken, start: ValueStart): void {
    if (start !== 'primitive') {
      this.skipDepth = 1;
      return;
    }
    const level = this.adapter.parents.find((candidate) => candidate.path.length === parent.depth);
    const name = level?.rename?.[key] ?? key;
    parent.context[name] = primitiveValue(token);
    parent.awaiting.delete(key);
  }

  private record(token: JsonToken, start: ValueStart, at: Omit<PendingRecord, 'payload'>): void {
    if (start === 'primitive') {
      this.queue.push({ ...at, payload: primitiveValue(token) });
      return;
    }
    this.assembler = new Assembler();
    this.assembling = at;
    this.assembler.consume(token);
  }

  private openFrame(type: 'object' | 'array', pointer: string, depth: number): Frame {
    const level = this.adapter.parents.find((candidate) => candidate.path.length === depth);
    return {
      type,
      pointer,
      depth,
      nextIndex: 0,
      key: undefined,
      context: {},
      awaiting: new Set(type === 'object' ? (level?.awaited ?? []) : []),
      closed: false,
    };
  }

  /** Emits queued records, in order, as soon as every parent field they inherit is known. */
  private *drain(): Generator<ExtractedRecord> {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (!head.ancestors.every((frame) => frame.closed || frame.awaiting.size === 0)) return;
      this.queue.shift();
      const context: Record<string, unknown> = {};
      for (const frame of head.ancestors) Object.assign(context, frame.context);
      yield { pointer: head.pointer, payload: head.payload, context };
    }
  }

  private top(): Frame {
    const frame = this.frames.at(-1);
    if (!frame) throw new Error('JSON tokens out of order: a key outside any object');
    return frame;
  }
}

function primitiveValue(token: JsonToken): unknown {
  switch (token.name) {
    case 'stringValue':
      return token.value;
    case 'numberValue':
      return Number(token.value);
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return null;
  }
}

function describeStart(start: ValueStart, token: JsonToken): string {
  if (start === 'object') return 'an object';
  if (start === 'array') return 'a list';
  const value = primitiveValue(token);
  return value === null ? 'null' : `a ${typeof value}`;
}

/** RFC 6901: `~` and `/` inside a key are escaped as `~0` and `~1`. */
function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
