// Records of an NDJSON delivery: one JSON value per line, the pointer being the 1-based line
// number. A delivery is all-or-nothing, so one unreadable line fails the whole file.
import type { SourceAdapter } from './adapters.js';
import type { ExtractedRecord } from './json-records.js';
import { SourceParseError } from './source-parse-error.js';
import { textChunks, type SourceInput } from './text-chunks.js';

export async function* readNdjsonRecords(
  input: SourceInput,
  adapter: SourceAdapter,
  fileName: string,
): AsyncGenerator<ExtractedRecord> {
  for await (const { line, text } of lines(input)) {
    if (text.trim() === '') continue;
    const payload = parseLine(text, line, fileName);
    yield { pointer: String(line), payload, context: parentFields(payload, adapter) };
  }
}

async function* lines(input: SourceInput): AsyncGenerator<{ line: number; text: string }> {
  let buffer = '';
  let line = 0;
  for await (const chunk of textChunks(input)) {
    buffer += chunk;
    let start = 0;
    for (let end = buffer.indexOf('\n', start); end !== -1; end = buffer.indexOf('\n', start)) {
      yield { line: ++line, text: stripCarriageReturn(buffer.slice(start, end)) };
      start = end + 1;
    }
    buffer = buffer.slice(start);
  }
  if (buffer.length > 0) yield { line: ++line, text: stripCarriageReturn(buffer) };
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function parseLine(text: string, line: number, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceParseError(fileName, { line, column: columnOf(reason, text) }, `a line is not valid JSON: ${reason}`);
  }
}

/** V8 names the failing position ("... at position 12"); the end of the line when it ran out. */
function columnOf(reason: string, text: string): number {
  const match = /at position (\d+)/.exec(reason);
  return match ? Number(match[1]) + 1 : text.length + 1;
}

function parentFields(payload: unknown, adapter: SourceAdapter): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return context;
  for (const field of adapter.ndjsonParentFields) {
    const value = (payload as Record<string, unknown>)[field];
    if (value !== undefined) context[field] = value;
  }
  return context;
}
