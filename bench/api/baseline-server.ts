// The baseline of the API benchmark: the least a server could do to give the same three answers.
// node:http and a pg Pool, no framework; each answer is ONE SQL statement that builds the whole
// response body (the `{"data": …}` our GraphQL server returns) with json_build_object/json_agg,
// and the server copies the text to the socket. Arguments arrive as query parameters; the page
// cursor is ours (base64url JSON of ["NAME", name, id]) and the statement makes ours too.
//
// It gives the answers a VIEWER (the benchmark's API key) gets, by the rules of
// src/auth/capabilities.ts and src/facilities/visibility.ts: a confidential facility's location,
// address and ward are withheld, its quality score counts them as present, and ward counts
// leave such facilities out. `view: 'full'` gives
// what a DATA_ENGINEER sees (and what the server answered before access control).
// It answers facilityByCode for codes that were not merged away (what the benchmark asks); ours
// also follows merges.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { DEFAULT_POOL_IDLE_TIMEOUT_MS } from '../../src/db/database.js';

export type BaselineView = 'viewer' | 'full';

const VISIBLE = `f."isActive" AND f."mergedIntoId" IS NULL`;

/** Our cursor of row `f`, byte for byte: base64url (no padding) of the compact JSON array. */
const cursor = (f: string) =>
  `rtrim(translate(encode(convert_to('["NAME",' || to_json(${f}.name)::text || ',"' || ${f}.id::text || '"]', 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;

function statements(view: BaselineView) {
  /** `value` unless the caller may not know where facility `f` is. */
  const located = (f: string, value: string) => (view === 'full' ? value : `CASE WHEN ${f}."confidentialLocation" THEN NULL ELSE ${value} END`);

  /** The FacilityRow fragment of bench/api/operations.ts, as JSON built from row `f`. */
  const rowFields = (f: string) => `
    'id', encode(convert_to('Facility:' || ${f}.id::text, 'UTF8'), 'base64'),
    'code', ${f}.code,
    'name', ${f}.name,
    'type', ${f}.type,
    'status', ${f}.status,
    'location', ${located(f, `CASE WHEN ${f}.latitude IS NULL OR ${f}.longitude IS NULL THEN NULL
      ELSE json_build_object('latitude', ${f}.latitude, 'longitude', ${f}.longitude) END`)},
    'ward', ${located(f, `(SELECT json_build_object('code', w.code, 'name', w.name, 'constituency',
        json_build_object('code', c.code, 'name', c.name, 'county', json_build_object('code', k.code, 'name', k.name)))
      FROM "Ward" w JOIN "Constituency" c ON c.code = w."constituencyCode" JOIN "County" k ON k.code = c."countyCode"
      WHERE w.code = ${f}."wardCode")`)},
    'services', (SELECT coalesce(json_agg(json_build_object('key', s.key, 'label', s.label) ORDER BY fs."serviceKey"), '[]')
      FROM "FacilityService" fs JOIN "ServiceCategory" s ON s.key = fs."serviceKey" WHERE fs."facilityId" = ${f}.id),
    'contacts', (SELECT coalesce(json_agg(json_build_object('type', ct.type, 'value', ct.value, 'isPrimary', ct."isPrimary")
        ORDER BY ct."isPrimary" DESC, ct.type, ct.value), '[]')
      FROM "Contact" ct WHERE ct."facilityId" = ${f}.id)`;

  /** FacilityDetail: the row and the facility's own fields. */
  const detailFields = (f: string) => `${rowFields(f)},
    'subtype', ${f}.subtype,
    'address', ${located(f, `${f}.address`)},
    'openingHours', ${f}."openingHours",
    'website', ${f}.website,
    'confidentialLocation', ${f}."confidentialLocation",
    'isActive', ${f}."isActive",
    'qualityScore', ${view === 'full' ? `${f}."qualityScore"` : `CASE WHEN ${f}."confidentialLocation"
      THEN round((${f}."qualityScore" + CASE WHEN ${f}.latitude IS NULL THEN 0.15 ELSE 0 END
        + CASE WHEN ${f}."wardCode" IS NULL THEN 0.1 ELSE 0 END)::numeric, 2)::float8
      ELSE ${f}."qualityScore" END`},
    'identifiers', json_build_object('mflCode', ${f}."mflCode", 'stationCode', ${f}."stationCode",
      'branchCode', ${f}."branchCode", 'registrationNumber', ${f}."registrationNumber")`;

  /** $1 the page size; with a cursor, $2 and $3 its name and id. */
  const page = (withCursor: boolean) => `WITH page AS (
      SELECT f.*, row_number() OVER (ORDER BY f.name, f.id) AS position FROM (
        SELECT * FROM "Facility" f WHERE ${VISIBLE}
          ${withCursor ? `AND (f.name, f.id) > ($2::text, $3::uuid)` : ''}
        ORDER BY f.name, f.id LIMIT $1::int + 1
      ) f
    ), shown AS (SELECT * FROM page WHERE position <= $1::int)
    SELECT json_build_object('data', json_build_object('facilities', json_build_object(
      'edges', (SELECT coalesce(json_agg(json_build_object('cursor', ${cursor('f')}, 'node', json_build_object(${rowFields('f')}))
          ORDER BY f.position), '[]') FROM shown f),
      'pageInfo', json_build_object(
        'hasNextPage', (SELECT count(*) > $1::int FROM page),
        'endCursor', (SELECT ${cursor('f')} FROM shown f ORDER BY f.position DESC LIMIT 1))
    )))::text AS body`;

  // Every area with its active facilities, counted in one pass over the facilities (a ward's
  // count without the confidential ones, for a viewer); the lists are built bottom-up with hash
  // joins (wards per constituency, constituencies per county).
  const countyTree = `WITH per_area AS (
      SELECT f."countyCode" AS county, f."constituencyCode" AS constituency, f."wardCode" AS ward, count(*)::int AS n,
        ${view === 'full' ? 'count(*)::int' : `(count(*) FILTER (WHERE NOT f."confidentialLocation"))::int`} AS placeable
      FROM "Facility" f WHERE ${VISIBLE} GROUP BY 1, 2, 3
    ),
    county_n AS (SELECT county, sum(n)::int AS n FROM per_area GROUP BY county),
    constituency_n AS (SELECT constituency, sum(n)::int AS n FROM per_area WHERE constituency IS NOT NULL GROUP BY constituency),
    ward_n AS (SELECT ward, sum(placeable)::int AS n FROM per_area WHERE ward IS NOT NULL GROUP BY ward),
    wards AS (
      SELECT w."constituencyCode" AS constituency,
        json_agg(json_build_object('code', w.code, 'name', w.name, 'facilityCount', coalesce(wn.n, 0)) ORDER BY w.code) AS list
      FROM "Ward" w LEFT JOIN ward_n wn ON wn.ward = w.code GROUP BY w."constituencyCode"
    ),
    constituencies AS (
      SELECT c."countyCode" AS county,
        json_agg(json_build_object('code', c.code, 'name', c.name, 'facilityCount', coalesce(cn.n, 0),
          'wards', coalesce(ws.list, '[]')) ORDER BY c.code) AS list
      FROM "Constituency" c LEFT JOIN constituency_n cn ON cn.constituency = c.code LEFT JOIN wards ws ON ws.constituency = c.code
      GROUP BY c."countyCode"
    )
    SELECT json_build_object('data', json_build_object('counties', json_agg(json_build_object(
      'code', k.code, 'name', k.name, 'facilityCount', coalesce(kn.n, 0), 'constituencies', coalesce(cs.list, '[]')
    ) ORDER BY k.code)))::text AS body
    FROM "County" k LEFT JOIN county_n kn ON kn.county = k.code LEFT JOIN constituencies cs ON cs.county = k.code`;

  const byCode = `SELECT json_build_object('data', json_build_object('facilityByCode',
      (SELECT json_build_object(${detailFields('f')}) FROM "Facility" f WHERE f.code = $1)))::text AS body`;

  return { firstPage: page(false), nextPage: page(true), countyTree, byCode };
}

const VIEWS: Record<BaselineView, ReturnType<typeof statements>> = { viewer: statements('viewer'), full: statements('full') };

/** The statement and parameters answering a request, or undefined for a path it does not serve. */
export function baselineStatement(url: URL, view: BaselineView = 'viewer'): { text: string; values: unknown[] } | undefined {
  const { firstPage, nextPage, countyTree, byCode } = VIEWS[view];
  switch (url.pathname) {
    case '/facilities': {
      const first = Number(url.searchParams.get('first') ?? 20);
      if (!Number.isInteger(first) || first < 0 || first > 100) return undefined;
      const after = url.searchParams.get('after');
      if (!after) return { text: firstPage, values: [first] };
      const [, name, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string, string];
      return { text: nextPage, values: [first, name, id] };
    }
    case '/counties':
      return { text: countyTree, values: [] };
    case '/facility':
      return { text: byCode, values: [url.searchParams.get('code') ?? ''] };
    default:
      return undefined;
  }
}

export interface BaselineServer {
  url: string;
  /** Statements sent: exactly one per answered request. */
  statements(): number;
  close(): Promise<void>;
}

export async function startBaselineServer(options: { databaseUrl: string; poolSize?: number; view?: BaselineView }): Promise<BaselineServer> {
  // Pooled like ours, so that neither pays for reopening connections the other keeps.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, idleTimeoutMillis: DEFAULT_POOL_IDLE_TIMEOUT_MS });
  pool.on('error', () => {});
  let statements = 0;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let statement;
    try {
      statement = baselineStatement(new URL(req.url ?? '/', 'http://baseline'), options.view);
    } catch {
      statement = undefined;
    }
    if (!statement) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    try {
      statements += 1;
      const result = await pool.query<{ body: string }>(statement.text, statement.values);
      const body = result.rows[0]?.body ?? 'null';
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  // Requests are GETs without a body; keep-alive connections stay open for the load generator.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    statements: () => statements,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
