// category_A and category_B: categorised GBV service organisations with a focal person.
import { z } from 'zod';
import type { FacilityDraft } from '../draft.js';
import { code, contactField, contacts, optionalText, person, services, text } from '../fields.js';
import { location, withoutUndefined } from '../location.js';

export const categorisedOrganisationRecord = z
  .object({
    organization_name: text,
    registration_number: code,
    services: services,
    location: location('location'),
    phone: contactField('phone', 'phone'),
    email: contactField('email', 'email'),
    website: contactField('website', 'website'),
    contacts: contacts('contacts'),
    focal_person: person('focal_person', 'focal_person'),
    // Inherited from the file's header (or repeated on each NDJSON line).
    category: optionalText,
    description: optionalText,
  })
  .transform(
    (record): FacilityDraft => ({
      name: record.organization_name ?? '',
      identifiers: withoutUndefined({ registrationNumber: record.registration_number }),
      services: record.services,
      statedServices: [],
      contacts: [...record.phone, ...record.email, ...record.website, ...record.contacts],
      persons: record.focal_person,
      coordinates: record.location.coordinates,
      address: record.location.address,
      place: record.location.place,
    }),
  );
