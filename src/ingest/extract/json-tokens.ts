// stream-json's tokenizer, fed text chunk by chunk. The parser says only *that* the text is
// broken; stream-json's verifier says *where* (line, column, offset), which is what a partner
// needs to repair a file. The verifier costs as much as the parser, so a file on disk is
// verified only once it has failed, by reading it again; a stream, which cannot be read
// again, is verified as it is parsed.
import { jsonParser, type Token } from 'stream-json/parser.js';
import { jsonVerifier } from 'stream-json/utils/verifier.js';
import { SourceParseError } from './source-parse-error.js';
import { textChunks, type SourceInput } from './text-chunks.js';

export type JsonToken = Token;

// stream-chain's stage protocol: a stage is called with each chunk, and with the registered
// `none` symbol to flush; it answers `none` or a `many` wrapper holding several outputs.
// The symbols are global (Symbol.for) precisely so that callers need not import stream-chain.
const NONE = Symbol.for('object-stream.none');
const MANY = Symbol.for('object-stream.many');
type Stage = (chunk: string | symbol) => unknown;

interface VerifierError extends Error {
  line: number;
  pos: number;
  offset: number;
}

export interface JsonTokenizer {
  /** Tokens completed by this chunk of text. */
  write(text: string): JsonToken[];
  /** Tokens left at the end of the input; throws if the document is incomplete. */
  end(): JsonToken[];
  /** Characters consumed so far: a rough position for errors found above the syntax level. */
  readonly offset: number;
}

export interface TokenBatch {
  tokens: JsonToken[];
  /** Characters read so far: where, roughly, these tokens end. */
  offset: number;
}

/** Tokens of a JSON delivery; a syntax error is thrown as a `SourceParseError` with its position. */
export async function* jsonTokens(input: SourceInput, fileName: string): AsyncGenerator<TokenBatch, void, undefined> {
  const rereadable = typeof input === 'string';
  const tokenizer = createJsonTokenizer(fileName, { verifyAsParsed: !rereadable });
  try {
    for await (const text of textChunks(input)) yield { tokens: tokenizer.write(text), offset: tokenizer.offset };
    yield { tokens: tokenizer.end(), offset: tokenizer.offset };
  } catch (error) {
    if (rereadable && error instanceof SourceParseError && error.position.line === undefined) {
      throw (await locateSyntaxError(input, fileName)) ?? error;
    }
    throw error;
  }
}

export function createJsonTokenizer(fileName: string, { verifyAsParsed }: { verifyAsParsed: boolean }): JsonTokenizer {
  const parse = jsonParser({ packValues: true, streamValues: false }) as unknown as Stage;
  const verify = verifyAsParsed ? (jsonVerifier() as unknown as Stage) : undefined;
  let offset = 0;

  const run = (chunk: string | symbol): JsonToken[] => {
    try {
      verify?.(chunk);
      return tokensOf(parse(chunk));
    } catch (error) {
      throw toSourceParseError(fileName, error, offset, chunk === NONE);
    }
  };

  return {
    write(text) {
      const tokens = run(text);
      offset += text.length;
      return tokens;
    },
    end: () => run(NONE),
    get offset() {
      return offset;
    },
  };
}

/** Reads a file that failed to parse once more, with the verifier, to say where it is broken. */
async function locateSyntaxError(file: string, fileName: string): Promise<SourceParseError | undefined> {
  const verify = jsonVerifier() as unknown as Stage;
  let offset = 0;
  let atEnd = false;
  try {
    for await (const text of textChunks(file)) {
      verify(text);
      offset += text.length;
    }
    atEnd = true;
    verify(NONE);
  } catch (error) {
    return toSourceParseError(fileName, error, offset, atEnd);
  }
  return undefined;
}

function tokensOf(output: unknown): JsonToken[] {
  const many = output as { [MANY]?: unknown; values?: JsonToken[] } | symbol;
  return typeof many === 'object' && many[MANY] === 1 && many.values ? many.values : [];
}

function toSourceParseError(fileName: string, error: unknown, offset: number, atEnd: boolean): SourceParseError {
  const reason = (error instanceof Error ? error.message : String(error))
    .replace(/^ERROR at \d+ \(\d+, \d+\): /, '')
    .replace(/^(Verifier|Parser) (cannot parse input: |has )/, '');
  const what = atEnd ? `the file ends in the middle of the JSON document (truncated?): ${reason}` : `invalid JSON: ${reason}`;
  if (isVerifierError(error)) {
    return new SourceParseError(fileName, { line: error.line, column: error.pos, offset: error.offset }, what);
  }
  return new SourceParseError(fileName, { offset }, what);
}

function isVerifierError(error: unknown): error is VerifierError {
  return error instanceof Error && typeof (error as Partial<VerifierError>).line === 'number';
}
