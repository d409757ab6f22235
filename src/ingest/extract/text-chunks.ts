// A delivery as a sequence of text chunks, decoded as UTF-8 without ever holding the whole file.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A delivery: a path on disk or an open stream of its bytes (or text). */
export type SourceInput = string | Readable;

const BYTE_ORDER_MARK = '\uFEFF';

export async function* textChunks(input: SourceInput): AsyncGenerator<string> {
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      // Spreadsheet exports often start with a byte-order mark; it is not part of the JSON.
      if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
