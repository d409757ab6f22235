import { describe, expect, it } from 'vitest';
import { describeSource, detectSourceFormat, detectSourceKind } from '../../src/ingest/source-kind.js';

describe('detectSourceKind', () => {
  it.each([
    ['kps_stations.json', 'kps_stations'],
    ['kps_stations-2025-09.ndjson', 'kps_stations'],
    ['/deliveries/2025-09/regional.json', 'regional'],
    ['2025-09_category_B.json', 'category_B'],
    ['category_A.jsonl', 'category_A'],
    ['equity_afya_v2.json', 'equity_afya'],
    ['gbv_support_organizations.json', 'gbv_support_organizations'],
    ['other_services.json', 'other_services'],
  ])('selects the kind a file name contains: %s → %s', (fileName, kind) => {
    expect(detectSourceKind(fileName)).toBe(kind);
  });

  it('tells category_A from category_B', () => {
    expect(detectSourceKind('category_A.json')).toBe('category_A');
    expect(detectSourceKind('category_B.json')).toBe('category_B');
  });

  it('is case-sensitive and wants the kind as a word of its own', () => {
    expect(detectSourceKind('KPS_STATIONS.json')).toBeUndefined();
    expect(detectSourceKind('category_a.json')).toBeUndefined();
    expect(detectSourceKind('subregional.json')).toBeUndefined();
    expect(detectSourceKind('facilities.json')).toBeUndefined();
  });
});

describe('detectSourceFormat', () => {
  it.each([
    ['regional.json', 'json'],
    ['regional.ndjson', 'ndjson'],
    ['regional.jsonl', 'ndjson'],
    ['regional.JSON', 'json'],
    ['regional.csv', undefined],
  ])('%s is %s', (fileName, format) => {
    expect(detectSourceFormat(fileName)).toBe(format);
  });
});

describe('describeSource', () => {
  it('takes kind and format from the file name', () => {
    expect(describeSource('/tmp/kps_stations-2025-09.ndjson')).toEqual({
      ok: true,
      source: { kind: 'kps_stations', format: 'ndjson', fileName: 'kps_stations-2025-09.ndjson' },
    });
  });

  it('lets the caller state the kind of a file whose name does not tell', () => {
    const described = describeSource('upload-42.json', { kind: 'equity_afya' });
    expect(described).toEqual({ ok: true, source: { kind: 'equity_afya', format: 'json', fileName: 'upload-42.json' } });
  });

  it('refuses to guess: an unnamed kind is an UNKNOWN_KIND issue', () => {
    const described = describeSource('upload-42.json');
    expect(described.ok).toBe(false);
    if (!described.ok) {
      expect(described.issue).toMatchObject({ code: 'UNKNOWN_KIND', severity: 'ERROR', fileName: 'upload-42.json' });
      expect(described.issue.message).toContain('kps_stations');
    }
  });
});
