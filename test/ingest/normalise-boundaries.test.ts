// The edges of coordinate and status reading, where a slip in a comparison changes the answer for
// real records: Kenya straddles the equator (latitude 0 is a real position there), its bounding box
// is inclusive, a number that is not finite is no coordinate, and status words come with stray
// spacing and in two-word forms.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInKenya, KENYA_BOUNDS, normaliseCoordinates } from '../../src/ingest/normalise/coordinates.js';
import { Warnings } from '../../src/ingest/normalise/issues.js';
import { normaliseStatus } from '../../src/ingest/normalise/status.js';
import type { RawCoordinates } from '../../src/ingest/validate/draft.js';

function coordinatesOf(first: RawCoordinates['first'], second: RawCoordinates['second'], order: RawCoordinates['order'] = 'lat,lng') {
  const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
  const location = normaliseCoordinates({ field: 'gps', order, first, second }, warnings);
  return { location, codes: warnings.issues.map((issue) => issue.code) };
}

const { minLatitude, maxLatitude, minLongitude, maxLongitude } = KENYA_BOUNDS;
const middleLongitude = (minLongitude + maxLongitude) / 2;

describe('coordinates at the edges', () => {
  it('latitude 0 with a longitude in Kenya is a position on the equator, not the 0,0 placeholder', () => {
    expect(coordinatesOf(0, middleLongitude)).toEqual({ location: { latitude: 0, longitude: middleLongitude, origin: 'SOURCE' }, codes: [] });
    expect(coordinatesOf('0', String(middleLongitude)).location).toMatchObject({ latitude: 0, longitude: middleLongitude });
  });

  it('only 0,0 itself is the placeholder: 0 with a longitude abroad is outside Kenya', () => {
    expect(coordinatesOf(0, 0).codes).toEqual(['COORDINATES_ZERO']);
    expect(coordinatesOf(0, 10).codes).toEqual(['COORDINATES_OUTSIDE_KENYA']);
    expect(coordinatesOf(10, 0).codes).toEqual(['COORDINATES_OUTSIDE_KENYA']);
  });

  it('every corner of the bounding box is inside Kenya, and a step beyond any edge is not', () => {
    for (const latitude of [minLatitude, maxLatitude]) {
      for (const longitude of [minLongitude, maxLongitude]) {
        expect(isInKenya(latitude, longitude), `${latitude},${longitude}`).toBe(true);
        expect(coordinatesOf(latitude, longitude).location).toEqual({ latitude, longitude, origin: 'SOURCE' });
      }
    }
    const step = 1e-6;
    expect(isInKenya(minLatitude - step, middleLongitude)).toBe(false);
    expect(isInKenya(maxLatitude + step, middleLongitude)).toBe(false);
    expect(isInKenya(0, minLongitude - step)).toBe(false);
    expect(isInKenya(0, maxLongitude + step)).toBe(false);
  });

  it('a point is in Kenya exactly when both its latitude and its longitude are within the bounds', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 30, max: 45, noNaN: true }), (latitude, longitude) => {
        const within = latitude >= minLatitude && latitude <= maxLatitude && longitude >= minLongitude && longitude <= maxLongitude;
        expect(isInKenya(latitude, longitude)).toBe(within);
      }),
    );
  });

  it.each([
    [Number.NaN, middleLongitude],
    [Number.POSITIVE_INFINITY, middleLongitude],
    [0, Number.NEGATIVE_INFINITY],
  ])('%s,%s is no coordinate: INVALID_COORDINATES and no location', (latitude, longitude) => {
    expect(coordinatesOf(latitude, longitude)).toEqual({ location: undefined, codes: ['INVALID_COORDINATES'] });
  });
});

describe('status words with stray spacing and two-word forms', () => {
  function statusOf(text: string) {
    const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
    return { status: normaliseStatus(text, 'status', warnings), codes: warnings.issues.map((issue) => issue.code) };
  }

  it.each(['Permanently   Closed', ' temporarily  closed ', 'Not   Operational', 'shut  down'])('"%s" is read despite its spacing', (text) => {
    expect(statusOf(text).codes).toEqual([]);
    expect(statusOf(text).status).toBe(statusOf(text.replace(/\s+/g, ' ').trim()).status);
    expect(statusOf(text).status).not.toBe('UNKNOWN');
  });

  it('"shut down" and "shut" are CLOSED', () => {
    expect(statusOf('Shut down')).toEqual({ status: 'CLOSED', codes: [] });
    expect(statusOf('SHUT')).toEqual({ status: 'CLOSED', codes: [] });
  });

  it('"temporarily closed" is NON_OPERATIONAL, "permanently closed" CLOSED', () => {
    expect(statusOf('Temporarily closed').status).toBe('NON_OPERATIONAL');
    expect(statusOf('Permanently closed').status).toBe('CLOSED');
  });
});
