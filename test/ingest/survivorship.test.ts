// Survivorship: how a facility's values are chosen from the records that describe it.
import { describe, expect, it } from 'vitest';
import { deriveFacility } from '../../src/ingest/load/survivorship.js';
import type { CanonicalRecord } from '../../src/ingest/record.js';

function record(overrides: Partial<CanonicalRecord>): CanonicalRecord {
  return {
    kind: 'other_services', fileName: 'f.json', pointer: '/0', sourceKey: 'k', contentHash: 'h',
    name: 'Name', searchName: 'name', type: 'HEALTH_FACILITY', status: 'UNKNOWN',
    identifiers: {}, geography: { countyCode: '047' }, services: [], contacts: [], persons: [],
    confidentialLocation: false, issues: [], payload: null,
    ...overrides,
  };
}
const at = (iso: string) => new Date(iso);

describe('survivorship', () => {
  it('takes values from a record with an official code before a more recent one without', () => {
    const official = record({ name: 'Kenyatta National Hospital', identifiers: { mflCode: '13023' } });
    const guest = record({ name: 'KNH', kind: 'category_A' });
    const { values } = deriveFacility([{ record: official, seenAt: at('2025-01-01') }, { record: guest, seenAt: at('2025-06-01') }]);
    expect(values.name).toBe('Kenyatta National Hospital');
    expect(values.mflCode).toBe('13023');
  });

  it('among records alike in codes, the most recently delivered wins, and a value only another has is still used', () => {
    const older = record({ name: 'Old Name', address: 'Hospital Road' });
    const newer = record({ name: 'New Name' });
    const { values } = deriveFacility([{ record: older, seenAt: at('2025-01-01') }, { record: newer, seenAt: at('2025-06-01') }]);
    expect(values.name).toBe('New Name');
    expect(values.address).toBe('Hospital Road');
  });

  it('unions services and contacts, keeping one primary contact', () => {
    const a = record({ services: ['pep'], contacts: [{ type: 'PHONE', value: '+254722000111', isPrimary: true }] });
    const b = record({ services: ['legal_aid', 'pep'], contacts: [{ type: 'PHONE', value: '+254733000222', isPrimary: true }, { type: 'EMAIL', value: 'a@b.org', isPrimary: false }] });
    const derived = deriveFacility([{ record: a, seenAt: at('2025-06-01') }, { record: b, seenAt: at('2025-01-01') }]);
    expect(derived.services).toEqual(['pep', 'legal_aid']);
    expect(derived.contacts.map((c) => c.value).sort()).toEqual(['+254722000111', '+254733000222', 'a@b.org']);
    expect(derived.contacts.filter((c) => c.isPrimary)).toEqual([{ type: 'PHONE', value: '+254722000111', isPrimary: true }]);
  });

  it('takes the geography of the most specific record, so a vague record never erases a ward', () => {
    const precise = record({ geography: { countyCode: '047', constituencyCode: '275', wardCode: '1371' } });
    const vague = record({ geography: { countyCode: '047' }, identifiers: { mflCode: '1' } });
    const { values } = deriveFacility([{ record: vague, seenAt: at('2025-06-01') }, { record: precise, seenAt: at('2025-01-01') }]);
    expect([values.countyCode, values.constituencyCode, values.wardCode]).toEqual(['047', '275', '1371']);
  });

  it('keeps a location confidential when any record calls the place a shelter', () => {
    const shelter = record({ type: 'SHELTER', confidentialLocation: true });
    const plain = record({ identifiers: { registrationNumber: 'R1' } });
    expect(deriveFacility([{ record: plain, seenAt: at('2025-06-01') }, { record: shelter, seenAt: at('2025-01-01') }]).values.confidentialLocation).toBe(true);
  });

  it('lets values pinned by a person win, and searches a pinned name like any other', () => {
    const { values } = deriveFacility([{ record: record({ name: 'Old' }), seenAt: at('2025-01-01') }], { name: 'Ngei Health Centre', confidentialLocation: true });
    expect(values.name).toBe('Ngei Health Centre');
    expect(values.searchName).toBe('ngei health centre');
    expect(values.confidentialLocation).toBe(true);
  });

  it('scores completeness: a facility with codes, ward, position, phone and services scores high', () => {
    const full = record({
      identifiers: { mflCode: '1' }, status: 'OPERATIONAL', geography: { countyCode: '047', constituencyCode: '275', wardCode: '1371' },
      location: { latitude: -1.3, longitude: 36.8, origin: 'SOURCE' }, services: ['pep'],
      contacts: [{ type: 'PHONE', value: '+254722000111', isPrimary: true }, { type: 'EMAIL', value: 'a@b.org', isPrimary: false }],
    });
    expect(deriveFacility([{ record: full, seenAt: at('2025-01-01') }]).values.qualityScore).toBe(1);
    expect(deriveFacility([{ record: record({}), seenAt: at('2025-01-01') }]).values.qualityScore).toBeLessThan(0.5);
  });
});
