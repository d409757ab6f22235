import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractRecords } from '../../src/ingest/extract/extract-records.js';
import { SourceParseError } from '../../src/ingest/extract/source-parse-error.js';
import { collect, extractText } from './pipeline-helpers.js';

const regional = JSON.stringify({
  source: 'regional',
  generated_at: '2025-08-30',
  regions: [
    {
      county: 'Nairobi',
      sub_counties: [
        { name: 'Westlands', facilities: [{ name: 'A' }, { name: 'B' }] },
        { name: 'Dagoretti North', facilities: [{ name: 'C' }] },
      ],
    },
    { county: 'Kisumu', sub_counties: [{ name: 'Kisumu Central', facilities: [{ name: 'D' }] }] },
  ],
});

describe('extracting a JSON delivery', () => {
  it('gives each regional facility its pointer and its county and sub-county', async () => {
    const records = await extractText('regional', regional);
    expect(records.map(({ pointer, context }) => [pointer, context.county, context.sub_county])).toEqual([
      ['/regions/0/sub_counties/0/facilities/0', 'Nairobi', 'Westlands'],
      ['/regions/0/sub_counties/0/facilities/1', 'Nairobi', 'Westlands'],
      ['/regions/0/sub_counties/1/facilities/0', 'Nairobi', 'Dagoretti North'],
      ['/regions/1/sub_counties/0/facilities/0', 'Kisumu', 'Kisumu Central'],
    ]);
    expect(records[0]).toMatchObject({ kind: 'regional', fileName: 'regional.json', payload: { name: 'A' } });
  });

  it('points into a top-level list for other_services', async () => {
    const records = await extractText('other_services', JSON.stringify([{ facility_name: 'A' }, { facility_name: 'B' }]));
    expect(records.map((record) => record.pointer)).toEqual(['/0', '/1']);
    expect(records[1].context).toEqual({});
  });

  it('points into commands and stations for kps_stations, with the command county', async () => {
    const text = JSON.stringify({
      service: 'Kenya Police Service',
      commands: [{ county: 'Mombasa', stations: [{ station_name: 'Central' }, { station_name: 'Nyali' }] }],
    });
    const records = await extractText('kps_stations', text);
    expect(records.map((record) => record.pointer)).toEqual(['/commands/0/stations/0', '/commands/0/stations/1']);
    expect(records[0].context).toMatchObject({ county: 'Mombasa', service: 'Kenya Police Service' });
  });

  it.each(['category_A', 'category_B'] as const)('points into organizations for %s, with the category', async (kind) => {
    const text = JSON.stringify({ category: 'A', description: 'Recovery centres', organizations: [{ organization_name: 'X' }] });
    const records = await extractText(kind, text);
    expect(records).toMatchObject([{ pointer: '/organizations/0', context: { category: 'A', description: 'Recovery centres' } }]);
  });

  it('points into facilities for equity_afya, with the network', async () => {
    const text = JSON.stringify({ network: 'Equity Afya', facilities: [{ facility_name: 'X' }, { facility_name: 'Y' }] });
    const records = await extractText('equity_afya', text);
    expect(records.map((record) => [record.pointer, record.context.network])).toEqual([
      ['/facilities/0', 'Equity Afya'],
      ['/facilities/1', 'Equity Afya'],
    ]);
  });

  it('points into data for gbv_support_organizations', async () => {
    const records = await extractText('gbv_support_organizations', JSON.stringify({ data: [{ name: 'X' }] }));
    expect(records.map((record) => record.pointer)).toEqual(['/data/0']);
  });

  it('treats an empty source as valid: { "data": [] } yields nothing', async () => {
    await expect(extractText('gbv_support_organizations', '{"data": []}')).resolves.toEqual([]);
  });

  it('yields a record of the wrong type as it is, for validation to reject', async () => {
    const text = JSON.stringify({ commands: [{ county: 'Nairobi', stations: ['Claycity Police Station - 0713 082 127', 42, { station_name: 'Ok' }] }] });
    const records = await extractText('kps_stations', text);
    expect(records.map(({ pointer, payload }) => [pointer, payload])).toEqual([
      ['/commands/0/stations/0', 'Claycity Police Station - 0713 082 127'],
      ['/commands/0/stations/1', 42],
      ['/commands/0/stations/2', { station_name: 'Ok' }],
    ]);
  });

  it('passes on a list of the wrong type as a record, so that its contents do not vanish silently', async () => {
    const text = JSON.stringify({ regions: [{ county: 'Nairobi', sub_counties: [{ name: 'Westlands', facilities: 'see attached sheet' }] }] });
    const records = await extractText('regional', text);
    expect(records).toMatchObject([{ pointer: '/regions/0/sub_counties/0/facilities', payload: 'see attached sheet' }]);
  });

  it('holds records back until a parent field written after them is read', async () => {
    const text = '{"regions": [{"sub_counties": [{"facilities": [{"name": "A"}], "name": "Westlands"}], "county": "Nairobi"}]}';
    const records = await extractText('regional', text);
    expect(records).toMatchObject([{ context: { county: 'Nairobi', sub_county: 'Westlands' } }]);
  });

  it('skips everything off the path to the records, whatever it holds', async () => {
    const text = JSON.stringify({ meta: { regions: [{ sub_counties: [] }] }, notes: ['x', { y: [1, 2] }], data: [{ name: 'X' }] });
    const records = await extractText('gbv_support_organizations', text);
    expect(records.map((record) => record.pointer)).toEqual(['/data/0']);
    expect(records[0].context).toEqual({});
  });

  it('skips a list that is null: it holds no records', async () => {
    const text = JSON.stringify({ regions: [{ county: 'X', sub_counties: [{ name: 'A', facilities: null }, { name: 'B', facilities: [{ name: 'F' }] }] }] });
    const records = await extractText('regional', text);
    expect(records.map((record) => record.pointer)).toEqual(['/regions/0/sub_counties/1/facilities/0']);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const [record] = await extractText('gbv_support_organizations', JSON.stringify({ data: [{ name: 'Women’s Café' }] }));
    expect(record.payload).toEqual({ name: 'Women’s Café' });
  });

  it('ignores a leading byte-order mark', async () => {
    const records = await extractText('gbv_support_organizations', '\uFEFF{"data": [{"name": "X"}]}');
    expect(records).toHaveLength(1);
  });
});

describe('a broken JSON delivery', () => {
  async function parseErrorOf(promise: Promise<unknown>): Promise<SourceParseError> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SourceParseError);
    return error as SourceParseError;
  }

  it('a truncated file fails with PARSE_ERROR at the end of the text', async () => {
    const text = '{"data": [\n  {"name": "A"},\n  {"name": "B"';
    const error = await parseErrorOf(extractText('gbv_support_organizations', text));
    expect(error).toMatchObject({ code: 'PARSE_ERROR', fileName: 'gbv_support_organizations.json' });
    expect(error.position).toMatchObject({ line: 3 });
    expect(error.message).toMatch(/truncated/);
  });

  it('a syntax error fails with the line and column where it is', async () => {
    const text = '{"data": [\n  {"name": "A"},\n  {"name": "B",, "x": 1}\n]}';
    const error = await parseErrorOf(extractText('gbv_support_organizations', text));
    expect(error.position).toEqual({ line: 3, column: 16, offset: 43 });
    expect(error.message).toContain('line 3, column 16');
  });

  it('an empty file is an error, not an empty source', async () => {
    const error = await parseErrorOf(extractText('gbv_support_organizations', '   '));
    expect(error.code).toBe('PARSE_ERROR');
  });

  it('a document of the wrong shape is an error of the whole file', async () => {
    const error = await parseErrorOf(extractText('other_services', JSON.stringify({ data: [] })));
    expect(error.message).toContain('expected the document to be a JSON list, found an object');
    const nothing = await parseErrorOf(extractText('gbv_support_organizations', 'null'));
    expect(nothing.message).toContain('expected the document to be a JSON object with a "data" list, found null');
  });

  it('can be reported as a file-level issue', async () => {
    const error = await parseErrorOf(extractText('gbv_support_organizations', '{"data": ['));
    expect(error.toIssue()).toMatchObject({ code: 'PARSE_ERROR', severity: 'ERROR', fileName: 'gbv_support_organizations.json' });
  });

  describe('read from a file (verified only once it has failed)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'gvrc-extract-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    async function extractFile(text: string) {
      const file = path.join(dir, 'gbv_support_organizations.json');
      await writeFile(file, text);
      return collect(extractRecords(file, { kind: 'gbv_support_organizations', format: 'json', fileName: 'gbv_support_organizations.json' }));
    }

    it('still names the line and column of a syntax error', async () => {
      const error = await parseErrorOf(extractFile('{"data": [\n  {"name": "A"},\n  {"name": "B",, "x": 1}\n]}'));
      expect(error.position).toEqual({ line: 3, column: 16, offset: 43 });
    });

    it('still recognises a truncated file', async () => {
      const error = await parseErrorOf(extractFile('{"data": [\n  {"name": "A"},\n  {"name": "B"'));
      expect(error.position.line).toBe(3);
      expect(error.message).toMatch(/truncated/);
    });

    it('reads a sound file as usual', async () => {
      await expect(extractFile('{"data": [{"name": "A"}]}')).resolves.toMatchObject([{ pointer: '/data/0', payload: { name: 'A' } }]);
    });
  });
});
