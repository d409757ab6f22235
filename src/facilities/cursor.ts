// Keyset cursors. A cursor carries the ordering it was made for, the row's sort key and its id,
// so the next page is "rows after (key, id)" — stable while rows are added or removed, unlike
// an offset. It is base64url JSON: opaque to callers, but nothing secret is in it.
import type { Facility } from '../generated/prisma/client.js';
import { InvalidQueryError } from './errors.js';
import { ORDER_FIELDS, type FacilityCursor, type OrderField } from './query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The cursor of `facility` in a list ordered by `field`. */
export function cursorFor(field: OrderField, facility: Facility, distanceKm: number | null): FacilityCursor {
  switch (field) {
    case 'NAME':
      return { field, key: facility.name, id: facility.id };
    case 'UPDATED_AT':
      return { field, key: facility.updatedAt.toISOString(), id: facility.id };
    case 'DISTANCE':
      if (distanceKm === null) throw new Error('a DISTANCE cursor needs the distance');
      return { field, key: distanceKm, id: facility.id };
  }
}

export function encodeCursor(cursor: FacilityCursor): string {
  return Buffer.from(JSON.stringify([cursor.field, cursor.key, cursor.id])).toString('base64url');
}

/** Reads a cursor made by `encodeCursor` for a list in the same order; anything else is refused. */
export function decodeCursor(text: string, expected: OrderField, argument: string): FacilityCursor {
  const cursor = parse(text);
  if (!cursor) throw new InvalidQueryError(`${argument} is not a valid cursor`, argument);
  if (cursor.field !== expected) {
    throw new InvalidQueryError(`${argument} belongs to a list ordered by ${cursor.field}, not ${expected}`, argument);
  }
  return cursor;
}

function parse(text: string): FacilityCursor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [field, key, id]: unknown[] = value;
  if (!isOrderField(field) || typeof id !== 'string' || !isUuid(id)) return undefined;
  return validKey(field, key) ? { field, key, id } : undefined;
}

function isOrderField(value: unknown): value is OrderField {
  return typeof value === 'string' && (ORDER_FIELDS as readonly string[]).includes(value);
}

function validKey(field: OrderField, key: unknown): key is string | number {
  switch (field) {
    case 'NAME':
      return typeof key === 'string';
    case 'UPDATED_AT':
      return typeof key === 'string' && !Number.isNaN(Date.parse(key));
    case 'DISTANCE':
      return typeof key === 'number' && Number.isFinite(key) && key >= 0;
  }
}
