// Lineage: which delivered record a facility came from, and the import run that read it. Only
// what the facility view needs is defined here; the import domain (import.ts) extends ImportRun.
import { ImportRunStatus, RecordOutcome, SourceKind } from '../generated/prisma/enums.js';
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
