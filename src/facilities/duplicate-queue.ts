// The duplicate review queue as a caller below DATA_ENGINEER may see it. A pair's score is the
// sum of its terms in log-odds, and every term but distance (and ward) is shown or can be worked
// out from what is shown, so an exact score of a pair with a confidential facility gives away
// how far it is from the other member (ADR 0007). For such callers those pairs therefore have no
// score: none is shown, none is filtered on (minScore never matches them, so it cannot bracket
// one) and none orders them (they come after the scored pairs, in the order of their random ids,
// so their rank neither brackets a score nor compares two of them).
import { Prisma } from '../generated/prisma/client.js';
import type { DuplicateStatus } from '../generated/prisma/enums.js';
import type { Database } from '../db/database.js';

export interface QueueFilter {
  status?: DuplicateStatus | null;
  minScore?: number | null;
  countyCode?: string | null;
  /** The caller's county scope: only pairs wholly inside it. */
  scope?: string;
}

/** Prisma's cursor pagination as the Pothos connection asks for it. */
export interface PageQuery {
  take: number;
  skip?: number;
  cursor?: { id: string };
}

/** The ids of one page of the queue, ordered without the scores of confidential pairs. */
export async function pageWithoutConfidentialScores(db: Database, filter: QueueFilter, page: PageQuery): Promise<string[]> {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.status) conditions.push(Prisma.sql`c.status = ${filter.status}::"DuplicateStatus"`);
  if (filter.minScore != null) conditions.push(Prisma.sql`c.score >= ${filter.minScore} AND NOT a."confidentialLocation" AND NOT b."confidentialLocation"`);
  if (filter.countyCode) conditions.push(Prisma.sql`a."countyCode" = ${filter.countyCode}`);
  if (filter.scope !== undefined) conditions.push(Prisma.sql`a."countyCode" = ${filter.scope} AND b."countyCode" = ${filter.scope}`);
  const rows = await db.prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT c.id::text AS id
      FROM "DuplicateCandidate" c
      JOIN "Facility" a ON a.id = c."facilityAId"
      JOIN "Facility" b ON b.id = c."facilityBId"
     WHERE ${Prisma.join(conditions, ' AND ')}
     ORDER BY (a."confidentialLocation" OR b."confidentialLocation"),
              CASE WHEN a."confidentialLocation" OR b."confidentialLocation" THEN NULL ELSE c.score END DESC NULLS LAST,
              c.id`);
  return pageOf(rows.map((r) => r.id), page);
}

/** The slice of `ids` Prisma would return for this take/skip/cursor over the same order. */
export function pageOf(ids: string[], { take, skip = 0, cursor }: PageQuery): string[] {
  const at = cursor ? ids.indexOf(cursor.id) : take >= 0 ? 0 : ids.length;
  if (at < 0) return [];
  if (take >= 0) {
    const start = at + skip;
    return ids.slice(start, start + take);
  }
  const end = cursor ? at - skip + 1 : ids.length;
  return ids.slice(Math.max(0, end + take), Math.max(0, end));
}
