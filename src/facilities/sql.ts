// The SQL pieces of a facility list: filter conditions, the distance expression, sort keys and
// keyset conditions, all over the table alias `f`. Values always travel as parameters; only
// column names (fixed here, or taken from Prisma's own column list) are written into the text.
import type { Sql } from '../db/database.js';
import { Prisma } from '../generated/prisma/client.js';
import type { GeoLevel } from '../generated/prisma/enums.js';
import type { FacilityCursor, FacilityFilter, FacilityOrder, NearPoint } from './query.js';
import { searchTokens } from './search-text.js';

type FacilityColumn = Prisma.FacilityScalarFieldEnum;

function column(name: FacilityColumn, alias = 'f'): Prisma.Sql {
  return Prisma.raw(`${alias}."${name}"`);
}

/** Facility's `timestamp without time zone` columns, which hold UTC wall time (database.ts). */
const TIMESTAMP_COLUMNS = new Set<FacilityColumn>(['mergedAt', 'createdAt', 'updatedAt']);

/**
 * Every scalar column of Facility, as `rawRows` reads them into the shape of a
 * `prisma.facility.findMany` row, so the rest of the code can treat it as one. Timestamps are
 * turned into points in time here, so that the driver reads them the same whatever the
 * process's time zone.
 */
export function facilityColumns(alias = 'f'): Prisma.Sql {
  return Prisma.join(
    Object.values(Prisma.FacilityScalarFieldEnum).map((name) =>
      TIMESTAMP_COLUMNS.has(name) ? Prisma.raw(`${alias}."${name}" AT TIME ZONE 'UTC' AS "${name}"`) : column(name, alias),
    ),
  );
}

/**
 * A statement's rows as the driver decodes them (pg, or PGlite), without Prisma's raw-query
 * layer, which decoded every value a second time: at 50 rows with their children, Prisma's
 * copies were half of what a page request kept alive long enough to reach the old generation
 * (ADR 0009).
 */
export function rawRows<Row>(sql: Sql, statement: Prisma.Sql) {
  return sql.query<Row>(statement.text, statement.values);
}

export const SCOPE_COLUMN = {
  COUNTY: 'countyCode',
  CONSTITUENCY: 'constituencyCode',
  WARD: 'wardCode',
} as const satisfies Record<GeoLevel, FacilityColumn>;

export function scopeColumn(level: GeoLevel): Prisma.Sql {
  return column(SCOPE_COLUMN[level]);
}

/** `updatedAt` is a UTC `timestamp without time zone`; convert explicitly, whatever the session zone. */
function utcTimestamp(iso: string): Prisma.Sql {
  return Prisma.sql`(${iso}::timestamptz AT TIME ZONE 'UTC')`;
}

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LATITUDE = 111.32;

/** Great-circle (haversine) distance in km from the point to the facility. */
export function distanceKm(near: NearPoint): Prisma.Sql {
  const lat = Prisma.sql`${near.latitude}::float8`;
  const lng = Prisma.sql`${near.longitude}::float8`;
  // least(1, …) keeps rounding from pushing asin out of its domain for near-antipodal rows,
  // which the planner may evaluate before the bounding box has excluded them.
  return Prisma.sql`(${2 * EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
    power(sin(radians(f."latitude" - ${lat}) / 2), 2)
    + cos(radians(${lat})) * cos(radians(f."latitude")) * power(sin(radians(f."longitude" - ${lng}) / 2), 2)))))`;
}

/**
 * Within the radius. The bounding box comes first so the (latitude, longitude) index can narrow
 * the rows before any distance is computed.
 */
function nearCondition(near: NearPoint): Prisma.Sql {
  const dLat = near.radiusKm / KM_PER_DEGREE_LATITUDE;
  const dLng = near.radiusKm / (KM_PER_DEGREE_LATITUDE * Math.max(Math.cos((near.latitude * Math.PI) / 180), 0.01));
  return Prisma.sql`f."latitude" BETWEEN ${near.latitude - dLat}::float8 AND ${near.latitude + dLat}::float8
    AND f."longitude" BETWEEN ${near.longitude - dLng}::float8 AND ${near.longitude + dLng}::float8
    AND ${distanceKm(near)} <= ${near.radiusKm}::float8`;
}

/** Search tokens hold only [a-z0-9] after normalisation; escaping keeps that from mattering. */
function likePattern(token: string): string {
  return `%${token.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function filterConditions(filter: FacilityFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (!filter.includeInactive) conditions.push(Prisma.sql`f."isActive" AND f."mergedIntoId" IS NULL`);
  if (filter.countyCode !== undefined) conditions.push(Prisma.sql`f."countyCode" = ${filter.countyCode}`);
  if (filter.constituencyCode !== undefined) {
    conditions.push(Prisma.sql`f."constituencyCode" = ${filter.constituencyCode}`);
  }
  if (filter.wardCode !== undefined) conditions.push(Prisma.sql`f."wardCode" = ${filter.wardCode}`);
  if (filter.types?.length) conditions.push(Prisma.sql`f."type" = ANY(${[...filter.types]}::text[]::"FacilityType"[])`);
  if (filter.status !== undefined) conditions.push(Prisma.sql`f."status" = ${filter.status}::"FacilityStatus"`);
  // One EXISTS per key: each is a primary-key probe, and together they mean "offers all".
  for (const key of new Set(filter.services ?? [])) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "FacilityService" s
      WHERE s."facilityId" = f."id" AND s."serviceKey" = ${key})`);
  }
  // ILIKE rather than LIKE so the trigram index (gin_trgm_ops serves both) is used either way.
  for (const token of filter.search === undefined ? [] : searchTokens(filter.search)) {
    conditions.push(Prisma.sql`f."searchName" ILIKE ${likePattern(token)}`);
  }
  if (filter.updatedSince) {
    conditions.push(Prisma.sql`f."updatedAt" >= ${utcTimestamp(filter.updatedSince.toISOString())}`);
  }
  if (filter.near) conditions.push(nearCondition(filter.near));
  return conditions;
}

export function scopeCondition(level: GeoLevel, codes: readonly string[]): Prisma.Sql {
  return Prisma.sql`${scopeColumn(level)} = ANY(${[...codes]}::text[])`;
}

export function whereClause(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** The expression a list is sorted by; the id always follows it to break ties. */
export function sortKey(order: FacilityOrder, near: NearPoint | undefined): Prisma.Sql {
  switch (order.field) {
    case 'NAME':
      return column('name');
    case 'UPDATED_AT':
      return column('updatedAt');
    case 'DISTANCE':
      if (!near) throw new Error('DISTANCE order without a point');
      return distanceKm(near);
  }
}

export function orderByClause(key: Prisma.Sql, descending: boolean): Prisma.Sql {
  const direction = Prisma.raw(descending ? 'DESC' : 'ASC');
  return Prisma.sql`${key} ${direction}, f."id" ${direction}`;
}

function cursorValue(cursor: FacilityCursor): Prisma.Sql {
  switch (cursor.field) {
    case 'NAME':
      return Prisma.sql`${String(cursor.key)}::text`;
    case 'UPDATED_AT':
      return utcTimestamp(String(cursor.key));
    case 'DISTANCE':
      return Prisma.sql`${Number(cursor.key)}::float8`;
  }
}

/** Rows strictly after (`'>'`) or before (`'<'`) the cursor in ascending (key, id) order. */
export function keysetCondition(key: Prisma.Sql, cursor: FacilityCursor, comparison: '>' | '<'): Prisma.Sql {
  return Prisma.sql`(${key}, f."id") ${Prisma.raw(comparison)} (${cursorValue(cursor)}, ${cursor.id}::uuid)`;
}
