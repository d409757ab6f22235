// What the load stage reads from and writes to the registry, in set-based statements: each
// function touches a whole batch of records or facilities with a constant number of queries.
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/database.js';
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import type { MatchFeatures } from '../match/features.js';
import type { CanonicalRecord, RecordOutcome, SourceKind } from '../record.js';
import { insertRows } from './bulk.js';
import type { DerivedFacility, FacilityValues, Overrides, SurvivorInput } from './survivorship.js';

export type { RecordOutcome };

/** What the registry holds for a source key: its facility and the content of its latest delivery. */
export interface PreviousRecord {
  facilityId: string;
  /** Content hashes of the key's rows in its latest delivery (several when a file repeats a key). */
  contentHashes: string[];
  importRunId: string;
}

/** Where a run has already placed a source key: a repeat of it joins that facility. */
export interface PlacedRecord {
  facilityId: string;
  fileName: string;
  pointer: string;
}

const keyOf = (kind: string, sourceKey: string) => `${kind}\u0000${sourceKey}`;
export { keyOf as sourceKeyId };

/**
 * The rows of a key's latest delivery: every row of the one run that delivered it last. A whole
 * run, not the rows written last: a key repeated within a delivery has several rows, and they
 * all describe the facility (a repeat loaded after its first may come in a later transaction).
 */
const LATEST_RUN_ROWS = (where: string, join = '') => `
  SELECT * FROM (
    SELECT s.*, dense_rank() OVER (PARTITION BY s.kind, s."sourceKey" ORDER BY s."runLast" DESC, s."importRunId") AS rk
      FROM (SELECT s.*, max(s."createdAt") OVER (PARTITION BY s.kind, s."sourceKey", s."importRunId") AS "runLast"
              FROM "SourceRecord" s ${join} WHERE ${where}) s) latest
   WHERE rk = 1`;

const KEYS_JOIN = `JOIN unnest($1::text[], $2::text[]) AS k(kind, key) ON s.kind = k.kind::"SourceKind" AND s."sourceKey" = k.key`;

/**
 * Each key's latest delivery before the run `runId`: what the run's records are compared with.
 * The run's own rows are left out, so a key it repeats is still compared with the last delivery.
 */
export async function previousRecords(sql: Sql, keys: { kind: SourceKind; sourceKey: string }[], runId: string): Promise<Map<string, PreviousRecord>> {
  const out = new Map<string, PreviousRecord>();
  if (keys.length === 0) return out;
  const r = await sql.query<{ kind: string; sourceKey: string; facilityId: string; contentHashes: string[]; importRunId: string }>(
    `SELECT kind::text AS kind, "sourceKey", (array_agg("facilityId"))[1] AS "facilityId", array_agg("contentHash") AS "contentHashes",
            (array_agg("importRunId"))[1] AS "importRunId"
       FROM (${LATEST_RUN_ROWS(`s."facilityId" IS NOT NULL AND s."importRunId" <> $3::uuid`, KEYS_JOIN)}) latest
      GROUP BY kind, "sourceKey"`,
    [keys.map((k) => k.kind), keys.map((k) => k.sourceKey), runId],
  );
  for (const row of r.rows) out.set(keyOf(row.kind, row.sourceKey), row);
  return out;
}

/** Keys the run `runId` has already placed, in earlier batches or sources: where, and at which facility. */
export async function placedThisRun(sql: Sql, keys: { kind: SourceKind; sourceKey: string }[], runId: string): Promise<Map<string, PlacedRecord>> {
  const out = new Map<string, PlacedRecord>();
  if (keys.length === 0) return out;
  const r = await sql.query<PlacedRecord & { kind: string; sourceKey: string }>(
    `SELECT DISTINCT ON (s.kind, s."sourceKey") s.kind::text AS kind, s."sourceKey", s."facilityId", s."fileName", s.pointer
       FROM "SourceRecord" s ${KEYS_JOIN}
      WHERE s."importRunId" = $3::uuid AND s."facilityId" IS NOT NULL
      ORDER BY s.kind, s."sourceKey", s."createdAt"`,
    [keys.map((k) => k.kind), keys.map((k) => k.sourceKey), runId],
  );
  for (const row of r.rows) out.set(keyOf(row.kind, row.sourceKey), row);
  return out;
}

const IDENTIFIER_COLUMNS = ['mflCode', 'stationCode', 'branchCode', 'registrationNumber'] as const;
export type IdentifierColumn = (typeof IDENTIFIER_COLUMNS)[number];

/** Active facilities holding any of the given external identifiers, as match features. */
export async function facilitiesByIdentifiers(sql: Sql, records: CanonicalRecord[]): Promise<MatchFeatures[]> {
  const lists = IDENTIFIER_COLUMNS.map((c) => [...new Set(records.map((r) => r.identifiers[c]).filter((v): v is string => Boolean(v)))]);
  if (lists.every((l) => l.length === 0)) return [];
  return featuresWhere(
    sql,
    `f."isActive" AND (f."mflCode" = ANY($1) OR f."stationCode" = ANY($2) OR f."branchCode" = ANY($3) OR f."registrationNumber" = ANY($4))`,
    lists,
  );
}

/**
 * Active facilities sharing a blocking key with the batch, each with the keys it shares. Keys
 * held by more than `maxPerKey` facilities are skipped: they are too common to mean anything.
 */
export async function facilitiesByBlockKeys(sql: Sql, keys: string[], maxPerKey: number): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (keys.length === 0) return out;
  // Ids come as one comma-separated text (uuids hold no commas): the driver's parser for
  // uuid[] built an array of each id's characters first, and this runs for every batch.
  // One index probe per key, however many keys: as `key = ANY(…)` over the table, a batch's
  // ~15,000 keys made the planner prefer a sequential scan of the whole table once it held a
  // few hundred thousand keys, so each batch cost more than the one before. A block is read no
  // further than one past the cap, which is enough to know it is too big.
  const r = await sql.query<{ key: string; ids: string }>(
    `SELECT k.key, b.ids
       FROM unnest($1::text[]) AS k(key)
       CROSS JOIN LATERAL (
         SELECT string_agg(m."facilityId"::text, ',') AS ids, count(*) AS n
           FROM (SELECT "facilityId" FROM "FacilityBlockKey" WHERE key = k.key LIMIT $2::int + 1) m) b
      WHERE b.n BETWEEN 1 AND $2::int`,
    [keys, maxPerKey],
  );
  for (const row of r.rows) out.set(row.key, row.ids.split(','));
  return out;
}

/** Which of these facility codes the registry already holds (merged-away facilities included). */
export async function facilityCodesInUse(sql: Sql, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const r = await sql.query<{ code: string }>(`SELECT code FROM "Facility" WHERE code = ANY($1::text[])`, [codes]);
  return new Set(r.rows.map((row) => row.code));
}

/** Match features of the given active facilities. */
export async function facilityFeatures(sql: Sql, ids: string[]): Promise<MatchFeatures[]> {
  if (ids.length === 0) return [];
  return featuresWhere(sql, `f.id = ANY($1::uuid[]) AND f."isActive"`, [ids]);
}

async function featuresWhere(sql: Sql, where: string, params: unknown[]): Promise<MatchFeatures[]> {
  const r = await sql.query<{
    id: string; name: string; searchName: string; type: MatchFeatures['type']; countyCode: string;
    constituencyCode: string | null; wardCode: string | null; latitude: number | null; longitude: number | null;
    mflCode: string | null; stationCode: string | null; branchCode: string | null; registrationNumber: string | null;
    phones: string[] | null; emails: string[] | null; confidentialLocation: boolean;
  }>(
    // One pass over each facility's contacts for both lists; JSON, because the driver reads it
    // with JSON.parse, far cheaper than its text[] parser.
    `SELECT f.id, f.name, f."searchName", f.type::text AS type, f."countyCode", f."constituencyCode", f."wardCode",
            f.latitude, f.longitude, f."mflCode", f."stationCode", f."branchCode", f."registrationNumber",
            c.phones, c.emails, f."confidentialLocation"
       FROM "Facility" f
       CROSS JOIN LATERAL (
         SELECT json_agg(value) FILTER (WHERE type IN ('PHONE', 'HOTLINE')) AS phones,
                json_agg(value) FILTER (WHERE type = 'EMAIL') AS emails
           FROM "Contact" WHERE "facilityId" = f.id) c
      WHERE ${where}`,
    params,
  );
  return r.rows.map((f) => ({
    id: f.id,
    name: f.name,
    searchName: f.searchName,
    type: f.type,
    countyCode: f.countyCode,
    constituencyCode: f.constituencyCode ?? undefined,
    wardCode: f.wardCode ?? undefined,
    latitude: f.latitude ?? undefined,
    longitude: f.longitude ?? undefined,
    phones: f.phones ?? [],
    emails: f.emails ?? [],
    confidential: f.confidentialLocation,
    identifiers: {
      mflCode: f.mflCode ?? undefined,
      stationCode: f.stationCode ?? undefined,
      branchCode: f.branchCode ?? undefined,
      registrationNumber: f.registrationNumber ?? undefined,
    },
  }));
}

/**
 * The records that currently describe each facility: for every (kind, source key) pointing at
 * it, the rows of the latest delivery that carried that key, unchanged ones included.
 */
export async function survivorInputs(sql: Sql, facilityIds: string[], cipher: PersonalDataCipher): Promise<Map<string, { inputs: SurvivorInput[]; overrides: Overrides }>> {
  const out = new Map<string, { inputs: SurvivorInput[]; overrides: Overrides }>();
  if (facilityIds.length === 0) return out;
  const r = await sql.query<{ facilityId: string; normalised: StoredRecord | string; seenAt: Date; overrides: Overrides | string }>(
    // An UNCHANGED row stores no normalised copy: its content is that of the latest row that
    // delivered the same content, and that row's time is when it was seen. So a key whose
    // latest run changed one of its repeated lines is still described by the other.
    `SELECT s."facilityId", c.normalised, c."createdAt" AS "seenAt", f.overrides
       FROM (${LATEST_RUN_ROWS(`s."facilityId" = ANY($1::uuid[]) AND s.outcome <> 'REJECTED'`)}) s
       CROSS JOIN LATERAL (
         SELECT c.normalised, c."createdAt" FROM "SourceRecord" c
          WHERE c.kind = s.kind AND c."sourceKey" = s."sourceKey" AND c."contentHash" = s."contentHash" AND c.normalised IS NOT NULL
          ORDER BY c."createdAt" DESC LIMIT 1) c
       JOIN "Facility" f ON f.id = s."facilityId"`,
    [facilityIds],
  );
  for (const row of r.rows) {
    const entry = out.get(row.facilityId) ?? { inputs: [], overrides: parseJson<Overrides>(row.overrides) };
    entry.inputs.push({ record: fromStoredForm(parseJson<StoredRecord>(row.normalised), cipher), seenAt: new Date(row.seenAt) });
    out.set(row.facilityId, entry);
  }
  return out;
}

function parseJson<T>(v: T | string): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}

/** Current values of facilities, for audit diffs. */
export async function facilityValues(sql: Sql, ids: string[]): Promise<Map<string, FacilityValues & { code: string }>> {
  const out = new Map<string, FacilityValues & { code: string }>();
  if (ids.length === 0) return out;
  const r = await sql.query<FacilityValues & { id: string; code: string }>(
    `SELECT id, code, ${VALUE_COLUMNS.map((c) => `"${c.name}"${c.type === 'text' || c.type === 'float8' || c.type === 'boolean' ? '' : '::text'} AS "${c.name}"`).join(', ')}
       FROM "Facility" WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  for (const row of r.rows) out.set(row.id, row);
  return out;
}

const VALUE_COLUMNS: { name: keyof FacilityValues; type: string }[] = [
  { name: 'name', type: 'text' },
  { name: 'searchName', type: 'text' },
  { name: 'type', type: 'FacilityType' },
  { name: 'subtype', type: 'text' },
  { name: 'ownership', type: 'text' },
  { name: 'status', type: 'FacilityStatus' },
  { name: 'mflCode', type: 'text' },
  { name: 'stationCode', type: 'text' },
  { name: 'branchCode', type: 'text' },
  { name: 'registrationNumber', type: 'text' },
  { name: 'countyCode', type: 'text' },
  { name: 'constituencyCode', type: 'text' },
  { name: 'wardCode', type: 'text' },
  { name: 'latitude', type: 'float8' },
  { name: 'longitude', type: 'float8' },
  { name: 'coordinateOrigin', type: 'CoordinateOrigin' },
  { name: 'coordinateSourceKind', type: 'SourceKind' },
  { name: 'address', type: 'text' },
  { name: 'openingHours', type: 'text' },
  { name: 'website', type: 'text' },
  { name: 'confidentialLocation', type: 'boolean' },
  { name: 'qualityScore', type: 'float8' },
];

export interface NewFacility { id: string; code: string; derived: DerivedFacility }

export async function insertFacilities(sql: Sql, facilities: NewFacility[], actor: string): Promise<void> {
  await insertRows(
    sql,
    'Facility',
    [{ name: 'id', type: 'uuid' }, { name: 'code', type: 'text' }, ...VALUE_COLUMNS, { name: 'createdBy', type: 'text' }, { name: 'updatedBy', type: 'text' }],
    facilities.map((f) => [f.id, f.code, ...VALUE_COLUMNS.map((c) => f.derived.values[c.name]), actor, actor]),
  );
}

/** Rewrites derived values; identifiers are cleared first so that values moving between two facilities of the batch do not collide. */
export async function updateFacilities(sql: Sql, facilities: { id: string; derived: DerivedFacility }[], actor: string): Promise<void> {
  if (facilities.length === 0) return;
  const ids = facilities.map((f) => f.id);
  await sql.query(
    `UPDATE "Facility" SET "mflCode" = NULL, "stationCode" = NULL, "branchCode" = NULL, "registrationNumber" = NULL WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const sets = VALUE_COLUMNS.map((c) => `"${c.name}" = v."${c.name}"${c.type === 'text' || c.type === 'float8' || c.type === 'boolean' ? '' : `::"${c.type}"`}`).join(', ');
  const params = [ids, ...VALUE_COLUMNS.map((c) => facilities.map((f) => f.derived.values[c.name]))];
  const unnest = VALUE_COLUMNS.map((c, i) => `$${i + 2}::${c.type === 'float8' || c.type === 'boolean' ? c.type : 'text'}[]`).join(', ');
  await sql.query(
    `UPDATE "Facility" f SET ${sets}, "updatedAt" = now(), "updatedBy" = $${VALUE_COLUMNS.length + 2}
       FROM unnest($1::uuid[], ${unnest}) AS v(id, ${VALUE_COLUMNS.map((c) => `"${c.name}"`).join(', ')})
      WHERE f.id = v.id`,
    [...params, actor],
  );
}

/** Replaces services, contacts and named persons of the given facilities with their derived sets. */
export async function replaceChildren(
  sql: Sql,
  facilities: { id: string; derived: DerivedFacility }[],
  cipher: PersonalDataCipher,
  replacing: boolean,
): Promise<void> {
  if (facilities.length === 0) return;
  const ids = facilities.map((f) => f.id);
  if (replacing) {
    await sql.query(`DELETE FROM "FacilityService" WHERE "facilityId" = ANY($1::uuid[])`, [ids]);
    await sql.query(`DELETE FROM "Contact" WHERE "facilityId" = ANY($1::uuid[])`, [ids]);
    await sql.query(`DELETE FROM "ContactPerson" WHERE "facilityId" = ANY($1::uuid[])`, [ids]);
  }
  await insertRows(
    sql,
    'FacilityService',
    [{ name: 'facilityId', type: 'uuid' }, { name: 'serviceKey', type: 'text' }],
    facilities.flatMap((f) => f.derived.services.map((s) => [f.id, s])),
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    sql,
    'Contact',
    [{ name: 'id', type: 'uuid' }, { name: 'facilityId', type: 'uuid' }, { name: 'type', type: 'ContactType' }, { name: 'value', type: 'text' }, { name: 'isPrimary', type: 'boolean' }],
    facilities.flatMap((f) => f.derived.contacts.map((c) => [randomUUID(), f.id, c.type, c.value, c.isPrimary])),
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    sql,
    'ContactPerson',
    [
      { name: 'id', type: 'uuid' }, { name: 'facilityId', type: 'uuid' }, { name: 'role', type: 'text' }, { name: 'fingerprint', type: 'text' },
      { name: 'nameEncrypted', type: 'text' }, { name: 'phoneEncrypted', type: 'text' }, { name: 'emailEncrypted', type: 'text' },
    ],
    facilities.flatMap((f) =>
      f.derived.persons.map((p) => [
        randomUUID(), f.id, p.role, cipher.fingerprint(p.role, p.name, p.phone ?? ''),
        cipher.encrypt(p.name), p.phone ? cipher.encrypt(p.phone) : null, p.email ? cipher.encrypt(p.email) : null,
      ]),
    ),
    'ON CONFLICT DO NOTHING',
  );
}

export async function replaceBlockKeys(sql: Sql, keys: { facilityId: string; keys: string[] }[], replacing = true): Promise<void> {
  if (keys.length === 0) return;
  if (replacing) await sql.query(`DELETE FROM "FacilityBlockKey" WHERE "facilityId" = ANY($1::uuid[])`, [keys.map((k) => k.facilityId)]);
  await insertRows(
    sql,
    'FacilityBlockKey',
    [{ name: 'key', type: 'text' }, { name: 'facilityId', type: 'uuid' }],
    keys.flatMap((k) => [...new Set(k.keys)].map((key) => [key, k.facilityId])),
    'ON CONFLICT DO NOTHING',
  );
}

export interface SourceRecordRow {
  importRunId: string;
  importSourceId: string;
  kind: SourceKind;
  fileName: string;
  pointer: string;
  sourceKey: string;
  contentHash: string;
  payload: unknown;
  normalised: CanonicalRecord | null;
  outcome: RecordOutcome;
  facilityId: string | null;
  reprocessedFromId?: string | null;
}

export async function insertSourceRecords(sql: Sql, rows: SourceRecordRow[], cipher: PersonalDataCipher): Promise<void> {
  await insertRows(
    sql,
    'SourceRecord',
    [
      { name: 'id', type: 'uuid' }, { name: 'importRunId', type: 'uuid' }, { name: 'importSourceId', type: 'uuid' },
      { name: 'kind', type: 'SourceKind' }, { name: 'fileName', type: 'text' }, { name: 'pointer', type: 'text' },
      { name: 'sourceKey', type: 'text' }, { name: 'contentHash', type: 'text' }, { name: 'payload', type: 'jsonb' },
      { name: 'normalised', type: 'jsonb' }, { name: 'outcome', type: 'RecordOutcome' }, { name: 'facilityId', type: 'uuid' },
      { name: 'reprocessedFromId', type: 'uuid' },
    ],
    rows.map((r) => [
      randomUUID(), r.importRunId, r.importSourceId, r.kind, r.fileName, r.pointer, r.sourceKey, r.contentHash,
      r.payload ?? null, r.normalised ? storedForm(r.normalised, cipher) : null, r.outcome, r.facilityId, r.reprocessedFromId ?? null,
    ]),
  );
}

/** A normalised record as stored: the raw payload lives in its own column, named people are sealed. */
type StoredRecord = Omit<CanonicalRecord, 'payload' | 'persons'> & { persons: [] ; sealedPersons?: string };

function storedForm(r: CanonicalRecord, cipher: PersonalDataCipher): StoredRecord {
  const { payload: _payload, persons, ...rest } = r;
  return { ...rest, persons: [], ...(persons.length ? { sealedPersons: cipher.encrypt(JSON.stringify(persons)) } : {}) };
}

function fromStoredForm(stored: StoredRecord, cipher: PersonalDataCipher): CanonicalRecord {
  const { sealedPersons, ...rest } = stored;
  return { ...rest, persons: sealedPersons ? JSON.parse(cipher.decrypt(sealedPersons)) : [], payload: null };
}

export interface AuditRow {
  actor: string;
  actorRole?: string | null;
  requestId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  importRunId?: string | null;
}

export async function insertAuditEvents(sql: Sql, rows: AuditRow[]): Promise<void> {
  await insertRows(
    sql,
    'AuditEvent',
    [
      { name: 'actor', type: 'text' }, { name: 'actorRole', type: 'text' }, { name: 'requestId', type: 'text' },
      { name: 'action', type: 'text' }, { name: 'entityType', type: 'text' }, { name: 'entityId', type: 'text' },
      { name: 'before', type: 'jsonb' }, { name: 'after', type: 'jsonb' }, { name: 'importRunId', type: 'uuid' },
    ],
    rows.map((r) => [r.actor, r.actorRole ?? null, r.requestId ?? null, r.action, r.entityType, r.entityId, r.before ?? null, r.after ?? null, r.importRunId ?? null]),
  );
}

export interface CandidateRow { facilityAId: string; facilityBId: string; score: number; features: unknown; importRunId: string }

/** Opens review candidates; a pair already decided (or already open) is left as it is. */
export async function insertCandidates(sql: Sql, rows: CandidateRow[]): Promise<number> {
  const ordered = rows.map((r) => (r.facilityAId < r.facilityBId ? r : { ...r, facilityAId: r.facilityBId, facilityBId: r.facilityAId }));
  return insertRows(
    sql,
    'DuplicateCandidate',
    [
      { name: 'id', type: 'uuid' }, { name: 'facilityAId', type: 'uuid' }, { name: 'facilityBId', type: 'uuid' },
      { name: 'score', type: 'float8' }, { name: 'features', type: 'jsonb' }, { name: 'importRunId', type: 'uuid' },
    ],
    ordered.map((r) => [randomUUID(), r.facilityAId, r.facilityBId, r.score, r.features, r.importRunId]),
    'ON CONFLICT ("facilityAId", "facilityBId") DO NOTHING',
  );
}
