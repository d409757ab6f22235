// Coordinates checked against Kenya: a pair that only fits Kenya when read the other way round is
// corrected and flagged; 0,0 and points abroad are reported and not stored. Nothing is dropped
// or changed silently.
import type { Coordinates } from '../record.js';
import type { RawCoordinates } from '../validate/draft.js';
import { readCoordinate, readCoordinatePair, type CoordinateReading } from './coordinate-text.js';
import type { Warnings } from './issues.js';

/** Kenya's bounding box, with a small margin for border facilities. */
export const KENYA_BOUNDS = { minLatitude: -4.9, maxLatitude: 5.1, minLongitude: 33.8, maxLongitude: 42.0 } as const;

export function isInKenya(latitude: number, longitude: number): boolean {
  return (
    latitude >= KENYA_BOUNDS.minLatitude &&
    latitude <= KENYA_BOUNDS.maxLatitude &&
    longitude >= KENYA_BOUNDS.minLongitude &&
    longitude <= KENYA_BOUNDS.maxLongitude
  );
}

export function normaliseCoordinates(raw: RawCoordinates | undefined, warnings: Warnings): Coordinates | undefined {
  if (!raw) return undefined;
  const { field } = raw;
  if (raw.malformed !== undefined) {
    warnings.add('INVALID_COORDINATES', field, `"${field}" is not a coordinate pair: ${raw.malformed}.`);
    return undefined;
  }
  const readings = raw.text !== undefined ? readCoordinatePair(raw.text) : readBoth(raw.first, raw.second);
  if (readings === undefined) {
    if (raw.text !== undefined) {
      warnings.add('INVALID_COORDINATES', field, `"${field}" is not a coordinate pair: ${raw.text}.`);
      return undefined;
    }
    const shown = [raw.first, raw.second].map((value) => (value === undefined ? 'nothing' : JSON.stringify(value))).join(' and ');
    warnings.add('INVALID_COORDINATES', field, `"${field}" needs two numbers, a latitude and a longitude; it has ${shown}.`);
    return undefined;
  }
  const [first, second] = readings;
  const order = declaredOrder(first, second, raw.order);
  const [latitude, longitude] = order === 'lat,lng' ? [first.value, second.value] : [second.value, first.value];
  const written = `${order === 'lat,lng' ? 'latitude' : 'longitude'} ${first.value}, ${order === 'lat,lng' ? 'longitude' : 'latitude'} ${second.value}`;

  if (latitude === 0 && longitude === 0) {
    warnings.add('COORDINATES_ZERO', field, `"${field}" is 0,0, a placeholder rather than a position; the location was not stored.`);
    return undefined;
  }
  if (isInKenya(latitude, longitude)) return { latitude, longitude, origin: 'SOURCE' };
  if (isInKenya(longitude, latitude)) {
    warnings.add(
      'COORDINATES_SWAPPED',
      field,
      `"${field}" (${written}) lies in Kenya only with latitude and longitude swapped; stored swapped.`,
    );
    return { latitude: longitude, longitude: latitude, origin: 'SOURCE_SWAPPED' };
  }
  warnings.add('COORDINATES_OUTSIDE_KENYA', field, `"${field}" (${written}) is outside Kenya; the location was not stored.`);
  return undefined;
}

function readBoth(first: string | number | undefined, second: string | number | undefined): [CoordinateReading, CoordinateReading] | undefined {
  const a = first === undefined ? undefined : readCoordinate(first);
  const b = second === undefined ? undefined : readCoordinate(second);
  return a && b ? [a, b] : undefined;
}

/** Hemisphere letters outrank the order a source declares: `36°49'E 1°17'S` is longitude first. */
function declaredOrder(first: CoordinateReading, second: CoordinateReading, declared: RawCoordinates['order']): RawCoordinates['order'] {
  if (first.axis === 'latitude' || second.axis === 'longitude') return first.axis === 'longitude' || second.axis === 'latitude' ? declared : 'lat,lng';
  if (first.axis === 'longitude' || second.axis === 'latitude') return 'lng,lat';
  return declared;
}
