// The contract between the normalise stage and the geography resolver.
import type { GeographyCodes, RecordIssue } from '../record.js';

export interface GazetteerCounty { code: string; name: string }
export interface GazetteerConstituency { code: string; name: string; countyCode: string }
export interface GazetteerWard { code: string; name: string; constituencyCode: string; countyCode: string }
export interface GazetteerAlias { level: 'COUNTY' | 'CONSTITUENCY' | 'WARD'; alias: string; entityCode: string }

/** Kenya's official units and their alternate spellings: the resolver's whole world. */
export interface Gazetteer {
  counties: GazetteerCounty[];
  constituencies: GazetteerConstituency[];
  wards: GazetteerWard[];
  aliases: GazetteerAlias[];
}

/** The place names a record gives, as written (any spelling, any case, may be empty). */
export interface GeographyInput {
  county?: string;
  /** A constituency or a sub-county name (they often coincide, not always). */
  constituency?: string;
  ward?: string;
  /** Free text such as "Kisumu, Kisumu Central, Railways" when the source has nothing better. */
  text?: string;
}

/** Origin of the record, so that issues point at it. */
export interface GeographyContext { fileName: string; pointer: string }

export type GeographyResolution =
  | { ok: true; codes: GeographyCodes; issues: RecordIssue[] }
  /** The county is unknown or not in Kenya: the record cannot be placed and is rejected. */
  | { ok: false; issues: RecordIssue[] };

export interface GeographyResolver {
  resolve(input: GeographyInput, context: GeographyContext): GeographyResolution;
  /** The same resolver knowing these spellings too (place aliases a steward taught); stubs may lack it. */
  withAliases?(aliases: readonly GazetteerAlias[]): GeographyResolver;
}
