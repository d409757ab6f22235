// Imports: the importSources mutation, import runs with their per-source counts, record issues
// and quality reports, the registry-wide quality report, and a progress subscription. Resolvers
// call the import service (src/imports) and the ingest core; they hold no pipeline logic.
import { ImportRunStatus, ImportSourceStatus, IssueSeverity } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { ImportRequestError, type SourceRequest } from '../imports/import-request.js';
import { registryQualityReport, type RegistryQualityReport } from '../ingest/report/registry-quality.js';
import type { OutcomeCounts, RunQualityReport } from '../ingest/report/run-quality.js';
import type { Reconciliation } from '../ingest/report/reconcile.js';
import { auditActorOf } from '../audit/audit-log.js';
import { reopenRun } from '../ingest/run-rows.js';
import { countyScopeOf } from '../auth/capabilities.js';
import { builder } from './builder.js';
import { badUserInput, forbidden, orNotFound } from './errors.js';
import { ImportRun, ImportRunStatusEnum, SourceKindEnum } from './import-run.js';
import { checkPageSize } from './page-size.js';

const IssueSeverityEnum = builder.enumType(IssueSeverity, { name: 'IssueSeverity' });

export const OutcomeCountsRef = builder.objectRef<Partial<OutcomeCounts>>('OutcomeCounts').implement({
  description: 'Records by what the import did with them. They add up to the records extracted.',
  fields: (t) => ({
    inserted: t.int({ resolve: (c) => c.INSERTED ?? 0 }),
    updated: t.int({ resolve: (c) => c.UPDATED ?? 0 }),
    unchanged: t.int({ resolve: (c) => c.UNCHANGED ?? 0 }),
    merged: t.int({ resolve: (c) => c.MERGED ?? 0 }),
    flagged: t.int({ description: 'Loaded, with a duplicate candidate opened for review.', resolve: (c) => c.FLAGGED ?? 0 }),
    rejected: t.int({ resolve: (c) => c.REJECTED ?? 0 }),
    total: t.int({ resolve: (c) => Object.values(c).reduce((a, b) => a + (b ?? 0), 0) }),
  }),
});

const FieldShare = builder.objectRef<{ field: string; share: number }>('FieldShare').implement({
  description: 'The share (0..1) of records or facilities that have a field.',
  fields: (t) => ({ field: t.exposeString('field'), share: t.exposeFloat('share') }),
});

const CodeCount = builder.objectRef<{ code: string; count: number }>('IssueCodeCount').implement({
  fields: (t) => ({ code: t.exposeString('code'), count: t.exposeInt('count') }),
});

const GeographyResolution = builder
  .objectRef<{ county: number; constituency: number; ward: number }>('GeographyResolution')
  .implement({
    description: 'Share of records or facilities placed at each level of the geography.',
    fields: (t) => ({ county: t.exposeFloat('county'), constituency: t.exposeFloat('constituency'), ward: t.exposeFloat('ward') }),
  });

const RunQualityReportRef = builder.objectRef<RunQualityReport>('ImportQualityReport').implement({
  description: 'Data quality of what one import read.',
  fields: (t) => ({
    records: t.exposeInt('records'),
    accepted: t.exposeInt('accepted'),
    outcomes: t.field({ type: OutcomeCountsRef, resolve: (r) => r.outcomes }),
    issuesByCode: t.field({ type: [CodeCount], resolve: (r) => Object.entries(r.issuesByCode).map(([code, count]) => ({ code, count })) }),
    completeness: t.field({ type: [FieldShare], resolve: (r) => Object.entries(r.completeness).map(([field, share]) => ({ field, share })) }),
    geographyResolution: t.field({ type: GeographyResolution, resolve: (r) => r.geographyResolution }),
    validity: t.exposeFloat('validity', { description: 'Share of accepted records that loaded without a warning.' }),
  }),
});

const ReconciliationRef = builder.objectRef<Reconciliation>('Reconciliation').implement({
  description: 'This delivery against the previous delivery of the same source.',
  fields: (t) => ({
    previousRecords: t.exposeInt('previousRecords'),
    records: t.exposeInt('records'),
    added: t.exposeInt('added'),
    changed: t.exposeInt('changed'),
    unchanged: t.exposeInt('unchanged'),
    missing: t.exposeInt('missing', { description: 'Records of the previous delivery absent from this one (reported, not deleted).' }),
    shrank: t.exposeBoolean('shrank', { description: 'True when the delivery has under half the records of the previous one.' }),
  }),
});

export const RegistryQualityReportRef = builder.objectRef<RegistryQualityReport>('QualityReport').implement({
  description: 'Registry-wide data quality of the active facilities.',
  fields: (t) => ({
    facilities: t.exposeInt('facilities'),
    completeness: t.field({ type: [FieldShare], resolve: (r) => r.completeness }),
    geographyResolution: t.field({ type: GeographyResolution, resolve: (r) => r.geographyResolution }),
    openDuplicateCandidates: t.int({ resolve: (r) => r.uniqueness.openDuplicateCandidates }),
    duplicateShare: t.float({ description: 'Open duplicate candidates per active facility.', resolve: (r) => r.uniqueness.share }),
    reachable: t.exposeFloat('reachable', { description: 'Share of facilities with at least one public contact.' }),
    averageQualityScore: t.exposeFloat('averageQualityScore'),
    generatedAt: t.expose('generatedAt', { type: 'DateTime' }),
  }),
});

const ImportSourceStatusEnum = builder.enumType(ImportSourceStatus, { name: 'ImportSourceStatus' });

const ImportSourceRef = builder.prismaObject('ImportSource', {
  description: 'One delivered file of an import run.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SourceKindEnum, nullable: true }),
    fileName: t.exposeString('fileName'),
    status: t.expose('status', { type: ImportSourceStatusEnum }),
    extracted: t.exposeInt('extracted', { description: 'Records read from the file.' }),
    counts: t.field({ type: OutcomeCountsRef, resolve: (s) => s.counts as Partial<OutcomeCounts> }),
    reconciliation: t.field({ type: ReconciliationRef, nullable: true, resolve: (s) => (s.reconciliation as Reconciliation | null) ?? null }),
    qualityReport: t.field({ type: RunQualityReportRef, nullable: true, resolve: (s) => (s.qualityReport as RunQualityReport | null) ?? null }),
    error: t.exposeString('error', { nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

/** Issues whose message may quote where a record is (its coordinates, ward or constituency). */
const LOCATION_ISSUE_CODES = new Set([
  'UNKNOWN_LOCATION',
  'AMBIGUOUS_LOCATION',
  'UNRESOLVED_CONSTITUENCY',
  'UNRESOLVED_WARD',
  'INCONSISTENT_GEOGRAPHY',
  'INVALID_COORDINATES',
  'COORDINATES_ZERO',
  'COORDINATES_OUTSIDE_KENYA',
  'COORDINATES_SWAPPED',
]);

const RecordIssueRef = builder.prismaObject('RecordIssue', {
  description: 'A problem with one record or a whole file, phrased so that a person can act on it.',
  fields: (t) => ({
    code: t.exposeString('code'),
    severity: t.expose('severity', { type: IssueSeverityEnum }),
    message: t.string({
      description:
        'For roles below DATA_ENGINEER, the message of a location issue of a record that is (or may be) a confidential ' +
        'location is replaced by a note saying so: it would quote the coordinates or ward being withheld.',
      resolve: async (issue, _args, ctx) => {
        if (!ctx.visibility.hideConfidentialLocations || !LOCATION_ISSUE_CODES.has(issue.code)) return issue.message;
        if (issue.importSourceId !== null && issue.pointer !== null) {
          const locatable = await ctx.loaders.recordIsLocatable.load({ importSourceId: issue.importSourceId, pointer: issue.pointer });
          if (locatable) return issue.message;
        }
        return 'The details of this location issue are withheld: the record is (or may be) of a confidential location.';
      },
    }),
    field: t.exposeString('field', { nullable: true }),
    fileName: t.exposeString('fileName'),
    pointer: t.exposeString('pointer', { nullable: true, description: 'JSON Pointer into the file, or the NDJSON line number.' }),
  }),
});

builder.prismaObjectFields('ImportRun', (t) => ({
  dryRun: t.exposeBoolean('dryRun', { nullable: true }),
  triggeredBy: t.exposeString('triggeredBy', { nullable: true }),
  startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
  finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  durationMs: t.int({
    nullable: true,
    resolve: (r) => (r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null),
  }),
  attempts: t.exposeInt('attempts', { nullable: true }),
  processed: t.exposeInt('processed', { nullable: true, description: 'Records processed so far.' }),
  total: t.exposeInt('total', { nullable: true, description: 'Records in the run, once known.' }),
  counts: t.field({ type: OutcomeCountsRef, nullable: true, resolve: (r) => r.counts as Partial<OutcomeCounts> }),
  error: t.exposeString('error', { nullable: true }),
  qualityReport: t.field({ type: RunQualityReportRef, nullable: true, resolve: (r) => (r.qualityReport as RunQualityReport | null) ?? null }),
  sources: t.relation('sources', { nullable: true, query: { orderBy: { position: 'asc' } } }),
  issues: t.relatedConnection('issues', {
    nullable: true,
    cursor: 'id',
    maxSize: 500,
    args: {
      code: t.arg.string({ required: false, description: 'Only issues with this code (MISSING_NAME, PARSE_ERROR, …).' }),
      fileName: t.arg.string({ required: false, description: 'Only issues of this file.' }),
      severity: t.arg({ type: IssueSeverityEnum, required: false }),
    },
    query: (args) => ({
      where: {
        ...(args.code ? { code: args.code } : {}),
        ...(args.fileName ? { fileName: args.fileName } : {}),
        ...(args.severity ? { severity: args.severity } : {}),
      },
      orderBy: { id: 'asc' },
    }),
    totalCount: true,
  }),
}));

const ImportSourceInput = builder.inputType('ImportSourceInput', {
  description: 'One file to import: exactly one of `file` (multipart upload), `path` (under the import directory) or `content` (inline JSON).',
  fields: (t) => ({
    kind: t.field({ type: SourceKindEnum, required: false, description: 'May be omitted when the file name names the kind.' }),
    file: t.field({ type: 'File', required: false }),
    path: t.string({ required: false, description: 'Relative to the server\'s IMPORT_DIR; anything outside it is refused.' }),
    content: t.string({ required: false }),
    fileName: t.string({ required: false, description: 'With `content`: the name issues refer to (and that may name the kind).' }),
  }),
});

const ImportSourcesInput = builder.inputType('ImportSourcesInput', {
  fields: (t) => ({
    sources: t.field({ type: [ImportSourceInput], required: true }),
    dryRun: t.boolean({ required: false, description: 'Run every stage but load, and report what a real import would do.' }),
  }),
});

builder.mutationField('importSources', (t) =>
  t.prismaField({
    type: 'ImportRun',
    nullable: true,
    description: 'Queues an import of partner files. The run is durable: follow it with `importRun` or `importRunProgress`.',
    args: { input: t.arg({ type: ImportSourcesInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const sources: SourceRequest[] = input.sources.map((s, i) => {
        const given = [s.file, s.path, s.content].filter((v) => v !== null && v !== undefined).length;
        if (given !== 1) throw badUserInput(`sources.${i}: give exactly one of file, path or content`, `input.sources.${i}`);
        const kind = s.kind ?? undefined;
        if (s.file) return { kind, file: s.file };
        if (s.path) return { kind, path: s.path };
        return { kind, content: s.content!, fileName: s.fileName ?? undefined };
      });
      try {
        const who = auditActorOf(ctx.principal, ctx.requestId);
        // Read before it is queued: a worker may pick the run up the moment it is.
        const { id, beforeQueue: queued } = await ctx.services.imports.request(
          {
            sources,
            dryRun: input.dryRun ?? false,
            triggeredBy: who.actor,
            triggeredByRole: who.actorRole,
            requestId: ctx.requestId,
          },
          (runId) => ctx.db.prisma.importRun.findUniqueOrThrow({ ...query, where: { id: runId } }),
        );
        await ctx.audit.record({
          action: 'IMPORT_REQUESTED',
          entityType: 'ImportRun',
          entityId: id,
          importRunId: id,
          after: { dryRun: input.dryRun ?? false, sources: sources.map(describeSource) },
        });
        return queued!;
      } catch (error) {
        if (error instanceof ImportRequestError) throw badUserInput(error.message, `input.${error.field}`);
        throw error;
      }
    },
  }),
);

builder.mutationField('retryImportRun', (t) =>
  t.prismaField({
    type: 'ImportRun',
    nullable: true,
    description: 'Queues a FAILED or interrupted run again: its failed sources are redone, finished ones stay. BAD_USER_INPUT for any other run.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const runId = uuidArg(String(id), 'id');
      await orNotFound(ctx.db.prisma.importRun.findUnique({ where: { id: runId }, select: { id: true } }), 'import run', String(id));
      if (!(await reopenRun(ctx.db.sql, runId))) throw badUserInput('Only a FAILED or interrupted run can be retried.', 'id');
      await ctx.audit.record({ action: 'IMPORT_RETRIED', entityType: 'ImportRun', entityId: runId, importRunId: runId });
      const queued = await ctx.db.prisma.importRun.findUniqueOrThrow({ ...query, where: { id: runId } });
      await ctx.services.imports.queue.enqueue(runId);
      return queued;
    },
  }),
);

builder.queryFields((t) => ({
  importRun: t.prismaField({
    type: 'ImportRun',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      orNotFound(ctx.db.prisma.importRun.findUnique({ ...query, where: { id: uuidArg(String(id), 'id') } }), 'import run', String(id)),
  }),
  importRuns: t.prismaConnection({
    type: 'ImportRun',
    nullable: true,
    cursor: 'id',
    maxSize: 100,
    description: 'Import runs, newest first.',
    args: { status: t.arg({ type: ImportRunStatusEnum, required: false }) },
    resolve: (query, _root, args, ctx) => {
      checkPageSize(args, 100);
      return ctx.db.prisma.importRun.findMany({
        ...query,
        where: args.status ? { status: args.status } : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
    },
  }),
  qualityReport: t.field({
    type: RegistryQualityReportRef,
    nullable: true,
    description: 'Registry-wide data quality, optionally for one county.',
    args: { countyCode: t.arg.string({ required: false, description: "A county-scoped caller gets its own county's report." }) },
    resolve: (_root, args, ctx) => {
      const scope = countyScopeOf(ctx.principal);
      if (scope !== undefined && args.countyCode != null && args.countyCode !== scope) throw forbidden();
      return registryQualityReport(ctx.db.sql, { countyCode: scope ?? args.countyCode ?? undefined });
    },
  }),
}));

/** What the audit trail keeps of a source: where it came from, never its content. */
function describeSource(source: SourceRequest): Record<string, string | number | null> {
  const kind = source.kind ?? null;
  if ('file' in source) return { kind, upload: source.file.name, bytes: source.file.size };
  if ('path' in source) return { kind, path: source.path };
  return { kind, inline: source.fileName ?? null, bytes: source.content.length };
}

const FINAL: ImportRunStatus[] = ['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED'];

builder.subscriptionField('importRunProgress', (t) =>
  t.prismaField({
    type: 'ImportRun',
    description: 'Streams the run (over SSE) as it progresses, ending when it has finished.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, ctx) => pollRun(ctx.db.prisma, uuidArg(String(id), 'id')),
    resolve: (query, run, _args, ctx) => ctx.db.prisma.importRun.findUniqueOrThrow({ ...query, where: { id: (run as { id: string }).id } }),
  }),
);

async function* pollRun(prisma: Prisma.DefaultPrismaClient, id: string, intervalMs = 500) {
  let last = '';
  for (;;) {
    const run = await prisma.importRun.findUnique({ where: { id }, select: { id: true, status: true, processed: true } });
    if (!run) throw badUserInput(`No import run ${JSON.stringify(id)}`, 'id');
    const seen = `${run.status}:${run.processed}`;
    if (seen !== last) {
      last = seen;
      yield run;
    }
    if (FINAL.includes(run.status)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidArg(value: string, argument: string): string {
  if (!UUID.test(value)) throw badUserInput(`${argument} is not a valid id`, argument);
  return value;
}

export { ImportRun };
