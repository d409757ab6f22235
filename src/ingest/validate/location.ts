// A record's place as categorised organisations and clinics give it: "County, Constituency[, Ward]"
// text, or an object with the parts (and sometimes an address and coordinates).
import { z } from 'zod';
import type { GeographyInput } from '../geography/types.js';
import type { RawCoordinates } from './draft.js';
import { coordinate, latitudeLongitude, optionalText } from './fields.js';

export interface Place {
  place: GeographyInput;
  address?: string;
  coordinates?: RawCoordinates;
}

const placeObject = z.object({
  county: optionalText,
  constituency: optionalText,
  sub_county: optionalText,
  ward: optionalText,
  town: optionalText,
  address: optionalText,
  latitude: coordinate,
  longitude: coordinate,
  lat: coordinate,
  lng: coordinate,
});

export function location(field: string) {
  return z
    .union([z.string(), z.null(), placeObject], {
      error: 'must be "County, Constituency, Ward" text or an object {county, constituency, ward}',
    })
    .optional()
    .transform((value): Place => {
      if (value === null || value === undefined) return { place: {} };
      if (typeof value === 'string') return { place: placeFromText(value) };
      return {
        place: withoutUndefined({
          county: value.county,
          constituency: value.constituency ?? value.sub_county,
          ward: value.ward,
          text: value.town,
        }),
        address: value.address,
        coordinates: latitudeLongitude(field, value.latitude ?? value.lat, value.longitude ?? value.lng),
      };
    });
}

/** "County, Constituency[, Ward]"; anything else is handed over as free text. */
export function placeFromText(value: string): GeographyInput {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length > 3 || parts.some((part) => part === '')) return { text: value.trim() };
  const [county, constituency, ward] = parts;
  return withoutUndefined({ county, constituency, ward });
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
