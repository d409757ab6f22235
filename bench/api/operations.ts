// The three operations the API benchmark drives, as our GraphQL requests and as the baseline's
// plain HTTP requests for the same answers, and the sample arguments they cycle through.
import type { Sql } from '../../src/db/database.js';

export const OPERATIONS = ['facilityPage', 'countyTree', 'facilityByCode'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Facilities per page in the benchmarked page; the statement probe also tries the others. */
export const PAGE_SIZE = 50;
export const PROBE_PAGE_SIZES = [10, 50, 100] as const;

/** What a list row shows: the facility with its place in the geography, services and contacts. */
const FACILITY_ROW = /* GraphQL */ `
  fragment FacilityRow on Facility {
    id
    code
    name
    type
    status
    location { latitude longitude }
    ward { code name constituency { code name county { code name } } }
    services { key label }
    contacts { type value isPrimary }
  }
`;

/** What a facility's own page shows on top of its row. */
const FACILITY_DETAIL = /* GraphQL */ `
  fragment FacilityDetail on Facility {
    ...FacilityRow
    subtype
    address
    openingHours
    website
    confidentialLocation
    isActive
    qualityScore
    identifiers { mflCode stationCode branchCode registrationNumber }
  }
`;

export const DOCUMENTS: Record<Operation, string> = {
  facilityPage: /* GraphQL */ `
    query FacilityPage($first: Int!, $after: String) {
      facilities(first: $first, after: $after) {
        edges { cursor node { ...FacilityRow } }
        pageInfo { hasNextPage endCursor }
      }
    }
    ${FACILITY_ROW}`,
  countyTree: /* GraphQL */ `
    query CountyTree {
      counties {
        code
        name
        facilityCount
        constituencies {
          code
          name
          facilityCount
          wards { code name facilityCount }
        }
      }
    }`,
  facilityByCode: /* GraphQL */ `
    query FacilityByCode($code: String!) {
      facilityByCode(code: $code) { ...FacilityDetail }
    }
    ${FACILITY_ROW}
    ${FACILITY_DETAIL}`,
};

const OPERATION_NAMES: Record<Operation, string> = {
  facilityPage: 'FacilityPage',
  countyTree: 'CountyTree',
  facilityByCode: 'FacilityByCode',
};

/** Arguments of one request; the page's cursor is ours (base64url JSON), which the baseline reads too. */
export interface Sample {
  after?: string | null;
  code?: string;
  first?: number;
}

/** The arguments requests cycle through, chosen from the data deterministically. */
export interface Samples {
  /** `null` is the first page; the others are cursors of rows spread over the name order. */
  pageCursors: (string | null)[];
  /** Codes of active facilities that were not merged away. */
  codes: string[];
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export function sampleFor(operation: Operation, samples: Samples, index: number): Sample {
  switch (operation) {
    case 'facilityPage':
      return { first: PAGE_SIZE, after: samples.pageCursors[index % samples.pageCursors.length] };
    case 'countyTree':
      return {};
    case 'facilityByCode':
      return { code: samples.codes[index % samples.codes.length] };
  }
}

export function ourRequest(operation: Operation, sample: Sample, apiKey: string, endpoint = '/graphql'): HttpRequest {
  const variables =
    operation === 'facilityPage'
      ? { first: sample.first ?? PAGE_SIZE, after: sample.after ?? null }
      : operation === 'facilityByCode'
        ? { code: sample.code }
        : {};
  return {
    method: 'POST',
    path: endpoint,
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query: DOCUMENTS[operation], variables, operationName: OPERATION_NAMES[operation] }),
  };
}

export function baselineRequest(operation: Operation, sample: Sample): HttpRequest {
  const query = new URLSearchParams();
  if (operation === 'facilityPage') {
    query.set('first', String(sample.first ?? PAGE_SIZE));
    if (sample.after) query.set('after', sample.after);
  }
  if (operation === 'facilityByCode') query.set('code', sample.code ?? '');
  const search = query.size ? `?${query}` : '';
  const path = { facilityPage: '/facilities', countyTree: '/counties', facilityByCode: '/facility' }[operation];
  return { method: 'GET', path: `${path}${search}`, headers: { accept: 'application/json' } };
}

/** Our cursor format (src/facilities/cursor.ts): base64url of `["NAME", name, id]`. */
export function nameCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify(['NAME', name, id])).toString('base64url');
}

/**
 * Samples from the loaded data: the first page and pages starting at facilities spread evenly
 * over the name order, and codes picked by a hash (the same rows for the same data).
 */
export async function chooseSamples(sql: Pick<Sql, 'query'>, options: { pages?: number; codes?: number } = {}): Promise<Samples> {
  const pages = options.pages ?? 32;
  const visible = `"isActive" AND "mergedIntoId" IS NULL`;
  const positions = await sql.query<{ name: string; id: string }>(
    `SELECT name, id FROM (
       SELECT name, id::text AS id, row_number() OVER (ORDER BY name, id) AS position, count(*) OVER () AS total
       FROM "Facility" WHERE ${visible}
     ) ranked
     WHERE (position - 1) % greatest(1, total / $1::int) = 0
     ORDER BY position LIMIT $1::int`,
    [pages],
  );
  const codes = await sql.query<{ code: string }>(
    `SELECT code FROM "Facility" WHERE ${visible} ORDER BY md5(code) LIMIT $1::int`,
    [options.codes ?? 256],
  );
  if (codes.rows.length === 0) throw new Error('no active facilities to sample: is the database loaded?');
  // The first bucket starts at the first row, whose page is the first page: use `null` for it.
  return {
    pageCursors: [null, ...positions.rows.slice(1).map((row) => nameCursor(row.name, row.id))],
    codes: codes.rows.map((row) => row.code),
  };
}
