// Lineage: which delivered record a facility came from, and the import run that read it. Only
// what the facility view needs is defined here; the import domain (import.ts) extends ImportRun.
import { mayReadPersonalData } from '../auth/capabilities.js';
import type { Context } from '../context.js';
import type { SourceRecord as SourceRecordRow } from '../generated/prisma/client.js';
import { ImportRunStatus, RecordOutcome, SourceKind } from '../generated/prisma/enums.js';
import { mayLocate } from '../facilities/visibility.js';
import { PERSONAL_FIELDS, revealPayload } from '../ingest/load/protect-payload.js';
import { builder } from './builder.js';

export const ImportRunStatusEnum = builder.enumType(ImportRunStatus, { name: 'ImportRunStatus' });
export const SourceKindEnum = builder.enumType(SourceKind, {
  name: 'SourceKind',
  description: 'Which of the partner files a record was delivered in.',
});
export const RecordOutcomeEnum = builder.enumType(RecordOutcome, {
  name: 'RecordOutcome',
  description: 'What an import did with a record.',
});

export const ImportRun = builder.prismaObject('ImportRun', {
  description: 'One run of the import pipeline over one or more delivered files.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.expose('status', { type: ImportRunStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const SourceRecord = builder.prismaObject('SourceRecord', {
  fields: (t) => ({
    kind: t.expose('kind', { type: SourceKindEnum }),
    fileName: t.exposeString('fileName'),
    pointer: t.exposeString('pointer'),
    outcome: t.expose('outcome', { type: RecordOutcomeEnum }),
    raw: t.string({
      nullable: true,
      description:
        'The record as delivered, as JSON. Named people in it are included only for roles allowed personal data ' +
        '(and the read is audited); records of a confidential location only for roles allowed to see it.',
      resolve: (record, _args, ctx) => rawRecord(record, ctx),
    }),
    importRun: t.field({
      type: ImportRun,
      resolve: async (record, _args, ctx) => {
        const run = await ctx.loaders.importRun.load(record.importRunId);
        if (!run) throw new Error(`source record ${record.id} names a missing import run`);
        return run;
      },
    }),
  }),
});

/** Whether the delivered record carries named people (sealed at rest, see protect-payload.ts). */
function holdsPersonalData(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  return PERSONAL_FIELDS.some((field) => (payload as Record<string, unknown>)[field] != null);
}

async function rawRecord(record: SourceRecordRow, ctx: Context): Promise<string | null> {
  // Only engineers reach this field (permissions.ts); should a lower role ever be let in, a
  // confidential facility's record, which holds its coordinates and address, stays closed.
  if (ctx.visibility.hideConfidentialLocations) {
    const facility = record.facilityId === null ? null : await ctx.loaders.facility.load(record.facilityId);
    if (!facility || !mayLocate(ctx.visibility, facility)) return null;
  }
  const reveal = mayReadPersonalData(ctx.principal);
  if (reveal && holdsPersonalData(record.payload)) {
    await ctx.audit.record({
      action: 'PERSONAL_DATA_READ',
      entityType: 'SourceRecord',
      entityId: record.id,
      after: { field: 'raw', facilityId: record.facilityId },
    });
  }
  return JSON.stringify(revealPayload(record.payload, ctx.services.cipher, reveal));
}
