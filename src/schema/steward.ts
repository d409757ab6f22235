// The steward's loop: teach the registry a place alias or a service synonym, reprocess the
// stored records that teaching may change, and list what is still unknown, biggest first.
// Resolvers only translate: the work is in src/ingest/steward.
import { auditActorOf } from '../audit/audit-log.js';
import type { Context } from '../context.js';
import { GeoLevel } from '../generated/prisma/enums.js';
import type { ReprocessSummary } from '../ingest/steward/reprocess.js';
import { reprocessStoredRecords } from '../ingest/steward/reprocess.js';
import { teachPlaceAlias, teachServiceSynonym, TeachingError, type TaughtPlaceAlias, type TaughtServiceSynonym } from '../ingest/steward/teach.js';
import { stillUnknown, type UnknownText } from '../ingest/steward/unknowns.js';
import { builder } from './builder.js';
import { badUserInput } from './errors.js';
import { OutcomeCountsRef, uuidArg } from './import.js';

const GeoLevelEnum = builder.enumType(GeoLevel, { name: 'GeoLevel', description: 'A level of Kenyan administrative geography.' });

const PlaceAliasRef = builder.objectRef<TaughtPlaceAlias>('PlaceAlias').implement({
  description: 'A spelling of a county, constituency or ward that a steward taught the registry.',
  fields: (t) => ({
    text: t.exposeString('text'),
    level: t.field({ type: GeoLevelEnum, resolve: (a) => a.level }),
    code: t.exposeString('entityCode', { description: 'The official code of the unit the text means.' }),
    name: t.exposeString('name', { description: 'The official name of that unit.' }),
    createdBy: t.exposeString('createdBy'),
  }),
});

const ServiceSynonymRef = builder.objectRef<TaughtServiceSynonym>('ServiceSynonym').implement({
  description: 'A service name that a steward taught the registry.',
  fields: (t) => ({
    text: t.exposeString('text'),
    serviceKey: t.exposeString('serviceKey'),
    createdBy: t.exposeString('createdBy'),
  }),
});

const ReprocessResultRef = builder.objectRef<ReprocessSummary>('ReprocessResult').implement({
  description: 'What reprocessing did. Only records whose result changed are loaded, so reprocessing again with nothing newly taught loads none.',
  fields: (t) => ({
    run: t.prismaField({
      type: 'ImportRun',
      nullable: true,
      description: 'The run that loaded the changed records (its records point back to the ones first delivered); null when nothing changed.',
      resolve: (query, summary, _args, ctx) => (summary.runId ? ctx.db.prisma.importRun.findUnique({ ...query, where: { id: summary.runId } }) : null),
    }),
    examined: t.exposeInt('examined', { description: 'Stored records read again.' }),
    recovered: t.exposeInt('recovered', { description: 'Rejected records that now load.' }),
    revised: t.exposeInt('revised', { description: 'Loaded records whose facts now read differently (services now known, …).' }),
    stillRejected: t.exposeInt('stillRejected', { description: 'Rejected records that still cannot be placed.' }),
    counts: t.field({ type: OutcomeCountsRef, resolve: (s) => s.counts }),
  }),
});

const UnknownTextRef = builder.objectRef<UnknownText>('UnknownText').implement({
  description: 'A text the registry does not understand, with how many stored records wrote it.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'As most often written.' }),
    records: t.exposeInt('records'),
    nearest: t.stringList({ description: 'For a service name: the nearest service keys, nearest first.', resolve: (u) => u.nearest }),
  }),
});

const TeachPlaceAliasInput = builder.inputType('TeachPlaceAliasInput', {
  fields: (t) => ({
    text: t.string({ required: true, description: 'The place as partners write it, e.g. "Kaunti ya Kisii".' }),
    level: t.field({ type: GeoLevelEnum, required: true }),
    code: t.string({ required: true, description: 'The official code of the county, constituency or ward it means.' }),
  }),
});

const TeachServiceSynonymInput = builder.inputType('TeachServiceSynonymInput', {
  fields: (t) => ({
    text: t.string({ required: true, description: 'The service name as partners write it.' }),
    serviceKey: t.string({ required: true, description: 'The taxonomy key it means (see serviceCategories).' }),
  }),
});

function fromTeachingError(error: unknown): never {
  if (error instanceof TeachingError) throw badUserInput(error.message, 'input');
  throw error;
}

const who = (ctx: Context) => auditActorOf(ctx.principal, ctx.requestId);
const runArg = (runId: string | number | null | undefined) => (runId == null ? null : uuidArg(String(runId), 'runId'));

builder.mutationFields((t) => ({
  teachPlaceAlias: t.field({
    // Refused to most callers: the refusal nulls this field only (permissions.ts).
    nullable: true,
    type: PlaceAliasRef,
    description: 'Teaches the registry that a text means a county, constituency or ward. Applies to later imports; reprocessRecords applies it to stored records.',
    args: { input: t.arg({ type: TeachPlaceAliasInput, required: true }) },
    resolve: (_root, { input }, ctx) => teachPlaceAlias(ctx.db.sql, { ...input, ...who(ctx) }).catch(fromTeachingError),
  }),
  teachServiceSynonym: t.field({
    // Refused to most callers: the refusal nulls this field only (permissions.ts).
    nullable: true,
    type: ServiceSynonymRef,
    description: 'Teaches the registry that a text names a taxonomy service. Applies to later imports; reprocessRecords applies it to stored records.',
    args: { input: t.arg({ type: TeachServiceSynonymInput, required: true }) },
    resolve: (_root, { input }, ctx) => teachServiceSynonym(ctx.db.sql, { ...input, ...who(ctx) }).catch(fromTeachingError),
  }),
  reprocessRecords: t.field({
    // Refused to most callers: the refusal nulls this field only (permissions.ts).
    nullable: true,
    type: ReprocessResultRef,
    description:
      'Reads again the stored rejected records, and the records that named unknown services, of one run (or of all runs) ' +
      'with everything the registry now knows, and loads those whose result changed as a new run, with lineage to the delivered file and pointer.',
    args: { runId: t.arg.id({ required: false, description: 'Only the records first delivered by this run.' }) },
    resolve: async (_root, args, ctx) => {
      const request = { runId: runArg(args.runId), ...who(ctx) };
      // One reprocessing at a time: two would both load the same rejected records.
      const done = await ctx.db.withExclusiveLock('steward:reprocess', () => reprocessStoredRecords(ctx.services.imports.deps, request));
      if (!done.locked) throw badUserInput('Another reprocessing is running; try again when it has finished.');
      return done.value;
    },
  }),
}));

builder.queryFields((t) => ({
  unknownPlaces: t.field({
    // Refused to most callers: the refusal nulls this field only (permissions.ts).
    nullable: true,
    type: [UnknownTextRef],
    description: 'County names (or free-text places) that keep stored records out of the registry, most records first.',
    args: { runId: t.arg.id({ required: false }) },
    resolve: async (_root, args, ctx) => (await stillUnknown(ctx.services.imports.deps, runArg(args.runId))).places,
  }),
  unknownServices: t.field({
    // Refused to most callers: the refusal nulls this field only (permissions.ts).
    nullable: true,
    type: [UnknownTextRef],
    description: 'Service names partners wrote that the registry does not know, most records first.',
    args: { runId: t.arg.id({ required: false }) },
    resolve: async (_root, args, ctx) => (await stillUnknown(ctx.services.imports.deps, runArg(args.runId))).services,
  }),
}));

