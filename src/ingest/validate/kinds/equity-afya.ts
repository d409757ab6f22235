// equity_afya: a private clinic network, services as one joined string.
import { z } from 'zod';
import type { FacilityDraft } from '../draft.js';
import { code, contactField, contacts, optionalText, services, text } from '../fields.js';
import { location, withoutUndefined } from '../location.js';

export const equityAfyaRecord = z
  .object({
    facility_name: text,
    branch_code: code,
    mfl_code: code,
    location: location('location'),
    services: services,
    phone: contactField('phone', 'phone'),
    email: contactField('email', 'email'),
    contacts: contacts('contacts'),
    status: optionalText,
    // Inherited from the file's header (or repeated on each NDJSON line).
    network: optionalText,
  })
  .transform(
    (record): FacilityDraft => ({
      name: record.facility_name ?? '',
      identifiers: withoutUndefined({ mflCode: record.mfl_code, branchCode: record.branch_code }),
      statusText: record.status,
      services: record.services,
      statedServices: [],
      contacts: [...record.phone, ...record.email, ...record.contacts],
      persons: [],
      coordinates: record.location.coordinates,
      address: record.location.address,
      place: record.location.place,
    }),
  );
