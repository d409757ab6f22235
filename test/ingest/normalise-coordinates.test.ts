import { describe, expect, it } from 'vitest';
import { normaliseCoordinates } from '../../src/ingest/normalise/coordinates.js';
import { Warnings } from '../../src/ingest/normalise/issues.js';
import type { RawCoordinates } from '../../src/ingest/validate/draft.js';

function coordinatesOf(first: RawCoordinates['first'], second: RawCoordinates['second'], order: RawCoordinates['order'] = 'lat,lng') {
  const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
  const location = normaliseCoordinates({ field: 'gps', order, first, second }, warnings);
  return { location, issues: warnings.issues };
}

describe('coordinates', () => {
  it('numbers inside Kenya are stored as given', () => {
    expect(coordinatesOf(-1.301, 36.8073)).toEqual({ location: { latitude: -1.301, longitude: 36.8073, origin: 'SOURCE' }, issues: [] });
  });

  it('strings are read as numbers', () => {
    expect(coordinatesOf('-2.028788', ' 36.874770 ').location).toEqual({ latitude: -2.028788, longitude: 36.87477, origin: 'SOURCE' });
  });

  it('GeoJSON order [longitude, latitude] is read as such', () => {
    expect(coordinatesOf(39.6682, -4.0547, 'lng,lat').location).toEqual({ latitude: -4.0547, longitude: 39.6682, origin: 'SOURCE' });
  });

  it('a swapped pair is corrected, marked SOURCE_SWAPPED and reported', () => {
    const { location, issues } = coordinatesOf(35.5725, 0.78503);
    expect(location).toEqual({ latitude: 0.78503, longitude: 35.5725, origin: 'SOURCE_SWAPPED' });
    expect(issues).toEqual([expect.objectContaining({ code: 'COORDINATES_SWAPPED', severity: 'WARNING', field: 'gps' })]);
  });

  it('a swapped GeoJSON pair is corrected too', () => {
    expect(coordinatesOf(-2.0566, 37.6928, 'lng,lat').location).toEqual({ latitude: -2.0566, longitude: 37.6928, origin: 'SOURCE_SWAPPED' });
  });

  it.each([
    [0, 0],
    ['0.000000', '0.000000'],
  ])('%s,%s is a COORDINATES_ZERO warning and no location', (latitude, longitude) => {
    const { location, issues } = coordinatesOf(latitude, longitude);
    expect(location).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ code: 'COORDINATES_ZERO' })]);
  });

  it.each([
    [0.3476, 32.5825],
    [1.45571, 137.06176],
    [51.5, -0.12],
  ])('%s,%s outside Kenya is a COORDINATES_OUTSIDE_KENYA warning and no location', (latitude, longitude) => {
    const { location, issues } = coordinatesOf(latitude, longitude);
    expect(location).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ code: 'COORDINATES_OUTSIDE_KENYA' })]);
  });

  it('absent coordinates are simply absent', () => {
    const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
    expect(normaliseCoordinates(undefined, warnings)).toBeUndefined();
    expect(warnings.issues).toEqual([]);
  });

  it('half a pair, or text that is not a number, is INVALID_COORDINATES', () => {
    expect(coordinatesOf('-1.3', undefined).issues).toEqual([expect.objectContaining({ code: 'INVALID_COORDINATES' })]);
    expect(coordinatesOf('near the market', '36.8').issues).toEqual([expect.objectContaining({ code: 'INVALID_COORDINATES' })]);
  });

  it('a value that is not a pair is INVALID_COORDINATES', () => {
    const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
    normaliseCoordinates({ field: 'gps', order: 'lat,lng', first: undefined, second: undefined, malformed: '-1.3' }, warnings);
    expect(warnings.issues).toEqual([expect.objectContaining({ code: 'INVALID_COORDINATES', field: 'gps' })]);
  });
});
