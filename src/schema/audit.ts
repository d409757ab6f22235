// The audit trail, for administrators: every mutation and every read of personal data, newest
// first, by the entity concerned or by the actor. Written by src/audit and the ingest core.
import type { AuditEvent as AuditEventRow } from '../generated/prisma/client.js';
import { decodeAuditCursor, encodeAuditCursor, readAuditTrail } from '../audit/audit-trail.js';
import { builder } from './builder.js';
import { badUserInput } from './errors.js';
import { DEFAULT_PAGE_SIZE } from './pagination.js';

const MAX_AUDIT_PAGE = 100;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const AuditEvent = builder.objectRef<AuditEventRow>('AuditEvent').implement({
  description: 'One thing someone did or read.',
  fields: (t) => ({
    id: t.id({ resolve: (event) => event.id.toString() }),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.exposeString('actor', { description: '`user:<sub>`, `apiKey:<id>`, `cli:<user>`, `system:…` or `anonymous`.' }),
    actorRole: t.exposeString('actorRole', { nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The x-request-id of the request, to find it in the logs.' }),
    action: t.exposeString('action', { description: 'PERSONAL_DATA_READ, FACILITY_UPDATED, API_KEY_CREATED, DUPLICATE_MERGED, …' }),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId'),
    before: t.string({ nullable: true, description: 'JSON.', resolve: (event) => json(event.before) }),
    after: t.string({ nullable: true, description: 'JSON.', resolve: (event) => json(event.after) }),
    importRunId: t.exposeString('importRunId', { nullable: true }),
  }),
});

builder.queryField('auditTrail', (t) =>
  t.connection({
    type: AuditEvent,
    nullable: true,
    description: `Audit events, newest first, optionally of one entity or one actor. Forward pages only (first/after), at most ${MAX_AUDIT_PAGE}. ADMIN only.`,
    args: {
      entityId: t.arg.string({ description: 'A facility id, API key id, import run id, …' }),
      actor: t.arg.string({ description: 'As in AuditEvent.actor, e.g. "apiKey:<id>".' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.last != null || args.before != null) throw badUserInput('auditTrail pages forward only: use first and after', 'last');
      const size = args.first ?? DEFAULT_PAGE_SIZE;
      if (size < 0 || size > MAX_AUDIT_PAGE) throw badUserInput(`first must be between 0 and ${MAX_AUDIT_PAGE}`, 'first');
      const afterId = args.after == null ? undefined : decodeAuditCursor(args.after);
      if (args.after != null && afterId === undefined) throw badUserInput('after is not a valid cursor', 'after');
      const page = await readAuditTrail(ctx.db.prisma, {
        size,
        ...(args.entityId != null ? { entityId: args.entityId } : {}),
        ...(args.actor != null ? { actor: args.actor } : {}),
        ...(afterId !== undefined ? { afterId } : {}),
      });
      const edges = page.events.map((event) => ({ cursor: encodeAuditCursor(event.id), node: event }));
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasMore,
          hasPreviousPage: afterId !== undefined,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);
