// Where the records sit in each kind of delivery, and which fields of their parents they inherit.
// The extractors are generic; everything they need to know about a kind is here.
import type { SourceKind } from '../record.js';

/** Fields of an enclosing object in a JSON delivery that its records inherit. */
export interface ParentLevel {
  /** Path from the document root to the parent object, `*` standing for every list element. */
  path: readonly string[];
  /** Parent fields whose names would be ambiguous in a record's context, renamed. */
  rename?: Readonly<Record<string, string>>;
  /**
   * Fields a record must not be emitted without. If the partner wrote them after the list of
   * records, the records of that parent are held back until the field (or the parent's end)
   * is read; in the usual order they stream straight through.
   */
  awaited?: readonly string[];
}

export interface SourceAdapter {
  kind: SourceKind;
  /** What one record is, for messages: "expected a facility object". */
  recordNoun: string;
  /** Path from the document root to each record in a JSON delivery, `*` for every list element. */
  recordPath: readonly string[];
  parents: readonly ParentLevel[];
  /** In NDJSON, the parent fields repeated on each line, lifted into the record's context. */
  ndjsonParentFields: readonly string[];
}

const categoryAdapter = (kind: 'category_A' | 'category_B'): SourceAdapter => ({
  kind,
  recordNoun: 'organisation',
  recordPath: ['organizations', '*'],
  parents: [],
  ndjsonParentFields: ['category', 'description'],
});

export const SOURCE_ADAPTERS: Readonly<Record<SourceKind, SourceAdapter>> = {
  regional: {
    kind: 'regional',
    recordNoun: 'facility',
    recordPath: ['regions', '*', 'sub_counties', '*', 'facilities', '*'],
    parents: [
      { path: ['regions', '*'], awaited: ['county'] },
      { path: ['regions', '*', 'sub_counties', '*'], rename: { name: 'sub_county' }, awaited: ['name'] },
    ],
    ndjsonParentFields: ['county', 'sub_county'],
  },
  other_services: {
    kind: 'other_services',
    recordNoun: 'service provider',
    recordPath: ['*'],
    parents: [],
    ndjsonParentFields: [],
  },
  kps_stations: {
    kind: 'kps_stations',
    recordNoun: 'police station',
    recordPath: ['commands', '*', 'stations', '*'],
    parents: [{ path: ['commands', '*'], awaited: ['county'] }],
    ndjsonParentFields: ['county'],
  },
  category_A: categoryAdapter('category_A'),
  category_B: categoryAdapter('category_B'),
  equity_afya: {
    kind: 'equity_afya',
    recordNoun: 'clinic',
    recordPath: ['facilities', '*'],
    parents: [],
    ndjsonParentFields: ['network'],
  },
  gbv_support_organizations: {
    kind: 'gbv_support_organizations',
    recordNoun: 'organisation',
    recordPath: ['data', '*'],
    parents: [],
    ndjsonParentFields: [],
  },
};
