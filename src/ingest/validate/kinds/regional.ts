// regional: health facilities nested by county and sub-county.
import { z } from 'zod';
import type { FacilityDraft } from '../draft.js';
import { code, contacts, latLng, optionalText, services, text } from '../fields.js';
import { withoutUndefined } from '../location.js';

export const regionalRecord = z
  .object({
    name: text,
    mfl_code: code,
    facility_type: optionalText,
    ownership: optionalText,
    status: optionalText,
    ward: optionalText,
    services: services,
    contacts: contacts('contacts'),
    gps: latLng('gps'),
    // Inherited from the enclosing region and sub-county (or repeated on each NDJSON line).
    county: optionalText,
    sub_county: optionalText,
  })
  .transform(
    (record): FacilityDraft => ({
      name: record.name ?? '',
      identifiers: withoutUndefined({ mflCode: record.mfl_code }),
      typeText: record.facility_type,
      ownership: record.ownership,
      statusText: record.status,
      services: record.services,
      statedServices: [],
      contacts: record.contacts,
      persons: [],
      coordinates: record.gps,
      place: withoutUndefined({ county: record.county, constituency: record.sub_county, ward: record.ward }),
    }),
  );
