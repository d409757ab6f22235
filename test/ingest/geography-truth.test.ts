// Every sample record the truth file says loads (or is rejected for an unknown county) is
// resolved from its place fields exactly as its source kind provides them, and all three
// levels must agree with the truth: the right code where the record determines a level,
// nothing where it does not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import type { GeographyInput } from '../../src/ingest/geography/types.js';

interface TruthRecord {
  file: string;
  pointer: string;
  expected: 'load' | 'reject';
  reject_reason_class: string | null;
  county_code: string | null;
  constituency_code: string | null;
  ward_code: string | null;
}

const samplesDir = new URL('../../data/samples/', import.meta.url);
const truth: TruthRecord[] = JSON.parse(
  readFileSync(new URL('../fixtures/truth/truth.json', import.meta.url), 'utf8'),
) as TruthRecord[];
const documents = new Map<string, unknown>();

function sample(file: string): unknown {
  if (!documents.has(file)) documents.set(file, JSON.parse(readFileSync(new URL(file, samplesDir), 'utf8')));
  return documents.get(file);
}

/** Follows a JSON Pointer (RFC 6901) into a parsed document. */
function at(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined), document);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The pointer of the enclosing object `levels` steps up (`/regions/0/sub_counties/1/facilities/3`, 2 → `/regions/0/sub_counties/1`). */
function parent(pointer: string, levels: number): string {
  return pointer.split('/').slice(0, -2 * levels).join('/');
}

/** The place fields of one record, as its source kind provides them (SOURCES.md). */
function placeOf(file: string, pointer: string): GeographyInput {
  const document = sample(file);
  const record = at(document, pointer);
  const fields = isObject(record) ? record : {};
  const location = fields.location;
  switch (file.replace(/\.json$/, '')) {
    case 'regional':
      return {
        county: text(at(document, `${parent(pointer, 2)}/county`)),
        constituency: text(at(document, `${parent(pointer, 1)}/name`)),
        ward: text(fields.ward),
      };
    case 'other_services':
      return { county: text(fields.county), constituency: text(fields.sub_county) };
    case 'kps_stations': {
      const where = isObject(location) ? location : {};
      return {
        county: text(at(document, `${parent(pointer, 1)}/county`)),
        constituency: text(where.constituency),
        ward: text(where.ward),
      };
    }
    case 'category_A':
    case 'category_B':
    case 'equity_afya':
      if (typeof location === 'string') return { text: location };
      if (isObject(location)) {
        return { county: text(location.county), constituency: text(location.constituency), ward: text(location.ward) };
      }
      return {};
    case 'gbv_support_organizations':
      // `town` is a settlement, not an administrative unit, so only the county is resolved.
      return isObject(location) ? { county: text(location.county) } : {};
    default:
      throw new Error(`no place fields known for ${file}`);
  }
}

const resolver = createGeographyResolver(kenyaGazetteer());
const placeable = truth.filter(
  (record) => record.expected === 'load' || record.reject_reason_class === 'unknown_location',
);

describe('geography resolution agrees with the sample truth', () => {
  it('covers every loadable record and the unknown-location rejection', () => {
    expect(placeable.length).toBe(235);
    expect(placeable.filter((record) => record.expected === 'reject')).toHaveLength(1);
  });

  it.each(placeable.map((record) => [`${record.file}#${record.pointer}`, record] as const))('%s', (_, record) => {
    const input = placeOf(record.file, record.pointer);
    const resolution = resolver.resolve(input, { fileName: record.file, pointer: record.pointer });
    if (record.expected === 'reject') {
      expect(resolution.ok, JSON.stringify(input)).toBe(false);
      expect(resolution.issues.map((issue) => issue.code)).toContain('UNKNOWN_LOCATION');
      return;
    }
    expect(resolution.ok, JSON.stringify({ input, resolution })).toBe(true);
    const codes = resolution.ok ? resolution.codes : undefined;
    expect(
      { county: codes?.countyCode ?? null, constituency: codes?.constituencyCode ?? null, ward: codes?.wardCode ?? null },
      JSON.stringify({ input, issues: resolution.issues.map((issue) => issue.message) }),
    ).toEqual({ county: record.county_code, constituency: record.constituency_code, ward: record.ward_code });
  });
});
