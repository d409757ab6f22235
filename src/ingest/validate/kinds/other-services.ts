// other_services: a flat list of service providers with free-text contacts.
import { z } from 'zod';
import type { FacilityDraft } from '../draft.js';
import { contacts, coordinate, latitudeLongitude, optionalText, text } from '../fields.js';
import { withoutUndefined } from '../location.js';

export const otherServicesRecord = z
  .object({
    facility_name: text,
    service_type: optionalText,
    contact: contacts('contact'),
    county: optionalText,
    sub_county: optionalText,
    ward: optionalText,
    location: optionalText,
    hours: optionalText,
    latitude: coordinate,
    longitude: coordinate,
  })
  .transform(
    (record): FacilityDraft => ({
      name: record.facility_name ?? '',
      identifiers: {},
      typeText: record.service_type,
      // The service type is the one statement of what the provider offers.
      services: record.service_type ? [record.service_type] : [],
      servicesField: 'service_type',
      statedServices: [],
      contacts: record.contact,
      persons: [],
      coordinates: latitudeLongitude('latitude/longitude', record.latitude, record.longitude),
      address: record.location,
      openingHours: record.hours,
      place: withoutUndefined({ county: record.county, constituency: record.sub_county, ward: record.ward }),
    }),
  );
