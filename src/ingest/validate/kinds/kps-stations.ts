// kps_stations: police stations by county command, with the officer commanding (personal data).
import { z } from 'zod';
import type { FacilityDraft } from '../draft.js';
import { code, contacts, flag, lngLat, optionalText, person, text } from '../fields.js';
import { withoutUndefined } from '../location.js';

const stationLocation = z
  .object(
    {
      county: optionalText,
      constituency: optionalText,
      sub_county: optionalText,
      ward: optionalText,
      address: optionalText,
      coordinates: lngLat('location.coordinates'),
    },
    { error: 'must be an object {constituency, ward, coordinates}' },
  )
  .nullable()
  .optional();

export const kpsStationRecord = z
  .object({
    station_name: text,
    station_code: code,
    gender_desk: flag,
    location: stationLocation,
    contacts: contacts('contacts'),
    ocs: person('ocs', 'officer_commanding'),
    // Inherited from the enclosing command (or repeated on each NDJSON line).
    county: optionalText,
  })
  .transform((record): FacilityDraft => {
    const location: Partial<NonNullable<typeof record.location>> = record.location ?? {};
    return {
      name: record.station_name ?? '',
      identifiers: withoutUndefined({ stationCode: record.station_code }),
      services: [],
      statedServices: record.gender_desk ? ['gender_desk'] : [],
      contacts: record.contacts,
      persons: record.ocs,
      coordinates: location.coordinates,
      address: location.address,
      place: withoutUndefined({
        county: location.county ?? record.county,
        constituency: location.constituency ?? location.sub_county,
        ward: location.ward,
      }),
    };
  });
