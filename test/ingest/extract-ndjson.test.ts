import { describe, expect, it } from 'vitest';
import { SourceParseError } from '../../src/ingest/extract/source-parse-error.js';
import { extractText } from './pipeline-helpers.js';

describe('extracting an NDJSON delivery', () => {
  it('points at each record by its 1-based line number', async () => {
    const text = ['{"facility_name": "A"}', '{"facility_name": "B"}', '{"facility_name": "C"}'].join('\n');
    const records = await extractText('other_services', text, 'ndjson');
    expect(records.map((record) => record.pointer)).toEqual(['1', '2', '3']);
    expect(records[2]).toMatchObject({ kind: 'other_services', fileName: 'other_services.ndjson', payload: { facility_name: 'C' } });
  });

  it('skips blank lines but keeps counting them', async () => {
    const text = '\n{"name": "A"}\n   \n\n{"name": "B"}\n\n';
    const records = await extractText('gbv_support_organizations', text, 'ndjson');
    expect(records.map((record) => record.pointer)).toEqual(['2', '5']);
  });

  it('reads Windows line endings and a last line without a newline', async () => {
    const records = await extractText('gbv_support_organizations', '{"name": "A"}\r\n{"name": "B"}', 'ndjson');
    expect(records.map((record) => record.payload)).toEqual([{ name: 'A' }, { name: 'B' }]);
  });

  it('lifts the parent fields repeated on each line into the context', async () => {
    const line = { county: 'Nairobi', sub_county: 'Westlands', name: 'Kenyatta National Hospital' };
    const [record] = await extractText('regional', JSON.stringify(line), 'ndjson');
    expect(record.context).toEqual({ county: 'Nairobi', sub_county: 'Westlands' });
    expect(record.payload).toEqual(line);
  });

  it.each([
    ['kps_stations', { county: 'Mombasa', station_name: 'Central' }, { county: 'Mombasa' }],
    ['category_A', { category: 'A', description: 'Centres', organization_name: 'X' }, { category: 'A', description: 'Centres' }],
    ['equity_afya', { network: 'Equity Afya', facility_name: 'X' }, { network: 'Equity Afya' }],
  ] as const)('lifts the parent fields of %s', async (kind, line, context) => {
    const [record] = await extractText(kind, JSON.stringify(line), 'ndjson');
    expect(record.context).toEqual(context);
  });

  it('yields a line of the wrong type as it is, for validation to reject', async () => {
    const records = await extractText('kps_stations', '"Claycity Police Station - 0713 082 127"\n[1, 2]', 'ndjson');
    expect(records.map((record) => record.payload)).toEqual(['Claycity Police Station - 0713 082 127', [1, 2]]);
  });

  it('treats an empty file as an empty source', async () => {
    await expect(extractText('gbv_support_organizations', '', 'ndjson')).resolves.toEqual([]);
  });

  it('fails the whole file on one broken line, naming its line and column', async () => {
    const text = '{"name": "A"}\n{"name": "B",, "x": 1}\n{"name": "C"}';
    const error = await extractText('gbv_support_organizations', text, 'ndjson').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SourceParseError);
    expect(error).toMatchObject({ code: 'PARSE_ERROR', fileName: 'gbv_support_organizations.ndjson', position: { line: 2, column: 14 } });
  });

  it('fails on a truncated last line', async () => {
    const text = '{"name": "A"}\n{"name": "B", "services": ["Legal';
    const error = await extractText('gbv_support_organizations', text, 'ndjson').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SourceParseError);
    expect((error as SourceParseError).position.line).toBe(2);
  });
});
