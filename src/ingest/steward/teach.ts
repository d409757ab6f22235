// Teaching the registry: a place alias (text → county, constituency or ward) and a service
// synonym (text → taxonomy key), stored once, audited, and consulted by every later import and
// reprocessing. Teaching the same text again points it elsewhere (the audit keeps both).
import type { Sql } from '../../db/database.js';
import { isPlaceholderName, normalisePlaceName } from '../../geography/normalise-place.js';
import { insertAuditEvents } from '../load/registry.js';
import { isServiceKey, type ServiceKey } from '../services/taxonomy.js';
import { serviceLookupKey } from '../services/vocabulary.js';

export type PlaceLevel = 'COUNTY' | 'CONSTITUENCY' | 'WARD';

export interface Actor { actor: string; actorRole?: string | null; requestId?: string | null }

/** A request a steward can correct: the message says what is wrong with it. */
export class TeachingError extends Error {}

export interface TaughtPlaceAlias { id: number; level: PlaceLevel; text: string; entityCode: string; name: string; createdBy: string }
export interface TaughtServiceSynonym { id: number; text: string; serviceKey: ServiceKey; createdBy: string }

const UNIT_TABLE: Record<PlaceLevel, string> = { COUNTY: '"County"', CONSTITUENCY: '"Constituency"', WARD: '"Ward"' };

export async function teachPlaceAlias(sql: Sql, input: { text: string; level: PlaceLevel; code: string } & Actor): Promise<TaughtPlaceAlias> {
  const text = input.text.trim();
  const key = normalisePlaceName(text);
  if (key === '' || isPlaceholderName(key)) throw new TeachingError(`"${input.text}" names no place: it cannot be an alias.`);
  return sql.transaction(async (tx) => {
    const unit = await tx.query<{ name: string }>(`SELECT name FROM ${UNIT_TABLE[input.level]} WHERE code = $1`, [input.code]);
    if (!unit.rows[0]) throw new TeachingError(`There is no ${input.level.toLowerCase()} with code "${input.code}".`);
    const before = await tx.query<{ entityCode: string }>(`SELECT "entityCode" FROM "PlaceAlias" WHERE level = $1::"GeoLevel" AND key = $2`, [input.level, key]);
    const saved = await tx.query<{ id: number; createdBy: string }>(
      `INSERT INTO "PlaceAlias" (level, text, key, "entityCode", "createdBy") VALUES ($1::"GeoLevel", $2, $3, $4, $5)
       ON CONFLICT (level, key) DO UPDATE SET text = EXCLUDED.text, "entityCode" = EXCLUDED."entityCode", "createdBy" = EXCLUDED."createdBy", "updatedAt" = now()
       RETURNING id, "createdBy"`,
      [input.level, text, key, input.code, input.actor],
    );
    const { id, createdBy } = saved.rows[0];
    await insertAuditEvents(tx, [{
      actor: input.actor, actorRole: input.actorRole, requestId: input.requestId,
      action: 'PLACE_ALIAS_TAUGHT', entityType: 'PlaceAlias', entityId: String(id),
      before: before.rows[0] ? { level: input.level, text, entityCode: before.rows[0].entityCode } : null,
      after: { level: input.level, text, entityCode: input.code },
    }]);
    return { id, level: input.level, text, entityCode: input.code, name: unit.rows[0].name, createdBy };
  });
}

export async function teachServiceSynonym(sql: Sql, input: { text: string; serviceKey: string } & Actor): Promise<TaughtServiceSynonym> {
  const text = input.text.trim();
  const key = serviceLookupKey(text);
  if (key === '') throw new TeachingError(`"${input.text}" names no service: it cannot be a synonym.`);
  const serviceKey = input.serviceKey;
  if (!isServiceKey(serviceKey)) throw new TeachingError(`"${input.serviceKey}" is not a service key of the taxonomy.`);
  return sql.transaction(async (tx) => {
    const before = await tx.query<{ serviceKey: string }>(`SELECT "serviceKey" FROM "ServiceSynonym" WHERE key = $1`, [key]);
    const saved = await tx.query<{ id: number; createdBy: string }>(
      `INSERT INTO "ServiceSynonym" (text, key, "serviceKey", "createdBy") VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET text = EXCLUDED.text, "serviceKey" = EXCLUDED."serviceKey", "createdBy" = EXCLUDED."createdBy", "updatedAt" = now()
       RETURNING id, "createdBy"`,
      [text, key, serviceKey, input.actor],
    );
    const { id, createdBy } = saved.rows[0];
    await insertAuditEvents(tx, [{
      actor: input.actor, actorRole: input.actorRole, requestId: input.requestId,
      action: 'SERVICE_SYNONYM_TAUGHT', entityType: 'ServiceSynonym', entityId: String(id),
      before: before.rows[0] ? { text, serviceKey: before.rows[0].serviceKey } : null,
      after: { text, serviceKey },
    }]);
    return { id, text, serviceKey, createdBy };
  });
}
