import { describe, expect, it } from 'vitest';
import type { SourceKind } from '../../src/ingest/record.js';
import { validateRecord, WHOLE_RECORD } from '../../src/ingest/validate/validate-record.js';
import { rawRecord } from './pipeline-helpers.js';

function draftOf(kind: SourceKind, payload: unknown, context: Record<string, unknown> = {}) {
  const result = validateRecord(rawRecord(kind, payload, context));
  if (!result.ok) throw new Error(`expected a valid record, got ${JSON.stringify(result.issues)}`);
  return result.draft;
}

function issuesOf(kind: SourceKind, payload: unknown) {
  const result = validateRecord(rawRecord(kind, payload));
  if (result.ok) throw new Error('expected the record to be rejected');
  return result.issues;
}

describe('validate: records that are rejected', () => {
  it.each([
    ['a string', 'Claycity Police Station - 0713 082 127', 'the text "Claycity Police Station - 0713 082 127"'],
    ['a number', 42, 'the number 42'],
    ['a list', [{ station_name: 'X' }], 'a list of 1 item'],
    ['null', null, 'null'],
  ])('a record that is %s where an object belongs → WRONG_TYPE', (_, payload, described) => {
    const [issue] = issuesOf('kps_stations', payload);
    expect(issue).toMatchObject({
      code: 'WRONG_TYPE',
      severity: 'ERROR',
      field: WHOLE_RECORD,
      fileName: 'kps_stations.json',
      pointer: '/test/0',
    });
    expect(issue.message).toContain(`Expected a police station object here but found ${described}`);
  });

  it.each([
    ['missing', {}],
    ['empty', { name: '' }],
    ['whitespace', { name: ' \t ' }],
    ['null', { name: null }],
    ['a placeholder', { name: 'N/A' }],
  ])('a name that is %s → MISSING_NAME, naming the field', (_, payload) => {
    const issues = issuesOf('regional', { mfl_code: '59044', ...payload });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'MISSING_NAME', severity: 'ERROR', field: 'name', pointer: '/test/0' }),
    ]);
    expect(issues[0].message).toMatch(/has no name/);
  });

  it.each([
    ['regional', 'name'],
    ['other_services', 'facility_name'],
    ['kps_stations', 'station_name'],
    ['category_A', 'organization_name'],
    ['category_B', 'organization_name'],
    ['equity_afya', 'facility_name'],
    ['gbv_support_organizations', 'name'],
  ] as const)('%s records are named by "%s"', (kind, field) => {
    expect(issuesOf(kind, { some_other_field: 'x' })).toEqual([expect.objectContaining({ code: 'MISSING_NAME', field })]);
    expect(draftOf(kind, { [field]: 'Named' }).name).toBe('Named');
  });

  it('a field of an impossible type → WRONG_TYPE saying what it must be and what it was', () => {
    const issues = issuesOf('regional', { name: 'X', gps: true, services: { pep: true } });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'WRONG_TYPE', field: 'services' }),
      expect.objectContaining({ code: 'WRONG_TYPE', field: 'gps' }),
    ]);
    expect(issues[1].message).toBe(
      '"gps" must be {lat, lng}, "lat,lng" text or a [lat, lng] pair, but it is the boolean true. Correct the field or leave it empty.',
    );
  });

  it('a wrong type deep inside a field is reported at its path', () => {
    const issues = issuesOf('kps_stations', {
      station_name: 'X',
      location: { constituency: 'Mvita', coordinates: [39.6, { lat: 1 }] },
      contacts: [{ type: 'phone', value: { number: '0722' } }],
    });
    expect(issues.map((issue) => issue.field)).toEqual(['location.coordinates.1', 'contacts.0.value']);
  });

  it('a name of the wrong type is WRONG_TYPE, not MISSING_NAME', () => {
    expect(issuesOf('regional', { name: { en: 'X' } })).toEqual([expect.objectContaining({ code: 'WRONG_TYPE', field: 'name' })]);
  });
});

describe('validate: the mess that is tolerated', () => {
  it('numbers where text belongs are read as text (mfl_code 13023)', () => {
    expect(draftOf('regional', { name: 'X', mfl_code: 13023 }).identifiers).toEqual({ mflCode: '13023' });
    expect(draftOf('equity_afya', { facility_name: 'X', mfl_code: 22345, branch_code: 'EA-012' }).identifiers).toEqual({
      mflCode: '22345',
      branchCode: 'EA-012',
    });
  });

  it('empty strings mean "no value"', () => {
    const draft = draftOf('regional', { name: 'X', mfl_code: '', facility_type: '', status: '', gps: '', contacts: { email: '' } });
    expect(draft).toMatchObject({ identifiers: {}, typeText: undefined, statusText: undefined, coordinates: undefined, contacts: [] });
  });

  describe('gps', () => {
    it('as an object {lat, lng}', () => {
      expect(draftOf('regional', { name: 'X', gps: { lat: -1.301, lng: 36.8073 } }).coordinates).toEqual({
        field: 'gps',
        order: 'lat,lng',
        first: -1.301,
        second: 36.8073,
      });
    });

    it('as an object of strings', () => {
      expect(draftOf('regional', { name: 'X', gps: { lat: '-2.028788', lng: '36.874770' } }).coordinates).toMatchObject({
        first: '-2.028788',
        second: '36.874770',
      });
    });

    it('as "lat,lng" text, handed on whole for the normalise stage to read (decimal commas, DMS)', () => {
      expect(draftOf('regional', { name: 'X', gps: '0.6427, 35.9245' }).coordinates).toMatchObject({ order: 'lat,lng', text: '0.6427, 35.9245' });
      expect(draftOf('regional', { name: 'X', gps: '0.8261,35.5233' }).coordinates).toMatchObject({ order: 'lat,lng', text: '0.8261,35.5233' });
    });

    it('absent', () => {
      expect(draftOf('regional', { name: 'X' }).coordinates).toBeUndefined();
    });
  });

  it('kps coordinates are a GeoJSON [longitude, latitude] pair, numbers or strings', () => {
    const draft = draftOf('kps_stations', { station_name: 'X', location: { coordinates: ['34.6792', '0.7084'] } });
    expect(draft.coordinates).toEqual({ field: 'location.coordinates', order: 'lng,lat', first: '34.6792', second: '0.7084' });
  });

  it('separate latitude and longitude fields, as numbers, strings or empty', () => {
    expect(draftOf('other_services', { facility_name: 'X', latitude: '-0.1022', longitude: 34.7617 }).coordinates).toMatchObject({
      first: '-0.1022',
      second: 34.7617,
    });
    expect(draftOf('other_services', { facility_name: 'X', latitude: '', longitude: '' }).coordinates).toBeUndefined();
  });

  describe('services', () => {
    it('as a list of names', () => {
      expect(draftOf('regional', { name: 'X', services: ['Post-rape care', 'PEP'] }).services).toEqual(['Post-rape care', 'PEP']);
    });

    it('as a list of {name, available}: only the available ones count', () => {
      const services = [
        { name: 'Medical care', available: true },
        { name: 'Shelter', available: false },
        { name: 'Legal aid', available: 'yes' },
        { name: 'Hotline' },
      ];
      expect(draftOf('category_A', { organization_name: 'X', services }).services).toEqual(['Medical care', 'Legal aid', 'Hotline']);
    });

    it('as one string joined with ";" or "," (split when mapped)', () => {
      expect(draftOf('equity_afya', { facility_name: 'X', services: 'Outpatient; Laboratory; PEP' }).services).toEqual([
        'Outpatient; Laboratory; PEP',
      ]);
    });

    it('other_services names its service in service_type', () => {
      expect(draftOf('other_services', { facility_name: 'X', service_type: 'Legal aid' })).toMatchObject({
        services: ['Legal aid'],
        servicesField: 'service_type',
        typeText: 'Legal aid',
      });
    });

    it('kps gender_desk: true states the gender desk service', () => {
      expect(draftOf('kps_stations', { station_name: 'X', gender_desk: true }).statedServices).toEqual(['gender_desk']);
      expect(draftOf('kps_stations', { station_name: 'X', gender_desk: 'yes' }).statedServices).toEqual(['gender_desk']);
      expect(draftOf('kps_stations', { station_name: 'X', gender_desk: false }).statedServices).toEqual([]);
    });
  });

  describe('location', () => {
    it('as "County, Constituency, Ward" text', () => {
      expect(draftOf('category_A', { organization_name: 'X', location: 'Kisumu, Kisumu Central, Railways' }).place).toEqual({
        county: 'Kisumu',
        constituency: 'Kisumu Central',
        ward: 'Railways',
      });
      expect(draftOf('category_B', { organization_name: 'X', location: 'Nairobi, Dagoretti North' }).place).toEqual({
        county: 'Nairobi',
        constituency: 'Dagoretti North',
      });
    });

    it('as text of another shape, handed over as free text', () => {
      expect(draftOf('category_A', { organization_name: 'X', location: 'Kisumu, , Railways' }).place).toEqual({
        text: 'Kisumu, , Railways',
      });
    });

    it('as an object, with an address and coordinates', () => {
      const location = { county: 'Nairobi', constituency: 'Roysambu', ward: 'Githurai', address: 'Kamiti Road', latitude: -1.204, longitude: 36.912 };
      expect(draftOf('equity_afya', { facility_name: 'X', location })).toMatchObject({
        place: { county: 'Nairobi', constituency: 'Roysambu', ward: 'Githurai' },
        address: 'Kamiti Road',
        coordinates: { field: 'location', order: 'lat,lng', first: -1.204, second: 36.912 },
      });
    });

    it('gbv_support_organizations gives a county and a town', () => {
      expect(draftOf('gbv_support_organizations', { name: 'X', location: { county: 'Nakuru', town: 'Nakuru' } }).place).toEqual({
        county: 'Nakuru',
        text: 'Nakuru',
      });
    });

    it('regional and kps records inherit the county (and sub-county) of their parents', () => {
      expect(draftOf('regional', { name: 'X', ward: 'Kilimani' }, { county: 'Nairobi', sub_county: 'Westlands' }).place).toEqual({
        county: 'Nairobi',
        constituency: 'Westlands',
        ward: 'Kilimani',
      });
      expect(draftOf('kps_stations', { station_name: 'X', location: { constituency: 'Mvita' } }, { county: 'Mombasa' }).place).toEqual({
        county: 'Mombasa',
        constituency: 'Mvita',
      });
    });

    it("a record's own field wins over its parent's", () => {
      expect(draftOf('regional', { name: 'X', county: 'Kiambu' }, { county: 'Nairobi' }).place.county).toBe('Kiambu');
    });
  });

  describe('contacts', () => {
    it('as an object of labelled values', () => {
      const contacts = { phone: '020 2726300', alt_phone: '0709 854000', email: 'info@example.org', website: 'example.org' };
      expect(draftOf('regional', { name: 'X', contacts }).contacts).toEqual([
        { field: 'contacts.phone', channel: 'phone', text: '020 2726300' },
        { field: 'contacts.alt_phone', channel: 'phone', text: '0709 854000' },
        { field: 'contacts.email', channel: 'email', text: 'info@example.org' },
        { field: 'contacts.website', channel: 'website', text: 'example.org' },
      ]);
    });

    it('as a list of {type, value}', () => {
      const contacts = [
        { type: 'phone', value: '041 2225501' },
        { type: 'hotline', value: '999' },
        { type: 'Email', value: 'x@example.org' },
      ];
      expect(draftOf('kps_stations', { station_name: 'X', contacts }).contacts).toEqual([
        { field: 'contacts.0', channel: 'phone', text: '041 2225501' },
        { field: 'contacts.1', channel: 'hotline', text: '999' },
        { field: 'contacts.2', channel: 'email', text: 'x@example.org' },
      ]);
    });

    it('as free text', () => {
      expect(draftOf('other_services', { facility_name: 'X', contact: '0722 000111 / clinic@example.org' }).contacts).toEqual([
        { field: 'contact', channel: 'any', text: '0722 000111 / clinic@example.org' },
      ]);
    });

    it('as separate phone, email and website fields', () => {
      const payload = { organization_name: 'X', phone: 722000333, email: ' help@example.org ', website: 'https://example.org' };
      expect(draftOf('category_A', payload).contacts).toEqual([
        { field: 'phone', channel: 'phone', text: '722000333' },
        { field: 'email', channel: 'email', text: 'help@example.org' },
        { field: 'website', channel: 'website', text: 'https://example.org' },
      ]);
    });
  });

  it('named persons (ocs, focal_person) are kept apart from the contacts', () => {
    expect(draftOf('kps_stations', { station_name: 'X', ocs: { name: 'Jane Doe', phone: '0711 000222' } }).persons).toEqual([
      { role: 'officer_commanding', field: 'ocs', name: 'Jane Doe', phone: '0711 000222', email: undefined },
    ]);
    const focal = { name: 'John Doe', phone: '0733 000444', email: 'john@example.org' };
    expect(draftOf('category_B', { organization_name: 'X', focal_person: focal }).persons).toEqual([
      { role: 'focal_person', field: 'focal_person', ...focal },
    ]);
    expect(draftOf('kps_stations', { station_name: 'X', ocs: { name: '', phone: '' } }).persons).toEqual([]);
  });
});
