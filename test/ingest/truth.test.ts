// The sample delivery against its expected answers (test/fixtures/truth/truth.json): every record
// is extracted and processed, and each outcome compared with what the truth says about it.
import { testKeyed } from '../support/keyed.js';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { extractRecords } from '../../src/ingest/extract/extract-records.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import type { GeographyResolver } from '../../src/ingest/geography/types.js';
import { processRecord } from '../../src/ingest/process-record.js';
import type { IssueCode, RawRecord, RecordResult } from '../../src/ingest/record.js';
import { describeSource } from '../../src/ingest/source-kind.js';
import { collect, ndjsonLineOf } from './pipeline-helpers.js';

interface TruthRecord {
  file: string;
  pointer: string;
  expected: 'load' | 'reject';
  reject_reason_class: 'missing_name' | 'wrong_type' | 'unknown_location' | 'broken_file' | null;
  county_code: string | null;
  constituency_code: string | null;
  ward_code: string | null;
  lat: number | null;
  lng: number | null;
  phones_e164: string[];
  short_codes: string[];
  personal_phones_e164: string[];
  services: string[];
  emails: string[];
}

const SAMPLES = path.resolve('data/samples');
const truth: TruthRecord[] = JSON.parse(readFileSync('test/fixtures/truth/truth.json', 'utf8'));
const sampleFiles = readdirSync(SAMPLES).filter((file) => file.endsWith('.json'));

const REJECT_CODE: Record<string, IssueCode> = {
  missing_name: 'MISSING_NAME',
  wrong_type: 'WRONG_TYPE',
  unknown_location: 'UNKNOWN_LOCATION',
};

async function extractSample(file: string): Promise<RawRecord[]> {
  const described = describeSource(file);
  if (!described.ok) throw new Error(described.issue.message);
  return collect(extractRecords(path.join(SAMPLES, file), described.source));
}

let geography: GeographyResolver;
const raws = new Map<string, RawRecord[]>();
const results = new Map<string, RecordResult>();

beforeAll(async () => {
  geography = createGeographyResolver(kenyaGazetteer());
  for (const file of sampleFiles) {
    const records = await extractSample(file);
    raws.set(file, records);
    for (const raw of records) results.set(`${file}${raw.pointer}`, processRecord(raw, { keyed: testKeyed, geography }));
  }
});

const sorted = (values: readonly string[]) => [...values].sort();

describe('the sample delivery', () => {
  it('yields exactly the records the truth lists, in file order', () => {
    for (const file of sampleFiles) {
      const expected = truth.filter((record) => record.file === file).map((record) => record.pointer);
      expect(raws.get(file)?.map((raw) => raw.pointer), file).toEqual(expected);
    }
    expect(results.size).toBe(truth.length);
  });

  it.each(truth.map((record) => [`${record.file} ${record.pointer}`, record] as const))('%s', (_, expected) => {
    const result = results.get(`${expected.file}${expected.pointer}`);
    expect(result).toBeDefined();
    if (!result) return;

    if (expected.expected === 'reject') {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues[0].code).toBe(REJECT_CODE[expected.reject_reason_class ?? '']);
      return;
    }
    if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.issues)}`);
    const { record } = result;
    const contactValues = (type: string) => record.contacts.filter((contact) => contact.type === type).map((contact) => contact.value);

    expect(sorted(contactValues('PHONE')), 'phones').toEqual(sorted(expected.phones_e164));
    expect(sorted(contactValues('HOTLINE')), 'short codes').toEqual(sorted(expected.short_codes));
    expect(sorted(contactValues('EMAIL')), 'emails').toEqual(sorted(expected.emails));

    const personalPhones = record.persons.flatMap((person) => (person.phone ? [person.phone] : []));
    expect(sorted(personalPhones), 'personal phones').toEqual(sorted(expected.personal_phones_e164));
    const publicValues = new Set(record.contacts.map((contact) => contact.value));
    expect(personalPhones.filter((personal) => publicValues.has(personal)), 'personal phones made public').toEqual([]);

    expect(sorted(record.services), 'services').toEqual(sorted(expected.services));

    if (expected.lat === null || expected.lng === null) {
      expect(record.location, 'location').toBeUndefined();
    } else {
      expect(record.location?.latitude, 'latitude').toBeCloseTo(expected.lat, 3);
      expect(record.location?.longitude, 'longitude').toBeCloseTo(expected.lng, 3);
    }

    expect(record.geography.countyCode, 'county').toBe(expected.county_code);
    expect(record.geography.constituencyCode, 'constituency').toBe(expected.constituency_code ?? undefined);
    expect(record.geography.wardCode, 'ward').toBe(expected.ward_code ?? undefined);
  });
});

describe('the sample delivery as NDJSON', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gvrc-truth-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(sampleFiles)('%s gives the same records, pointed at by line', async (file) => {
    const records = raws.get(file) ?? [];
    const ndjsonFile = path.join(dir, file.replace(/\.json$/, '-2025-09.ndjson'));
    await writeFile(ndjsonFile, records.map((raw) => `${ndjsonLineOf(raw)}\n`).join(''));

    const described = describeSource(ndjsonFile);
    if (!described.ok) throw new Error(described.issue.message);
    expect(described.source.format).toBe('ndjson');
    const lines = await collect(extractRecords(ndjsonFile, described.source));
    expect(lines.map((line) => line.pointer)).toEqual(records.map((_, index) => String(index + 1)));

    lines.forEach((line, index) => {
      const fromJson = results.get(`${file}${records[index].pointer}`);
      const fromNdjson = processRecord(line, { keyed: testKeyed, geography });
      expect(fromNdjson.ok).toBe(fromJson?.ok);
      if (fromNdjson.ok && fromJson?.ok) {
        const { sourceKey, contentHash, geography: codes, services, contacts, persons, location } = fromJson.record;
        expect(fromNdjson.record).toMatchObject({ sourceKey, contentHash, geography: codes, services, contacts, persons });
        expect(fromNdjson.record.location).toEqual(location);
      } else if (!fromNdjson.ok && fromJson && !fromJson.ok) {
        expect(fromNdjson.issues.map((issue) => issue.code)).toEqual(fromJson.issues.map((issue) => issue.code));
      }
    });
  });
});
