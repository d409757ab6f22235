// Deduplication review: the queue of duplicate candidates, a reviewer's decision on one, and
// undoing a merge. The work is done by the ingest core (src/ingest/merge); these resolvers only
// translate arguments, errors and the caller's identity.
import { DuplicateStatus } from '../generated/prisma/enums.js';
import { MergeError } from '../ingest/merge/errors.js';
import { unmergeFacility } from '../ingest/merge/merge.js';
import { resolveDuplicate } from '../ingest/merge/resolve-duplicate.js';
import { auditActorOf } from '../audit/audit-log.js';
import { countyScopeOf } from '../auth/capabilities.js';
import type { Context } from '../context.js';
import { pageWithoutConfidentialScores, type PageQuery } from '../facilities/duplicate-queue.js';
import { mayLocate, withoutLocatingFeatures } from '../facilities/visibility.js';
import { builder } from './builder.js';
import { badUserInput } from './errors.js';
import { Facility } from './facility.js';
import { uuidArg } from './import.js';
import { checkPageSize } from './page-size.js';
import { createGraphQLError } from 'graphql-yoga';

const DuplicateStatusEnum = builder.enumType(DuplicateStatus, { name: 'DuplicateStatus' });
const DuplicateDecisionEnum = builder.enumType('DuplicateDecision', { values: ['MERGE', 'NOT_DUPLICATE'] as const });

interface Features {
  name?: number;
  type?: number;
  distanceKm?: number;
  sharedPhone?: boolean;
  sharedEmail?: boolean;
  sameWard?: boolean;
  sameConstituency?: boolean;
  conflictingIdentifier?: string;
  [other: string]: unknown;
}

const MatchExplanation = builder.objectRef<Features>('MatchExplanation').implement({
  description: 'The features the score was computed from.',
  fields: (t) => ({
    nameSimilarity: t.float({ nullable: true, resolve: (f) => (typeof f.name === 'number' ? f.name : null) }),
    typeCompatibility: t.float({ nullable: true, resolve: (f) => (typeof f.type === 'number' ? f.type : null) }),
    distanceKm: t.float({ nullable: true, resolve: (f) => f.distanceKm ?? null }),
    sharedPhone: t.boolean({ nullable: true, resolve: (f) => f.sharedPhone ?? null }),
    sharedEmail: t.boolean({ nullable: true, resolve: (f) => f.sharedEmail ?? null }),
    sameWard: t.boolean({ nullable: true, resolve: (f) => f.sameWard ?? null }),
    sameConstituency: t.boolean({ nullable: true, resolve: (f) => f.sameConstituency ?? null }),
    conflictingIdentifier: t.string({ nullable: true, resolve: (f) => f.conflictingIdentifier ?? null }),
    details: t.string({ description: 'Every feature and its contribution, as JSON.', resolve: (f) => JSON.stringify(f) }),
  }),
});

/** Whether the caller may know where both members of the pair are. */
async function pairLocatable(c: { facilityAId: string; facilityBId: string }, ctx: Context): Promise<boolean> {
  if (!ctx.visibility.hideConfidentialLocations) return true;
  const pair = await ctx.loaders.facility.loadMany([c.facilityAId, c.facilityBId]);
  return pair.every((f) => f !== null && !(f instanceof Error) && mayLocate(ctx.visibility, f));
}

builder.prismaObject('DuplicateCandidate', {
  description: 'Two facilities that may be one, waiting for (or carrying) a reviewer\'s decision.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.expose('status', { type: DuplicateStatusEnum }),
    score: t.float({
      nullable: true,
      description:
        'For roles below DATA_ENGINEER, null for a pair with a confidential location: with the other terms known, ' +
        'the score would give away the distance between the two.',
      resolve: async (c, _args, ctx) => ((await pairLocatable(c, ctx)) ? c.score : null),
    }),
    facilities: t.field({
      type: [Facility],
      resolve: async (c, _args, ctx) => {
        const rows = await ctx.loaders.facility.loadMany([c.facilityAId, c.facilityBId]);
        return rows.filter((r): r is NonNullable<typeof r> & object => Boolean(r) && !(r instanceof Error)) as Exclude<(typeof rows)[number], Error | null>[];
      },
    }),
    explanation: t.field({
      type: MatchExplanation,
      description:
        'For roles below DATA_ENGINEER, a pair with a confidential location shows no distance, ward or evidence: ' +
        'the distance to a facility whose position is public would place the other.',
      resolve: async (c, _args, ctx) => {
        const features = c.features as Features;
        return (await pairLocatable(c, ctx)) ? features : (withoutLocatingFeatures(features) as Features);
      },
    }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('duplicateCandidates', (t) =>
  t.prismaConnection({
    type: 'DuplicateCandidate',
    nullable: true,
    cursor: 'id',
    maxSize: 100,
    description: 'The review queue, highest score first.',
    args: {
      status: t.arg({ type: DuplicateStatusEnum, required: false, defaultValue: 'OPEN' }),
      countyCode: t.arg.string({ required: false }),
      minScore: t.arg.float({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      checkPageSize(args, 100);
      const scope = countyScopeOf(ctx.principal);
      if (ctx.visibility.hideConfidentialLocations) {
        const { take, skip, cursor, ...shape } = query as typeof query & PageQuery;
        const ids = await pageWithoutConfidentialScores(ctx.db, { ...args, ...(scope !== undefined ? { scope } : {}) }, { take, skip, cursor });
        const rows = await ctx.db.prisma.duplicateCandidate.findMany({ ...shape, where: { id: { in: ids } } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.flatMap((id) => byId.get(id) ?? []);
      }
      return ctx.db.prisma.duplicateCandidate.findMany({
        ...query,
        where: {
          ...(args.status ? { status: args.status } : {}),
          ...(args.minScore != null ? { score: { gte: args.minScore } } : {}),
          ...(args.countyCode ? { facilityA: { countyCode: args.countyCode } } : {}),
          // A county-scoped caller sees pairs wholly inside its county.
          ...(scope !== undefined ? { AND: [{ facilityA: { countyCode: scope } }, { facilityB: { countyCode: scope } }] } : {}),
        },
        orderBy: [{ score: 'desc' }, { id: 'asc' }],
      });
    },
  }),
);

const ResolveDuplicateInput = builder.inputType('ResolveDuplicateInput', {
  fields: (t) => ({
    candidateId: t.id({ required: true }),
    decision: t.field({ type: DuplicateDecisionEnum, required: true }),
    survivorId: t.globalID({ required: false, for: [Facility], description: 'With MERGE: the facility that remains; by default the survivorship rules choose.' }),
  }),
});

function actorOf(ctx: Context) {
  return auditActorOf(ctx.principal, ctx.requestId);
}

/**
 * A county-scoped caller may decide only about facilities of its county. Anything else fails
 * exactly as a missing record does (the same MergeError the ingest core raises for one).
 */
async function assertInScope(ctx: Context, missing: string, facilitiesConcerned: () => Promise<string[]>): Promise<void> {
  const scope = countyScopeOf(ctx.principal);
  if (scope === undefined) return;
  const ids = new Set(await facilitiesConcerned());
  const inScope = await ctx.db.prisma.facility.count({ where: { id: { in: [...ids] }, countyCode: scope } });
  if (ids.size === 0 || inScope !== ids.size) throw new MergeError('NOT_FOUND', missing);
}

const NO_CANDIDATE = 'No such duplicate candidate.';
const NO_MERGE = 'This facility has no merge to undo.';

function fromMergeError(error: unknown): never {
  if (!(error instanceof MergeError)) throw error;
  if (error.code === 'BAD_USER_INPUT') throw badUserInput(error.message);
  // NOT_FOUND, ALREADY_RESOLVED, CONFLICT: the domain's message is already the caller's.
  throw createGraphQLError(error.message, { extensions: { code: error.code } });
}

builder.mutationField('resolveDuplicate', (t) =>
  t.prismaField({
    type: 'DuplicateCandidate',
    nullable: true,
    description: 'MERGE merges the pair; NOT_DUPLICATE records that they differ, so no later import flags them again. A candidate is decided once.',
    args: { input: t.arg({ type: ResolveDuplicateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const candidateId = uuidArg(String(input.candidateId), 'input.candidateId');
      await assertInScope(ctx, NO_CANDIDATE, async () => {
        const candidate = await ctx.db.prisma.duplicateCandidate.findUnique({ where: { id: candidateId } });
        return candidate ? [candidate.facilityAId, candidate.facilityBId] : [];
      }).catch(fromMergeError);
      await resolveDuplicate(ctx.db.sql, ctx.services.rebuild, {
        candidateId,
        decision: input.decision,
        survivorId: input.survivorId ? uuidArg(input.survivorId.id, 'input.survivorId') : null,
        ...actorOf(ctx),
      }).catch(fromMergeError);
      return ctx.db.prisma.duplicateCandidate.findUniqueOrThrow({ ...query, where: { id: candidateId } });
    },
  }),
);

builder.mutationField('unmergeFacility', (t) =>
  t.prismaField({
    type: 'Facility',
    nullable: true,
    description: 'Undoes the latest merge of a merged-away facility: both come back with their own lineage, and the pair is remembered as not duplicates.',
    args: { id: t.arg.globalID({ required: true, for: [Facility], description: 'The merged-away facility.' }) },
    resolve: async (query, _root, { id }, ctx) => {
      const mergedId = uuidArg(id.id, 'id');
      await assertInScope(ctx, NO_MERGE, async () => {
        const merged = await ctx.db.prisma.facility.findUnique({ where: { id: mergedId }, select: { mergedIntoId: true } });
        return merged ? [mergedId, ...(merged.mergedIntoId ? [merged.mergedIntoId] : [])] : [];
      }).catch(fromMergeError);
      await unmergeFacility(ctx.db.sql, ctx.services.rebuild, { mergedId, ...actorOf(ctx) }).catch(fromMergeError);
      return ctx.db.prisma.facility.findUniqueOrThrow({ ...query, where: { id: mergedId } });
    },
  }),
);
