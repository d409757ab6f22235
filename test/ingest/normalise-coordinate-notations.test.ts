// Coordinates as spreadsheets and GPS units write them, read through the same path a delivery
// takes (the validate stage's gps field, then the normalise stage): any notation of a point in
// Kenya reads back within 1e-6 degrees; 0/0 and points abroad are still reported, not stored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseCoordinates } from '../../src/ingest/normalise/coordinates.js';
import { Warnings } from '../../src/ingest/normalise/issues.js';
import { latitudeLongitude, latLng } from '../../src/ingest/validate/fields.js';

function readGps(value: unknown) {
  const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
  const location = normaliseCoordinates(latLng('gps').parse(value), warnings);
  return { location, issues: warnings.issues.map((issue) => issue.code) };
}

function readFields(latitude: string, longitude: string) {
  const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
  const location = normaliseCoordinates(latitudeLongitude('location', latitude, longitude), warnings);
  return { location, issues: warnings.issues.map((issue) => issue.code) };
}

/** One value in one notation; `axis` picks the hemisphere letters. */
type Notation = (value: number, axis: 'lat' | 'lng') => string;

const DEGREE_GLYPHS = ['°', 'º', '˚', ' deg ', '&deg;', 'Â°'];
const MINUTE_GLYPHS = ["'", '′', '’'];
const SECOND_GLYPHS = ['"', '″', "''", '”'];
const hemisphere = (value: number, axis: 'lat' | 'lng') => (axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E');

const decimalPoint: Notation = (value) => value.toFixed(7);
const decimalComma: Notation = (value) => value.toFixed(7).replace('.', ',');
const decimalLetter: Notation = (value, axis) => `${Math.abs(value).toFixed(7)} ${hemisphere(value, axis)}`;
const dms = (degree: string, minute: string, second: string, letterFirst: boolean): Notation => (value, axis) => {
  const magnitude = Math.abs(value);
  let degrees = Math.floor(magnitude);
  let minutes = Math.floor((magnitude - degrees) * 60);
  let seconds = Number((((magnitude - degrees) * 60 - minutes) * 60).toFixed(4));
  if (seconds >= 60) { seconds = 0; minutes += 1; }
  if (minutes >= 60) { minutes = 0; degrees += 1; }
  const body = `${degrees}${degree}${minutes}${minute}${seconds}${second}`;
  return letterFirst ? `${hemisphere(value, axis)} ${body}` : `${body}${hemisphere(value, axis)}`;
};
const decimalMinutes = (degree: string, minute: string): Notation => (value, axis) => {
  const magnitude = Math.abs(value);
  const degrees = Math.floor(magnitude);
  return `${degrees}${degree} ${((magnitude - degrees) * 60).toFixed(6)}${minute} ${hemisphere(value, axis)}`;
};

const notation: fc.Arbitrary<Notation> = fc.oneof(
  fc.constantFrom(decimalPoint, decimalComma, decimalLetter),
  fc.tuple(fc.constantFrom(...DEGREE_GLYPHS), fc.constantFrom(...MINUTE_GLYPHS), fc.constantFrom(...SECOND_GLYPHS), fc.boolean())
    .map(([degree, minute, second, letterFirst]) => dms(degree, minute, second, letterFirst)),
  fc.tuple(fc.constantFrom(...DEGREE_GLYPHS), fc.constantFrom(...MINUTE_GLYPHS)).map(([degree, minute]) => decimalMinutes(degree, minute)),
);

/** Points inside Kenya, written to 7 decimals as the truth the notations are made from. */
const point = fc.record({
  latitude: fc.integer({ min: -46_000_000, max: 48_000_000 }).map((n) => n / 1e7),
  longitude: fc.integer({ min: 340_000_000, max: 415_000_000 }).map((n) => n / 1e7),
});
const PAIR_SEPARATORS = [', ', ',', '; ', ' ', '  ', ' / '];

describe('any coordinate in any notation reads back within 1e-6 (property)', () => {
  it('a pair in one text, either order when hemisphere letters say which is which', () => {
    fc.assert(
      fc.property(point, notation, fc.constantFrom(...PAIR_SEPARATORS), fc.boolean(), ({ latitude, longitude }, write, separator, longitudeFirst) => {
        const lat = write(latitude, 'lat');
        const lng = write(longitude, 'lng');
        const hasLetters = /[NSEW]/.test(lat);
        // A decimal comma needs a separator that is not a bare comma.
        fc.pre(!(write === decimalComma && separator.trim() === ','));
        const text = longitudeFirst && hasLetters ? `${lng}${separator}${lat}` : `${lat}${separator}${lng}`;
        const { location } = readGps(text);
        expect(location, text).toBeDefined();
        expect(Math.abs((location?.latitude ?? NaN) - latitude), text).toBeLessThan(1e-6);
        expect(Math.abs((location?.longitude ?? NaN) - longitude), text).toBeLessThan(1e-6);
      }),
      { numRuns: 1500 },
    );
  });

  it('separate latitude and longitude fields, as strings', () => {
    fc.assert(
      fc.property(point, notation, ({ latitude, longitude }, write) => {
        const { location, issues } = readFields(write(latitude, 'lat'), write(longitude, 'lng'));
        expect(issues).toEqual([]);
        expect(Math.abs((location?.latitude ?? NaN) - latitude)).toBeLessThan(1e-6);
        expect(Math.abs((location?.longitude ?? NaN) - longitude)).toBeLessThan(1e-6);
      }),
      { numRuns: 800 },
    );
  });

  it('a swapped pair without letters is corrected and reported', () => {
    fc.assert(
      fc.property(point, ({ latitude, longitude }) => {
        const { location, issues } = readGps(`${decimalComma(longitude, 'lng')}; ${decimalComma(latitude, 'lat')}`);
        expect(issues).toEqual(['COORDINATES_SWAPPED']);
        expect(Math.abs((location?.latitude ?? NaN) - latitude)).toBeLessThan(1e-6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('what is no position stays unstored, with its reason', () => {
  it.each([
    ['0,0', 'COORDINATES_ZERO'],
    ['0, 0', 'COORDINATES_ZERO'],
    ['0°0\'0"N 0°0\'0"E', 'COORDINATES_ZERO'],
    ['51°30\'N 0°7\'W', 'COORDINATES_OUTSIDE_KENYA'],
    ['0,3476; 32,5825', 'COORDINATES_OUTSIDE_KENYA'],
    ['near the market', 'INVALID_COORDINATES'],
    ['-1.3', 'INVALID_COORDINATES'],
    ['1°75\'S 36°49\'E', 'INVALID_COORDINATES'],
  ])('%s → %s', (text, code) => {
    const { location, issues } = readGps(text);
    expect(location).toBeUndefined();
    expect(issues).toEqual([code]);
  });
});
