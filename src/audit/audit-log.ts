// The audit trail's write side. Every mutation and every read of personal data leaves one row:
// who (actor label, never a secret), as which role, in which request, did what to which entity.
//
// Inside a request, events go through a per-request recorder that batches everything recorded in
// one tick into one INSERT: a page of 100 facilities whose officers are read costs one statement,
// not 100. Recording is awaited by the caller, so a read of personal data whose audit row cannot
// be written fails instead of going unrecorded.
import DataLoader from 'dataloader';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { actorLabel, isAuthenticated, type Principal } from '../security/principal.js';

/**
 * Actions written here. The ingest core writes its own (FACILITY_CREATED, FACILITY_MERGED,
 * DUPLICATE_MERGED, …) inside its transactions, with the same actor, role and request id.
 */
export type AuditAction =
  | 'PERSONAL_DATA_READ'
  | 'FACILITY_UPDATED'
  | 'FACILITY_CONFIDENTIALITY_SET'
  | 'API_KEY_CREATED'
  | 'API_KEY_REVOKED'
  | 'IMPORT_REQUESTED'
  | 'IMPORT_RETRIED'
  | 'ACCESS_DENIED'
  | 'PERSONAL_DATA_KEY_ROTATED';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  importRunId?: string;
}

/** Who an event is attributed to. */
export interface AuditActor {
  actor: string;
  actorRole: string | null;
  requestId: string | null;
}

export function auditActorOf(principal: Principal, requestId: string | null): AuditActor {
  return { actor: actorLabel(principal), actorRole: isAuthenticated(principal) ? principal.role : null, requestId };
}

type AuditClient = Pick<PrismaClient, 'auditEvent'>;

/** Writes events outside a request (the CLI, the first start), or inside one through a recorder. */
export async function writeAuditEvents(prisma: AuditClient, who: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await prisma.auditEvent.createMany({ data: entries.map((entry) => ({ ...who, ...entry })) });
}

export interface AuditRecorder {
  /** Resolves once the event is stored; rejects (and so fails the caller) when it cannot be. */
  record(entry: AuditEntry): Promise<void>;
}

export function createAuditRecorder(prisma: AuditClient, who: AuditActor): AuditRecorder {
  const batches = new DataLoader<AuditEntry, true>(
    async (entries) => {
      await writeAuditEvents(prisma, who, entries);
      return entries.map(() => true as const);
    },
    // Every entry is an event of its own, even when two look alike.
    { cache: false },
  );
  return {
    async record(entry) {
      await batches.load(entry);
    },
  };
}
