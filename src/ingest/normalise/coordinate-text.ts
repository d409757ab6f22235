// One coordinate, or a pair, as spreadsheets and GPS units write them: decimal degrees with a
// point or a comma, degrees-minutes(-seconds) with any degree/minute/second glyphs, a sign or a
// hemisphere letter before or after. A hemisphere letter also says which axis a value is on.
import { repairMojibake } from './encoding.js';
import { decodeHtmlEntities } from './text.js';

export type Axis = 'latitude' | 'longitude';

export interface CoordinateReading {
  /** Signed decimal degrees (south and west negative). */
  value: number;
  /** Known only when a hemisphere letter was written. */
  axis?: Axis;
}

const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
const DEGREE = String.raw`(?:[°º˚⁰∘]|deg(?:rees?)?\b)`;
const MINUTE = String.raw`(?:[′'’‘´\`]|min\b)`;
const SECOND = String.raw`(?:″|"|”|“|''|’’|sec\b)`;
const BODY = String.raw`(?<sign>[-+−–])?\s*(?<degrees>${NUMBER})\s*${DEGREE}?\s*(?:(?<minutes>${NUMBER})\s*${MINUTE}\s*)?(?:(?<seconds>${NUMBER})\s*${SECOND}\s*)?`;
/** The letter after the value (`1°17'S`) or, when the text starts with one, before it (`S 1°17'`). */
const LETTER_AFTER = new RegExp(String.raw`${BODY}(?<letter>[NSEW](?![a-z]))?`, 'gi');
const LETTER_BEFORE = new RegExp(String.raw`(?<letter>[NSEW](?![a-z]))\s*[:.]?\s*${BODY}`, 'gi');

/** What may stand between the two values of a pair, and around them. */
const SEPARATORS = /^[\s,;/|()[\]]*$/;

/** A single coordinate (a latitude or a longitude field), or undefined when the text is not one. */
export function readCoordinate(written: string | number): CoordinateReading | undefined {
  if (typeof written === 'number') return Number.isFinite(written) ? { value: written } : undefined;
  const readings = scan(written);
  return readings?.length === 1 ? readings[0] : undefined;
}

/** Both values of a pair written as one text, in the order written, or undefined when it is not two. */
export function readCoordinatePair(written: string): [CoordinateReading, CoordinateReading] | undefined {
  const readings = scan(written);
  if (readings?.length === 2) return [readings[0], readings[1]];
  // `0,0` or `-1,36`: a comma between two whole numbers separates them rather than decimals.
  const parts = tidy(written).split(/\s*[,;]\s*|\s+/).filter((part) => part !== '');
  if (parts.length !== 2) return undefined;
  const [first, second] = parts.map((part) => scan(part));
  return first?.length === 1 && second?.length === 1 ? [first[0], second[0]] : undefined;
}

function tidy(written: string): string {
  // `Â°` is a degree sign decoded with the wrong code page; entities come from web forms.
  return repairMojibake(decodeHtmlEntities(written)).replace(/Â(?=[°º])/g, '').trim();
}

/** Every coordinate in the text, or undefined when anything but separators is left over. */
function scan(written: string): CoordinateReading[] | undefined {
  const text = tidy(written);
  if (text === '') return undefined;
  const pattern = /^[NSEW](?![a-z])/i.test(text) ? LETTER_BEFORE : LETTER_AFTER;
  const readings: CoordinateReading[] = [];
  let leftover = '';
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match[0].trim() === '') continue;
    leftover += text.slice(at, match.index);
    at = match.index + match[0].length;
    const reading = toReading(match.groups ?? {});
    if (reading === undefined) return undefined;
    readings.push(reading);
  }
  leftover += text.slice(at);
  return SEPARATORS.test(leftover) ? readings : undefined;
}

function toReading(groups: Record<string, string | undefined>): CoordinateReading | undefined {
  const degrees = decimal(groups.degrees);
  const minutes = decimal(groups.minutes) ?? 0;
  const seconds = decimal(groups.seconds) ?? 0;
  if (degrees === undefined || minutes >= 60 || seconds >= 60) return undefined;
  // Minutes and seconds need whole degrees before them (`1.5°30'` is no notation).
  if ((groups.minutes !== undefined || groups.seconds !== undefined) && !Number.isInteger(degrees)) return undefined;
  const letter = groups.letter?.toUpperCase();
  const negative = groups.sign === '-' || groups.sign === '−' || groups.sign === '–' || letter === 'S' || letter === 'W';
  const magnitude = degrees + minutes / 60 + seconds / 3600;
  const axis: Axis | undefined = letter === 'N' || letter === 'S' ? 'latitude' : letter === 'E' || letter === 'W' ? 'longitude' : undefined;
  const value = negative ? -magnitude : magnitude;
  return axis === undefined ? { value } : { value, axis };
}

function decimal(written: string | undefined): number | undefined {
  if (written === undefined) return undefined;
  const value = Number(written.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}
