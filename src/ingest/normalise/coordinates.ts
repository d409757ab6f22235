// Coordinates checked against Kenya: a pair that only fits Kenya when read the other way round is
// corrected and flagged; 0,0 and points abroad are reported and not stored. Nothing is dropped
// or changed silently.
import type { Coordinates } from '../record.js';
import type { RawCoordinates } from '../validate/draft.js';
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
  const first = toNumber(raw.first);
  const second = toNumber(raw.second);
  if (first === undefined || second === undefined) {
    const shown = [raw.first, raw.second].map((value) => (value === undefined ? 'nothing' : JSON.stringify(value))).join(' and ');
    warnings.add('INVALID_COORDINATES', field, `"${field}" needs two numbers, a latitude and a longitude; it has ${shown}.`);
    return undefined;
  }
  const [latitude, longitude] = raw.order === 'lat,lng' ? [first, second] : [second, first];
  const written = `${raw.order === 'lat,lng' ? 'latitude' : 'longitude'} ${first}, ${raw.order === 'lat,lng' ? 'longitude' : 'latitude'} ${second}`;

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

function toNumber(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value === undefined || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
