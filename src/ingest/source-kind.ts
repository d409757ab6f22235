// Which of the seven partner files a delivery is, and in which format, judged from its name.
import path from 'node:path';
import { SOURCE_KINDS, type RecordIssue, type SourceKind } from './record.js';

export type SourceFormat = 'json' | 'ndjson';

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

/**
 * The kind a file name selects: `kps_stations.json`, `kps_stations-2025-09.ndjson`,
 * `2025-09_category_B.json`. Kind names are case-sensitive and must stand as a word of their
 * own (no letter either side); when several match, the longest wins.
 */
export function detectSourceKind(fileName: string): SourceKind | undefined {
  const base = path.basename(fileName);
  let best: SourceKind | undefined;
  for (const kind of SOURCE_KINDS) {
    if (containsKindWord(base, kind) && (!best || kind.length > best.length)) best = kind;
  }
  return best;
}

function containsKindWord(base: string, kind: string): boolean {
  for (let at = base.indexOf(kind); at !== -1; at = base.indexOf(kind, at + 1)) {
    const before = at === 0 ? '' : base[at - 1];
    const after = base[at + kind.length] ?? '';
    if (!isLetter(before) && !isLetter(after)) return true;
  }
  return false;
}

function isLetter(char: string): boolean {
  return /^[A-Za-z]$/.test(char);
}

/** `json` for `.json`, `ndjson` for `.ndjson` and `.jsonl`; undefined for anything else. */
export function detectSourceFormat(fileName: string): SourceFormat | undefined {
  return FORMAT_BY_EXTENSION[path.extname(fileName).toLowerCase()];
}

export function isSourceKind(value: string): value is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(value);
}

/** What the extract stage needs to know about a delivery before reading it. */
export interface SourceDescriptor {
  kind: SourceKind;
  format: SourceFormat;
  /** The name issues refer to; usually the base name of the delivered file. */
  fileName: string;
}

export type SourceDescription = { ok: true; source: SourceDescriptor } | { ok: false; issue: RecordIssue };

/**
 * Kind and format of a delivery, from what the caller states or else from the file name.
 * A file whose kind cannot be told is not guessed at: the caller must name the kind.
 */
export function describeSource(
  fileName: string,
  given: { kind?: SourceKind; format?: SourceFormat } = {},
): SourceDescription {
  const name = path.basename(fileName);
  const kind = given.kind ?? detectSourceKind(name);
  if (!kind) {
    return {
      ok: false,
      issue: {
        code: 'UNKNOWN_KIND',
        severity: 'ERROR',
        message: `Cannot tell which source "${name}" is: its name contains none of ${SOURCE_KINDS.join(', ')}. Rename the file or state its kind.`,
        fileName: name,
      },
    };
  }
  const format = given.format ?? detectSourceFormat(name) ?? 'json';
  return { ok: true, source: { kind, format, fileName: name } };
}
