import { testKeyed } from '../support/keyed.js';
import { describe, expect, it } from 'vitest';
import type { GeographyResolver } from '../../src/ingest/geography/types.js';
import { processRecord } from '../../src/ingest/process-record.js';
import type { CanonicalRecord, RawRecord, RecordResult } from '../../src/ingest/record.js';
import { rawRecord, recordingResolver } from './pipeline-helpers.js';

const knh = {
  name: 'KENYATTA NATIONAL HOSP',
  mfl_code: 13023,
  facility_type: 'National Referral Hospital',
  ownership: 'Ministry of Health',
  ward: 'Kilimani',
  status: 'Functional',
  services: ['Post-rape care', 'PEP', 'Counselling', 'Dental'],
  contacts: { phone: '020 2726300', alt_phone: '0709 854000', email: 'INFO@example.org' },
  gps: '36.8073, -1.3010',
};

function loaded(result: RecordResult): CanonicalRecord {
  if (!result.ok) throw new Error(`expected the record to load, got ${JSON.stringify(result.issues)}`);
  return result.record;
}

describe('processRecord', () => {
  it('turns a raw record into a canonical one: validated, normalised, placed and keyed', () => {
    const geography = recordingResolver();
    const record = loaded(processRecord(rawRecord('regional', knh, { county: 'Nairobi', sub_county: 'Westlands' }), { keyed: testKeyed, geography }));
    expect(record).toMatchObject({
      kind: 'regional',
      fileName: 'regional.json',
      pointer: '/test/0',
      sourceKey: 'mfl:13023',
      name: 'Kenyatta National Hosp',
      searchName: 'kenyatta national hospital',
      type: 'HEALTH_FACILITY',
      subtype: 'National Referral Hospital',
      ownership: 'Ministry of Health',
      status: 'OPERATIONAL',
      identifiers: { mflCode: '13023' },
      geography: { countyCode: '047', constituencyCode: '275' },
      location: { latitude: -1.301, longitude: 36.8073, origin: 'SOURCE_SWAPPED' },
      services: ['post_rape_care', 'pep', 'psychosocial_support'],
      contacts: [
        { type: 'PHONE', value: '+254202726300', isPrimary: true },
        { type: 'PHONE', value: '+254709854000', isPrimary: false },
        { type: 'EMAIL', value: 'info@example.org', isPrimary: false },
      ],
      persons: [],
      confidentialLocation: false,
      payload: knh,
    });
    expect(record.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(geography.inputs).toEqual([{ county: 'Nairobi', constituency: 'Westlands', ward: 'Kilimani' }]);
  });

  it('accumulates the warnings of every stage on the record', () => {
    const geography: GeographyResolver = {
      resolve: (_, context) => ({
        ok: true,
        codes: { countyCode: '047' },
        issues: [{ code: 'UNRESOLVED_WARD', severity: 'WARNING', message: 'ward?', field: 'ward', ...context }],
      }),
    };
    const record = loaded(processRecord(rawRecord('regional', knh, { county: 'Nairobi' }), { keyed: testKeyed, geography }));
    expect(record.issues.map((issue) => issue.code)).toEqual(['UNKNOWN_SERVICE', 'COORDINATES_SWAPPED', 'UNRESOLVED_WARD']);
    expect(record.issues.every((issue) => issue.fileName === 'regional.json' && issue.pointer === '/test/0')).toBe(true);
  });

  it('rejects a record the resolver cannot place in Kenya, with its UNKNOWN_LOCATION issue', () => {
    const result = processRecord(rawRecord('other_services', { facility_name: 'Neema Foundation', county: 'Atlantis' }), { keyed: testKeyed, geography: recordingResolver(),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ code: 'UNKNOWN_LOCATION', severity: 'ERROR', field: 'county' });
  });

  it('does not place a record that failed validation', () => {
    const geography = recordingResolver();
    const result = processRecord(rawRecord('regional', { mfl_code: '59044' }), { keyed: testKeyed, geography });
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'MISSING_NAME' }] });
    expect(geography.inputs).toEqual([]);
  });

  it.each([
    ['regional', { name: 'X', ward: ' Kilimani ' }, { county: 'NAIROBI', sub_county: 'Westlands' }, { county: 'NAIROBI', constituency: 'Westlands', ward: 'Kilimani' }],
    ['other_services', { facility_name: 'X', county: 'Kisumu', sub_county: 'Kisumu Central' }, {}, { county: 'Kisumu', constituency: 'Kisumu Central' }],
    ['kps_stations', { station_name: 'X', location: { constituency: 'Mvita', ward: 'Majengo' } }, { county: 'Mombasa' }, { county: 'Mombasa', constituency: 'Mvita', ward: 'Majengo' }],
    ['category_A', { organization_name: 'X', location: 'Kisumu, Kisumu Central, Railways' }, {}, { county: 'Kisumu', constituency: 'Kisumu Central', ward: 'Railways' }],
    ['category_B', { organization_name: 'X', location: { county: 'Homa Bay', constituency: 'Mbita', ward: 'Rusinga Island' } }, {}, { county: 'Homa Bay', constituency: 'Mbita', ward: 'Rusinga Island' }],
    ['equity_afya', { facility_name: 'X', location: { county: 'Nairobi', constituency: 'Roysambu', ward: 'Githurai' } }, {}, { county: 'Nairobi', constituency: 'Roysambu', ward: 'Githurai' }],
    ['gbv_support_organizations', { name: 'X', location: { county: 'Nakuru', town: 'Nakuru' } }, {}, { county: 'Nakuru', text: 'Nakuru' }],
  ] as const)('asks the resolver to place a %s record by the names it gives', (kind, payload, context, place) => {
    const geography = recordingResolver();
    loaded(processRecord(rawRecord(kind, payload, context), { keyed: testKeyed, geography }));
    expect(geography.inputs).toEqual([place]);
  });

  it('keeps personal phones out of the public contacts', () => {
    const station = {
      station_name: 'Central Police Station',
      station_code: 'KPS-MSA-001',
      contacts: [{ type: 'phone', value: '041 2225501' }, { type: 'hotline', value: '999' }],
      ocs: { name: 'Jane Doe', phone: '0711 000222' },
    };
    const record = loaded(processRecord(rawRecord('kps_stations', station, { county: 'Mombasa' }), { keyed: testKeyed, geography: recordingResolver() }));
    expect(record.persons).toEqual([{ role: 'officer_commanding', name: 'Jane Doe', phone: '+254711000222' }]);
    expect(record.contacts.map((contact) => [contact.type, contact.value])).toEqual([
      ['PHONE', '+254412225501'],
      ['HOTLINE', '999'],
    ]);
  });

  it('marks the location of a safe house confidential', () => {
    const shelter = { facility_name: "Igambang'ombe Safe House", service_type: 'Shelter', county: 'Tharaka-Nithi' };
    const record = loaded(processRecord(rawRecord('other_services', shelter), { keyed: testKeyed, geography: recordingResolver() }));
    expect(record).toMatchObject({ type: 'SHELTER', confidentialLocation: true, services: ['shelter'] });
  });

  it('keys a record without identifiers by its name and place', () => {
    const record = loaded(processRecord(rawRecord('other_services', { facility_name: 'Ruiru Safe House', county: 'Kiambu' }), { keyed: testKeyed, geography: recordingResolver() }));
    expect(record.sourceKey).toMatch(/^hmac:[0-9a-f]{32}$/);
  });

  describe('re-importing', () => {
    const raw: RawRecord = rawRecord('regional', knh, { county: 'Nairobi' });
    const process = (record: RawRecord) => loaded(processRecord(record, { keyed: testKeyed, geography: recordingResolver() }));

    it('the same record gives the same key and content hash, wherever it sits in whichever file', () => {
      const moved = { ...raw, fileName: 'regional-2025-09.ndjson', pointer: '17' };
      expect(process(moved)).toMatchObject({ sourceKey: process(raw).sourceKey, contentHash: process(raw).contentHash });
    });

    it('a changed phone changes the content hash but not the key', () => {
      const changed = { ...raw, payload: { ...knh, contacts: { ...knh.contacts, phone: '020 2726301' } } };
      expect(process(changed).sourceKey).toBe(process(raw).sourceKey);
      expect(process(changed).contentHash).not.toBe(process(raw).contentHash);
    });

    it('a change of spelling only does not change the content hash', () => {
      const respelt = { ...raw, payload: { ...knh, contacts: { ...knh.contacts, phone: '+254 20 2726300' }, services: ['PRC', 'P.E.P', 'Counseling'] } };
      expect(process(respelt).contentHash).toBe(process(raw).contentHash);
    });
  });
});
