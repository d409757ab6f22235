// What a caller may ask of the facility list, as plain data: the GraphQL layer parses its
// arguments into these shapes, the search service turns them into SQL. Enum types come from the
// Prisma schema so that a filter value is, by type, a value the column can hold.
import type { FacilityStatus, FacilityType, GeoLevel } from '../generated/prisma/enums.js';
import { InvalidQueryError } from './errors.js';
import { searchTokens } from './search-text.js';

/**
 * Bounds on a name search. Every word is one more ILIKE over every name, so an unbounded search
 * of 20,000 words held a connection for seconds and a dozen of them stalled everyone else
 * (issue 21). The longest facility name in the deliveries has 7 words and under 80 characters.
 */
export const MAX_SEARCH_LENGTH = 200;
export const MAX_SEARCH_WORDS = 12;

export interface NearPoint {
  latitude: number;
  longitude: number;
  radiusKm: number;
}

export interface FacilityFilter {
  countyCode?: string;
  constituencyCode?: string;
  wardCode?: string;
  types?: readonly FacilityType[];
  /** Taxonomy keys; a facility matches when it offers every one of them. */
  services?: readonly string[];
  status?: FacilityStatus;
  /** Free text matched against Facility.searchName, token by token. */
  search?: string;
  near?: NearPoint;
  /** Facilities changed at or after this instant (partners' incremental sync). */
  updatedSince?: Date;
  /** Inactive and merged-away facilities are hidden unless this is true. */
  includeInactive?: boolean;
}

export const ORDER_FIELDS = ['NAME', 'UPDATED_AT', 'DISTANCE'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type OrderDirection = 'ASC' | 'DESC';

export interface FacilityOrder {
  field: OrderField;
  direction: OrderDirection;
}

/** A position in one ordering: the row's sort key and its id, which breaks ties. */
export interface FacilityCursor {
  field: OrderField;
  /** The name, the ISO timestamp of updatedAt, or the distance in km. */
  key: string | number;
  id: string;
}

/** Which slice of the ordered list to return (Relay's first/after and last/before). */
export interface PageWindow {
  size: number;
  /** Take the last `size` rows of the range instead of the first. */
  backward: boolean;
  after?: FacilityCursor;
  before?: FacilityCursor;
}

/** Restricts a list to one county, constituency or ward (the nested `facilities` fields). */
export interface GeoScope {
  level: GeoLevel;
  code: string;
}

export interface FacilityQuery {
  filter: FacilityFilter;
  order: FacilityOrder;
}

/**
 * A radius beyond this stops being a "near" question (Kenya is about 1,000 km across) and
 * makes the longitude box of the pre-filter meaningless.
 */
export const MAX_RADIUS_KM = 1000;

/** A filter as a GraphQL input arrives: any field may also be null. */
export type FacilityFilterInput = { [K in keyof FacilityFilter]?: FacilityFilter[K] | null };

/**
 * The filter with nulls and no-op values dropped and the point checked. Dropping them makes
 * equal questions equal objects: "includeInactive: false" and no includeInactive at all then
 * share one loader cache entry (and one statement).
 */
export function normaliseFilter(input: FacilityFilterInput | null | undefined): FacilityFilter {
  const filter: FacilityFilter = {};
  if (!input) return filter;
  if (input.countyCode != null) filter.countyCode = input.countyCode;
  if (input.constituencyCode != null) filter.constituencyCode = input.constituencyCode;
  if (input.wardCode != null) filter.wardCode = input.wardCode;
  if (input.types?.length) filter.types = input.types;
  if (input.services?.length) filter.services = [...new Set(input.services)];
  if (input.status != null) filter.status = input.status;
  if (input.search != null && input.search.trim() !== '') filter.search = validateSearch(input.search);
  if (input.near != null) filter.near = validateNear(input.near);
  if (input.updatedSince != null) filter.updatedSince = input.updatedSince;
  if (input.includeInactive) filter.includeInactive = true;
  return filter;
}

/** The search text, refused when too long (checked before normalising it costs anything) or of too many words. */
export function validateSearch(search: string): string {
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new InvalidQueryError(`search must be at most ${MAX_SEARCH_LENGTH} characters`, 'filter.search');
  }
  if (searchTokens(search).length > MAX_SEARCH_WORDS) {
    throw new InvalidQueryError(`search must have at most ${MAX_SEARCH_WORDS} words`, 'filter.search');
  }
  return search;
}

export function validateNear(near: NearPoint): NearPoint {
  const { latitude, longitude, radiusKm } = near;
  if (!(latitude >= -90 && latitude <= 90)) {
    throw new InvalidQueryError('latitude must be between -90 and 90', 'filter.near.latitude');
  }
  if (!(longitude >= -180 && longitude <= 180)) {
    throw new InvalidQueryError('longitude must be between -180 and 180', 'filter.near.longitude');
  }
  if (!(radiusKm > 0 && radiusKm <= MAX_RADIUS_KM)) {
    throw new InvalidQueryError(`radiusKm must be greater than 0 and at most ${MAX_RADIUS_KM}`, 'filter.near.radiusKm');
  }
  return near;
}

/**
 * The order a list is returned in: the one asked for, else nearest first for a `near` search
 * and by name otherwise. Distance only exists relative to a point, so it needs `near`.
 */
export function resolveOrder(
  filter: FacilityFilter,
  order: { field?: OrderField | null; direction?: OrderDirection | null } | null | undefined,
): FacilityOrder {
  const field = order?.field ?? (filter.near ? 'DISTANCE' : 'NAME');
  if (field === 'DISTANCE' && !filter.near) {
    throw new InvalidQueryError('ordering by DISTANCE needs filter.near', 'orderBy');
  }
  return { field, direction: order?.direction ?? 'ASC' };
}
