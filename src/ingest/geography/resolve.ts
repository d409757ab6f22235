// The resolve-geography stage: place names as a partner wrote them → official county,
// constituency and ward codes, or a rejection a person can act on. The rules live in
// src/geography/placement.ts; this module reads the input, caches, and phrases the issues.
import { GazetteerIndex, type GeoLevel } from '../../geography/gazetteer-index.js';
import { countyPlaceQuery, placeQuery, type PlaceQuery } from '../../geography/name-index.js';
import { isPlaceholderName } from '../../geography/normalise-place.js';
import { findingToIssue, type WrittenPlace } from '../../geography/placement-messages.js';
import { placeRecord, type PlaceNames, type Placement } from '../../geography/placement.js';
import type { GeographyCodes } from '../record.js';
import type { Gazetteer, GeographyContext, GeographyInput, GeographyResolution, GeographyResolver } from './types.js';

/** Distinct place-name combinations remembered; a national delivery has a few thousand. */
const PLACEMENT_CACHE_SIZE = 50_000;
/** Distinct raw strings whose normalised form is remembered (county spellings recur constantly). */
const QUERY_CACHE_SIZE = 20_000;

export function createGeographyResolver(gazetteer: Gazetteer): GeographyResolver {
  const index = new GazetteerIndex(gazetteer);
  const placements = new BoundedCache<string, Placement>(PLACEMENT_CACHE_SIZE);
  // `null`: the string is a placeholder (`N/A`, `-`) and counts as blank.
  const queries = new BoundedCache<string, PlaceQuery | null>(QUERY_CACHE_SIZE);

  const queryOf = (written: string | undefined, level: GeoLevel): PlaceQuery | undefined => {
    if (written === undefined) return undefined;
    const cacheKey = `${level}:${written}`;
    let query = queries.get(cacheKey);
    if (query === undefined) {
      const parsed = level === 'COUNTY' ? countyPlaceQuery(written) : placeQuery(written);
      const blank = isPlaceholderName(parsed.normalised) || parsed.key.length === 0;
      query = blank && parsed.countyCode === undefined ? null : parsed;
      queries.set(cacheKey, query);
    }
    return query ?? undefined;
  };

  return {
    withAliases(aliases) {
      return aliases.length === 0 ? this : createGeographyResolver({ ...gazetteer, aliases: [...gazetteer.aliases, ...aliases] });
    },
    resolve(input: GeographyInput, context: GeographyContext): GeographyResolution {
      const written = writtenPlace(input);
      const names: PlaceNames = {
        county: queryOf(written.county, 'COUNTY'),
        constituency: queryOf(written.constituency, 'CONSTITUENCY'),
        ward: queryOf(written.ward, 'WARD'),
      };
      // Keyed by the normalised names: `NAIROBI` and `Nairobi County` share one entry.
      const key = `${names.county?.countyCode ?? ''}:${names.county?.normalised ?? ''}|${names.constituency?.normalised ?? ''}|${names.ward?.normalised ?? ''}`;
      let placement = placements.get(key);
      if (placement === undefined) {
        placement = placeRecord(index, names);
        placements.set(key, placement);
      }
      const issues = placement.findings.map((finding) => findingToIssue(index, finding, written, context));
      if (placement.countyCode === undefined) return { ok: false, issues };
      const codes: GeographyCodes = { countyCode: placement.countyCode };
      if (placement.constituencyCode !== undefined) codes.constituencyCode = placement.constituencyCode;
      if (placement.wardCode !== undefined) codes.wardCode = placement.wardCode;
      return { ok: true, codes, issues };
    },
  };
}

const STRUCTURED_FIELDS: Record<GeoLevel, string> = { COUNTY: 'county', CONSTITUENCY: 'constituency', WARD: 'ward' };
const structuredFieldOf = (level: GeoLevel) => STRUCTURED_FIELDS[level];
const textFieldOf = () => 'text';

/**
 * The names a record gives, trimmed, blanks as absent. Free text ("Kisumu, Kisumu Central,
 * Railways") is read only when the structured fields are all blank, as county, constituency,
 * ward in that order (parts after the third are ignored); a trailing "Kenya" is not a level.
 */
export function writtenPlace(input: GeographyInput): WrittenPlace {
  const county = present(input.county);
  const constituency = present(input.constituency);
  const ward = present(input.ward);
  if (county !== undefined || constituency !== undefined || ward !== undefined || present(input.text) === undefined) {
    return { county, constituency, ward, fieldOf: structuredFieldOf };
  }
  // Positions matter ("Kisumu,, Railways" names no constituency), so empty parts are kept.
  const parts = (input.text ?? '').split(/[,;]/).map((part) => part.trim());
  while (parts.length > 0 && ['', 'kenya'].includes(parts[parts.length - 1].toLowerCase())) parts.pop();
  return { county: present(parts[0]), constituency: present(parts[1]), ward: present(parts[2]), fieldOf: textFieldOf };
}

function present(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length === 0 ? undefined : trimmed;
}

/**
 * A Map that forgets its oldest entry when full. Oldest rather than least recently used: a hit
 * then costs one lookup, and the names that recur (county spellings) are re-added at once.
 */
class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
