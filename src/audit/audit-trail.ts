// The audit trail's read side, for administrators: events newest first, by entity or by actor,
// a keyset page at a time (the id is a bigserial, so it orders events as they were written).
import type { AuditEvent, PrismaClient } from '../generated/prisma/client.js';

export interface AuditTrailQuery {
  entityId?: string;
  actor?: string;
  /** Page size, already checked against the maximum. */
  size: number;
  /** Events strictly older than this one. */
  afterId?: bigint;
}

export interface AuditTrailPage {
  events: AuditEvent[];
  hasMore: boolean;
}

export async function readAuditTrail(prisma: Pick<PrismaClient, 'auditEvent'>, query: AuditTrailQuery): Promise<AuditTrailPage> {
  const rows = await prisma.auditEvent.findMany({
    where: {
      ...(query.entityId !== undefined ? { entityId: query.entityId } : {}),
      ...(query.actor !== undefined ? { actor: query.actor } : {}),
      ...(query.afterId !== undefined ? { id: { lt: query.afterId } } : {}),
    },
    orderBy: { id: 'desc' },
    // One more than asked for tells whether another page follows.
    take: query.size + 1,
  });
  return { events: rows.slice(0, query.size), hasMore: rows.length > query.size };
}

/** Cursors are the event id, opaque to callers. */
export function encodeAuditCursor(id: bigint): string {
  return Buffer.from(`audit:${id}`).toString('base64url');
}

export function decodeAuditCursor(cursor: string): bigint | undefined {
  const match = /^audit:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? BigInt(match[1]) : undefined;
}
