// How much of the registry a caller can see: which facilities exist for it (county scope) and
// whether it may know where confidential facilities are. Decided once per request from the
// principal, and applied where facilities are read — the list SQL, the per-request loaders and
// the few fields that carry a location — so that no path (a list, a lookup by id or code, a
// Relay node, a nested area, a duplicate pair) can skip it.
import { Prisma } from '../generated/prisma/client.js';
import type { GeoLevel } from '../generated/prisma/enums.js';
import { countyScopeOf, maySeeConfidentialLocations } from '../auth/capabilities.js';
import type { Principal } from '../security/principal.js';
import type { FacilityFilter } from './query.js';

export interface FacilityVisibility {
  /** Facilities outside this county are indistinguishable from facilities that do not exist. */
  readonly countyCode?: string;
  /** Confidential facilities' coordinates, address and ward are withheld. */
  readonly hideConfidentialLocations: boolean;
}

export function visibilityFor(principal: Principal): FacilityVisibility {
  const hideConfidentialLocations = !maySeeConfidentialLocations(principal);
  const countyCode = countyScopeOf(principal);
  return countyCode === undefined ? { hideConfidentialLocations } : { countyCode, hideConfidentialLocations };
}

/**
 * Conditions over the facility alias `f` that a list (page or count) must add.
 *
 * A confidential facility stays in ordinary lists (its name and public contacts are the point of
 * a directory), but not in the answers that would place it: within a radius of a point (the
 * answer itself, its distance and its rank would locate it) or under a ward (its ward is one of
 * the things withheld).
 */
export function visibilityConditions(
  visibility: FacilityVisibility,
  filter: FacilityFilter,
  level?: GeoLevel,
): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (visibility.countyCode !== undefined) conditions.push(Prisma.sql`f."countyCode" = ${visibility.countyCode}`);
  const locating = filter.near !== undefined || filter.wardCode !== undefined || level === 'WARD';
  if (visibility.hideConfidentialLocations && locating) conditions.push(Prisma.sql`NOT f."confidentialLocation"`);
  return conditions;
}

/** The same county scope for Prisma lookups (by id, by code, Relay nodes). */
export function scopeWhere(visibility: FacilityVisibility): { countyCode?: string } {
  return visibility.countyCode === undefined ? {} : { countyCode: visibility.countyCode };
}

export function isWithinScope(visibility: FacilityVisibility, facility: { countyCode: string }): boolean {
  return visibility.countyCode === undefined || facility.countyCode === visibility.countyCode;
}

/** Whether the caller may know where this facility is (its coordinates, address, ward). */
export function mayLocate(visibility: FacilityVisibility, facility: { confidentialLocation: boolean }): boolean {
  return !(visibility.hideConfidentialLocations && facility.confidentialLocation);
}

/**
 * Features of a duplicate pair that would place one facility relative to the other: the distance
 * to a facility whose position is public is the position of the other, up to a circle. The
 * evidence goes too, because with every other term shown the distance term is the remainder.
 */
const LOCATING_FEATURES = new Set(['distanceKm', 'sameWard', 'evidence']);

/** A duplicate pair's match features without what would locate a confidential member. */
export function withoutLocatingFeatures(features: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(features).filter(([key]) => !LOCATING_FEATURES.has(key)));
}
