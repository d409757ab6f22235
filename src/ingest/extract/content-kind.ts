// Which kind of delivery a file's content looks like, from its structure: the JSON document's
// top-level keys, or the fields of an NDJSON file's first record. A file name or `--kind` that
// names another kind would otherwise read zero records "successfully" (issue 22, item 2).
import type { Readable } from 'node:stream';
import type { SourceKind } from '../record.js';
import type { SourceFormat } from '../source-kind.js';

/** Enough of the file to see its top-level keys or its first record; never the whole file. */
const PREFIX_BYTES = 64 * 1024;

/** The JSON document's top-level container key, per kind (SOURCES.md). */
const CONTAINER_KINDS: Record<string, SourceKind[]> = {
  regions: ['regional'],
  commands: ['kps_stations'],
  facilities: ['equity_afya'],
  data: ['gbv_support_organizations'],
  organizations: ['category_A', 'category_B'],
};

/**
 * The kinds the content could be, or undefined when the start of the file says nothing (empty,
 * unreadable, or a first record too long to look at): the reader then judges the file itself.
 */
export async function contentKinds(read: () => Readable, format: SourceFormat): Promise<SourceKind[] | undefined> {
  // Through a stream, not the file: stored copies are encrypted at rest (security/stored-file-cipher.ts).
  const stream = read();
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      if (bytes >= PREFIX_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  const text = Buffer.concat(chunks).subarray(0, PREFIX_BYTES).toString('utf8').replace(/^\uFEFF/, '');
  return format === 'json' ? jsonDocumentKinds(text) : ndjsonRecordKinds(text);
}

export function jsonDocumentKinds(prefix: string): SourceKind[] | undefined {
  const start = prefix.search(/\S/);
  if (start === -1) return undefined;
  if (prefix[start] === '[') return ['other_services'];
  if (prefix[start] !== '{') return undefined;
  const { keys, category } = topLevelKeys(prefix.slice(start));
  for (const key of keys) {
    const kinds = CONTAINER_KINDS[key];
    if (kinds) return narrowCategory(kinds, category);
  }
  return undefined;
}

export function ndjsonRecordKinds(prefix: string): SourceKind[] | undefined {
  const end = prefix.indexOf('\n');
  const line = (end === -1 ? prefix : prefix.slice(0, end)).trim();
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined; // the reader reports the broken line with its position
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const has = (field: string) => field in record;
  const category = (record as Record<string, unknown>).category;
  if (has('station_code') || has('station_name') || has('gender_desk')) return ['kps_stations'];
  if (has('branch_code') || has('network')) return ['equity_afya'];
  if (has('organization_name')) return narrowCategory(['category_A', 'category_B'], typeof category === 'string' ? category : undefined);
  if (has('service_type') || has('facility_name')) return ['other_services'];
  if (has('registration_number')) return ['gbv_support_organizations'];
  if (has('mfl_code') || has('facility_type') || has('sub_county')) return ['regional'];
  return undefined;
}

function narrowCategory(kinds: SourceKind[], category: string | undefined): SourceKind[] {
  if (kinds.length < 2 || !category) return kinds;
  const named = `category_${category.trim().toUpperCase()}`;
  return kinds.includes(named as SourceKind) ? [named as SourceKind] : kinds;
}

/**
 * The keys of the document's top-level object found in `text` (a prefix of the file), and its
 * `category` when that is a string. A scan, not a parse: the prefix usually ends mid-document,
 * and nesting of any depth costs no stack.
 */
function topLevelKeys(text: string): { keys: string[]; category?: string } {
  const keys: string[] = [];
  let category: string | undefined;
  let depth = 0;
  let i = 0;
  let lastKey: string | undefined;
  let expectingKey = false;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const close = stringEnd(text, i);
      if (close === -1) break;
      const value = text.slice(i + 1, close);
      if (depth === 1) {
        if (expectingKey) {
          lastKey = value;
          keys.push(value);
        } else if (lastKey === 'category') category = value;
      }
      i = close + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      depth += 1;
      expectingKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') depth -= 1;
    else if (depth === 1 && c === ',') expectingKey = true;
    else if (depth === 1 && c === ':') expectingKey = false;
    i += 1;
  }
  return { keys, category };
}

function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}
