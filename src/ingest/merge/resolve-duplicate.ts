// A reviewer's decision on a duplicate candidate. MERGE merges (survivor chosen by the reviewer
// or by the survivorship rules); NOT_DUPLICATE is remembered so that no later import flags or
// merges the pair again. A candidate is decided once.
import type { Sql } from '../../db/database.js';
import { insertAuditEvents } from '../load/registry.js';
import { MergeError } from './errors.js';
import { mergeFacilities, type Actor } from './merge.js';
import type { RebuildDeps } from './rebuild.js';

export type DuplicateDecision = 'MERGE' | 'NOT_DUPLICATE';

export async function resolveDuplicate(
  sql: Sql,
  deps: RebuildDeps,
  input: { candidateId: string; decision: DuplicateDecision; survivorId?: string | null } & Actor,
): Promise<{ candidateId: string; survivorId?: string }> {
  const found = await sql.query<{ id: string; status: string; a: string; b: string }>(
    `SELECT id, status::text AS status, "facilityAId" AS a, "facilityBId" AS b FROM "DuplicateCandidate" WHERE id = $1::uuid`,
    [input.candidateId],
  );
  const candidate = found.rows[0];
  if (!candidate) throw new MergeError('NOT_FOUND', 'No such duplicate candidate.');
  if (candidate.status !== 'OPEN') throw new MergeError('ALREADY_RESOLVED', `This candidate was already resolved (${candidate.status}).`);
  if (input.survivorId && input.survivorId !== candidate.a && input.survivorId !== candidate.b) {
    throw new MergeError('BAD_USER_INPUT', 'survivorId must be one of the two facilities of the candidate.');
  }

  const decide = async (tx: Sql, status: string) => {
    // The status check in the WHERE makes two concurrent decisions resolve the candidate once.
    const r = await tx.query(
      `UPDATE "DuplicateCandidate" SET status = $2::"DuplicateStatus", "decidedBy" = $3, "decidedAt" = now(), "updatedAt" = now()
        WHERE id = $1::uuid AND status = 'OPEN'`,
      [candidate.id, status, input.actor],
    );
    if (r.rowCount === 0) throw new MergeError('ALREADY_RESOLVED', 'This candidate was resolved by someone else just now.');
    await insertAuditEvents(tx, [{
      actor: input.actor, actorRole: input.actorRole, requestId: input.requestId,
      action: `DUPLICATE_${status}`, entityType: 'DuplicateCandidate', entityId: candidate.id, after: { facilities: [candidate.a, candidate.b] },
    }]);
  };

  if (input.decision === 'NOT_DUPLICATE') {
    await sql.transaction((tx) => decide(tx, 'NOT_DUPLICATE'));
    return { candidateId: candidate.id };
  }
  const survivorId = input.survivorId ?? (await preferredSurvivor(sql, candidate.a, candidate.b));
  const mergedId = survivorId === candidate.a ? candidate.b : candidate.a;
  await sql.transaction(async (tx) => {
    await decide(tx, 'MERGED');
    await mergeFacilities(tx, deps, { survivorId, mergedId, candidateId: candidate.id, reason: 'duplicate review', actor: input.actor, actorRole: input.actorRole, requestId: input.requestId });
  });
  return { candidateId: candidate.id, survivorId };
}

/** Survivorship for whole facilities: an official code first, then the most complete, then the older. */
async function preferredSurvivor(sql: Sql, a: string, b: string): Promise<string> {
  const r = await sql.query<{ id: string }>(
    `SELECT id FROM "Facility" WHERE id = ANY($1::uuid[])
      ORDER BY (COALESCE("mflCode", "stationCode", "branchCode", "registrationNumber") IS NOT NULL) DESC,
               "qualityScore" DESC, "createdAt" ASC, id
      LIMIT 1`,
    [[a, b]],
  );
  return r.rows[0].id;
}
