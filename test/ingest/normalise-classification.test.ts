import { describe, expect, it } from 'vitest';
import { classifyFacility } from '../../src/ingest/normalise/facility-type.js';
import { Warnings } from '../../src/ingest/normalise/issues.js';
import { searchName } from '../../src/ingest/normalise/name.js';
import { normaliseStatus } from '../../src/ingest/normalise/status.js';
import type { SourceKind } from '../../src/ingest/record.js';

function classify(kind: SourceKind, name: string, typeText?: string) {
  const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
  return { ...classifyFacility(kind, searchName(name), typeText, warnings), issues: warnings.issues };
}

describe('facility type', () => {
  it('kps stations are police stations, the name telling station from post', () => {
    expect(classify('kps_stations', 'Lembus Police Pst')).toMatchObject({ type: 'POLICE_STATION', subtype: 'Police Post' });
    expect(classify('kps_stations', 'Kambe P/Post')).toMatchObject({ type: 'POLICE_STATION', subtype: 'Police Post' });
    expect(classify('kps_stations', 'Eldama Ravine Police Stn.')).toMatchObject({ type: 'POLICE_STATION', subtype: 'Police Station' });
    expect(classify('kps_stations', 'Athi Police Patrol Base')).toMatchObject({ subtype: 'Police Patrol Base' });
  });

  it('regional facilities are health facilities; the subtype keeps the partner\'s type text', () => {
    expect(classify('regional', 'Mumberes Dispensary', 'Dispensary')).toEqual({ type: 'HEALTH_FACILITY', subtype: 'Dispensary', issues: [] });
    expect(classify('regional', 'KNH', 'NATIONAL REFERRAL HOSPITAL')).toMatchObject({ subtype: 'National Referral Hospital' });
  });

  it('an unknown regional facility type is reported and kept', () => {
    const { type, subtype, issues } = classify('regional', 'Mumberes', 'Pharmacy Outlet');
    expect({ type, subtype }).toEqual({ type: 'HEALTH_FACILITY', subtype: 'Pharmacy Outlet' });
    expect(issues).toEqual([expect.objectContaining({ code: 'UNKNOWN_FACILITY_TYPE', field: 'facility_type' })]);
  });

  it('equity_afya clinics are health facilities', () => {
    expect(classify('equity_afya', 'Equity Afya Githurai').type).toBe('HEALTH_FACILITY');
  });

  it.each([
    ['Barwago Police Station', 'Reporting to police', 'POLICE_STATION'],
    ['Sigowet P/Post', 'OB reporting', 'POLICE_STATION'],
    ['Gender Desk, Nanaam Police Stn.', 'GBV desk / Police reporting', 'POLICE_STATION'],
    ['Kisumu Legal Aid Clinic', 'Legal aid', 'LEGAL_AID'],
    ['Emuhaya Paralegal Network', 'Legal aid', 'LEGAL_AID'],
    ['Hongwe Community Justice Centre', 'Legal advice', 'LEGAL_AID'],
    ["Igambang'ombe Safe House", 'Shelter', 'SHELTER'],
    ['Dada Safe Haven Elwak South', 'Safe house', 'SHELTER'],
    ["Tharaka-Nithi Children's Rescue Centre", 'Temporary shelter', 'SHELTER'],
    ['Kapchemutwa HC', 'Medical services', 'HEALTH_FACILITY'],
    ['Tumaini Medical Centre Chepseon GBVRC', 'Medical services', 'HEALTH_FACILITY'],
    ['Marsabit Women & Girls Empowerment Initiative', 'Counseling', 'SUPPORT_ORGANISATION'],
    ['Amani Helpers', 'Psycho-social support', 'SUPPORT_ORGANISATION'],
  ])('other_services: %s (%s) → %s', (name, serviceType, type) => {
    expect(classify('other_services', name, serviceType)).toMatchObject({ type, subtype: serviceType, issues: [] });
  });

  it('other_services: a provider that neither name nor service type explains is OTHER, with a warning', () => {
    const { type, issues } = classify('other_services', 'Baraka Place', 'Community outreach');
    expect(type).toBe('OTHER');
    expect(issues).toEqual([expect.objectContaining({ code: 'UNKNOWN_FACILITY_TYPE', field: 'service_type' })]);
  });

  it.each(['category_A', 'category_B', 'gbv_support_organizations'] as const)(
    '%s: organisations unless the name says hospital, shelter, legal aid',
    (kind) => {
      expect(classify(kind, 'Laikipia West GBV Survivors Network').type).toBe('SUPPORT_ORGANISATION');
      expect(classify(kind, 'Kenyatta National Hospital (PRC Unit)').type).toBe('HEALTH_FACILITY');
      expect(classify(kind, "Subukia Women's Shelter").type).toBe('SHELTER');
      expect(classify(kind, 'Tharaka Legal Aid Clinic').type).toBe('LEGAL_AID');
    },
  );
});

describe('status', () => {
  function statusOf(text: string | undefined) {
    const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
    return { status: normaliseStatus(text, 'status', warnings), issues: warnings.issues };
  }

  it.each(['Operational', 'OPERATIONAL', 'Functional', 'Active', 'open'])('%s → OPERATIONAL', (text) => {
    expect(statusOf(text)).toEqual({ status: 'OPERATIONAL', issues: [] });
  });

  it.each(['Non-operational', 'Not functional', 'Inactive', 'Temporarily closed'])('%s → NON_OPERATIONAL', (text) => {
    expect(statusOf(text).status).toBe('NON_OPERATIONAL');
  });

  it.each(['Closed', 'Permanently closed', 'Decommissioned'])('%s → CLOSED', (text) => {
    expect(statusOf(text).status).toBe('CLOSED');
  });

  it('an unknown status word is UNKNOWN with a warning', () => {
    expect(statusOf('Under renovation')).toEqual({
      status: 'UNKNOWN',
      issues: [expect.objectContaining({ code: 'UNKNOWN_STATUS', field: 'status' })],
    });
  });

  it('no status is UNKNOWN without comment', () => {
    expect(statusOf(undefined)).toEqual({ status: 'UNKNOWN', issues: [] });
  });
});
