// Merging two facilities into one, and undoing it. A merge moves the merged-away facility's
// records to the survivor and rebuilds the survivor from all of them (survivorship decides the
// values, services and contacts are unions). The merged-away row stays, inactive, pointing at
// the survivor, so its public code keeps resolving. What moved is written down (FacilityMerge)
// so that an unmerge can move exactly that back.
import type { Sql } from '../../db/database.js';
import { insertAuditEvents } from '../load/registry.js';
import { MergeError } from './errors.js';
import { rebuildFacilities, type RebuildDeps } from './rebuild.js';

export interface Actor { actor: string; actorRole?: string | null; requestId?: string | null }

interface FacilityRow { id: string; code: string; isActive: boolean; mergedIntoId: string | null }

interface MergeSnapshot {
  movedRecordIds: string[];
  /** The survivor's hand-set values before the merge pinned its name and type. */
  survivorOverrides: Record<string, unknown>;
  /** Facilities that had been merged into the merged-away one, re-pointed at the survivor. */
  repointedFacilityIds: string[];
}

function parseJson(v: Record<string, unknown> | string): Record<string, unknown> {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

async function lockFacilities(sql: Sql, ids: string[]): Promise<Map<string, FacilityRow>> {
  const r = await sql.query<FacilityRow>(
    `SELECT id, code, "isActive", "mergedIntoId" FROM "Facility" WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return new Map(r.rows.map((f) => [f.id, f]));
}

export async function mergeFacilities(
  sql: Sql,
  deps: RebuildDeps,
  input: { survivorId: string; mergedId: string; candidateId?: string; reason: string } & Actor,
): Promise<{ mergeId: string }> {
  const { survivorId, mergedId } = input;
  if (survivorId === mergedId) throw new MergeError('BAD_USER_INPUT', 'A facility cannot be merged into itself.');
  return sql.transaction(async (tx) => {
    const rows = await lockFacilities(tx, [survivorId, mergedId]);
    for (const id of [survivorId, mergedId]) {
      const f = rows.get(id);
      if (!f) throw new MergeError('NOT_FOUND', `Facility ${id} does not exist.`);
      if (!f.isActive) throw new MergeError('CONFLICT', `Facility ${f.code} is not active (already merged or deactivated).`);
    }
    const moved = await tx.query<{ id: string }>(
      `UPDATE "SourceRecord" SET "facilityId" = $1::uuid WHERE "facilityId" = $2::uuid RETURNING id`,
      [survivorId, mergedId],
    );
    const repointed = await tx.query<{ id: string }>(
      `UPDATE "Facility" SET "mergedIntoId" = $1::uuid WHERE "mergedIntoId" = $2::uuid RETURNING id`,
      [survivorId, mergedId],
    );
    // Identifiers are unique: they leave the merged-away row and reach the survivor by rebuilding.
    await tx.query(
      `UPDATE "Facility" SET "isActive" = false, "mergedIntoId" = $1::uuid, "mergedAt" = now(), "updatedAt" = now(), "updatedBy" = $3,
              "mflCode" = NULL, "stationCode" = NULL, "branchCode" = NULL, "registrationNumber" = NULL
        WHERE id = $2::uuid`,
      [survivorId, mergedId, input.actor],
    );
    await tx.query(`DELETE FROM "FacilityBlockKey" WHERE "facilityId" = $1::uuid`, [mergedId]);
    // Open questions about the merged-away facility are moot now; decided ones stay as history.
    await tx.query(
      `DELETE FROM "DuplicateCandidate" WHERE status = 'OPEN' AND ("facilityAId" = $1::uuid OR "facilityBId" = $1::uuid) AND id <> COALESCE($2::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`,
      [mergedId, input.candidateId ?? null],
    );
    // The facility chosen to survive keeps its name and type, whichever records are newer.
    const pinned = await tx.query<{ overrides: Record<string, unknown> | string }>(
      `SELECT overrides FROM "Facility" WHERE id = $1::uuid`,
      [survivorId],
    );
    const survivorOverrides = parseJson(pinned.rows[0].overrides);
    await tx.query(
      `UPDATE "Facility" SET overrides = overrides || jsonb_build_object('name', name, 'type', type::text) WHERE id = $1::uuid`,
      [survivorId],
    );
    const rebuilt = await rebuildFacilities(tx, [survivorId], deps, input.actor);
    const snapshot: MergeSnapshot = {
      movedRecordIds: moved.rows.map((r) => r.id),
      survivorOverrides,
      repointedFacilityIds: repointed.rows.map((r) => r.id),
    };
    const merge = await tx.query<{ id: string }>(
      `INSERT INTO "FacilityMerge" (id, "survivorId", "mergedId", "candidateId", reason, snapshot, actor)
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4, $5::jsonb, $6) RETURNING id`,
      [survivorId, mergedId, input.candidateId ?? null, input.reason, JSON.stringify(snapshot), input.actor],
    );
    const base = { actor: input.actor, actorRole: input.actorRole, requestId: input.requestId, entityType: 'Facility' };
    await insertAuditEvents(tx, [
      { ...base, action: 'FACILITY_MERGED_AWAY', entityId: mergedId, after: { mergedInto: rows.get(survivorId)!.code, mergeId: merge.rows[0].id } },
      { ...base, action: 'FACILITY_MERGED', entityId: survivorId, before: rebuilt.get(survivorId)?.before ?? null, after: { ...rebuilt.get(survivorId)?.after, absorbed: rows.get(mergedId)!.code } },
    ]);
    return { mergeId: merge.rows[0].id };
  });
}

/** Undoes the latest merge of `mergedId`: both facilities come back with their own records. */
export async function unmergeFacility(sql: Sql, deps: RebuildDeps, input: { mergedId: string } & Actor): Promise<{ survivorId: string }> {
  return sql.transaction(async (tx) => {
    const found = await tx.query<{ id: string; survivorId: string; candidateId: string | null; snapshot: MergeSnapshot | string }>(
      `SELECT id, "survivorId", "candidateId", snapshot FROM "FacilityMerge"
        WHERE "mergedId" = $1::uuid AND "undoneAt" IS NULL ORDER BY "createdAt" DESC LIMIT 1 FOR UPDATE`,
      [input.mergedId],
    );
    const merge = found.rows[0];
    if (!merge) throw new MergeError('NOT_FOUND', 'This facility has no merge to undo.');
    const snapshot: MergeSnapshot = typeof merge.snapshot === 'string' ? JSON.parse(merge.snapshot) : merge.snapshot;
    await lockFacilities(tx, [merge.survivorId, input.mergedId]);
    await tx.query(
      `UPDATE "SourceRecord" SET "facilityId" = $1::uuid WHERE id = ANY($2::uuid[]) AND "facilityId" = $3::uuid`,
      [input.mergedId, snapshot.movedRecordIds, merge.survivorId],
    );
    await tx.query(`UPDATE "Facility" SET "mergedIntoId" = $1::uuid WHERE id = ANY($2::uuid[])`, [input.mergedId, snapshot.repointedFacilityIds]);
    await tx.query(`UPDATE "Facility" SET overrides = $2::jsonb WHERE id = $1::uuid`, [merge.survivorId, JSON.stringify(snapshot.survivorOverrides ?? {})]);
    await tx.query(
      `UPDATE "Facility" SET "isActive" = true, "mergedIntoId" = NULL, "mergedAt" = NULL, "updatedAt" = now(), "updatedBy" = $2 WHERE id = $1::uuid`,
      [input.mergedId, input.actor],
    );
    // Survivor first: it gives up the identifiers the merged facility's records carry.
    await rebuildFacilities(tx, [merge.survivorId], deps, input.actor);
    await rebuildFacilities(tx, [input.mergedId], deps, input.actor);
    await tx.query(`UPDATE "FacilityMerge" SET "undoneAt" = now(), "undoneBy" = $2 WHERE id = $1::uuid`, [merge.id, input.actor]);
    // A merge undone is a judgement that the two are different: later imports must not redo it.
    const [a, b] = [merge.survivorId, input.mergedId].sort();
    await tx.query(
      `INSERT INTO "DuplicateCandidate" (id, "facilityAId", "facilityBId", score, features, status, "decidedBy", "decidedAt")
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 0, '{"reason":"merge undone"}'::jsonb, 'NOT_DUPLICATE', $3, now())
       ON CONFLICT ("facilityAId", "facilityBId") DO UPDATE SET status = 'NOT_DUPLICATE', "decidedBy" = $3, "decidedAt" = now(), "updatedAt" = now()`,
      [a, b, input.actor],
    );
    const base = { actor: input.actor, actorRole: input.actorRole, requestId: input.requestId, entityType: 'Facility' };
    await insertAuditEvents(tx, [
      { ...base, action: 'FACILITY_UNMERGED', entityId: input.mergedId, after: { from: merge.survivorId, mergeId: merge.id } },
      { ...base, action: 'FACILITY_UNMERGED', entityId: merge.survivorId, after: { restored: input.mergedId, mergeId: merge.id } },
    ]);
    return { survivorId: merge.survivorId };
  });
}
