// What each role may do beyond reading the directory, named once. The GraphQL rules
// (src/schema/permissions.ts), the facility visibility (src/facilities/visibility.ts) and the
// few resolvers that shape a value by role all ask these, so "who sees safe-house coordinates"
// has one answer rather than one per call site.
import { isAuthenticated, roleAtLeast, type Principal } from '../security/principal.js';

/** Coordinates, address and ward of shelters and safe houses: a leak can put people in danger. */
export function maySeeConfidentialLocations(principal: Principal): boolean {
  return roleAtLeast(principal, 'DATA_ENGINEER');
}

/** Named officers and focal persons in clear; everyone else who may read them sees them masked. */
export function mayReadPersonalData(principal: Principal): boolean {
  return roleAtLeast(principal, 'DATA_ENGINEER');
}

/** The caller's county scope, if any: facilities elsewhere do not exist for it. */
export function countyScopeOf(principal: Principal): string | undefined {
  return isAuthenticated(principal) ? principal.countyScope : undefined;
}

/**
 * Registry-wide operations (imports, import runs, API keys, the audit trail) are not divisible
 * by county, so a county-scoped caller may not use them whatever its role: scope narrows, it
 * never widens.
 */
export function isNational(principal: Principal): boolean {
  return isAuthenticated(principal) && principal.countyScope === undefined;
}
