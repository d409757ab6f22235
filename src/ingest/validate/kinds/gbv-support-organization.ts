// gbv_support_organizations: registered support organisations, placed by county and town.
import { z } from 'zod';
import type { FacilityDraft } from '../draft.js';
import { code, contactField, contacts, services, text } from '../fields.js';
import { location, withoutUndefined } from '../location.js';

export const gbvSupportOrganizationRecord = z
  .object({
    name: text,
    registration_number: code,
    location: location('location'),
    services: services,
    contacts: contacts('contacts'),
    phone: contactField('phone', 'phone'),
    email: contactField('email', 'email'),
    website: contactField('website', 'website'),
  })
  .transform(
    (record): FacilityDraft => ({
      name: record.name ?? '',
      identifiers: withoutUndefined({ registrationNumber: record.registration_number }),
      services: record.services,
      statedServices: [],
      contacts: [...record.contacts, ...record.phone, ...record.email, ...record.website],
      persons: [],
      coordinates: record.location.coordinates,
      address: record.location.address,
      place: record.location.place,
    }),
  );
