// Facility edits by data engineers: pin a field by hand, or set the confidential-location flag.
// The work (lock, pin, rebuild, audit) is facilities/edit.ts; these resolvers translate
// arguments, errors and the caller. Who may call them is in permissions.ts.
import { countyScopeOf } from '../auth/capabilities.js';
import { auditActorOf } from '../audit/audit-log.js';
import type { Context } from '../context.js';
import { editFacility, FacilityEditError, type FacilityChanges, type FacilityEditAction } from '../facilities/edit.js';
import { builder } from './builder.js';
import { badUserInput, conflict, notFound } from './errors.js';
import { Facility, FacilityStatusEnum, FacilityTypeEnum } from './facility.js';
import { uuidArg } from './import.js';

const UpdateFacilityInput = builder.inputType('UpdateFacilityInput', {
  description:
    'Values to pin by hand; imports never overwrite a pinned value. A field left out stays as it is; ' +
    'null removes the pin, and the sources decide the value again.',
  fields: (t) => ({
    name: t.string(),
    type: t.field({ type: FacilityTypeEnum }),
    status: t.field({ type: FacilityStatusEnum }),
    address: t.string(),
    latitude: t.float({ description: 'With longitude; the point must lie in Kenya.' }),
    longitude: t.float(),
  }),
});

async function edited(ctx: Context, globalId: string, changes: FacilityChanges, action: FacilityEditAction) {
  const id = uuidArg(globalId, 'id');
  try {
    await editFacility(ctx.db.sql, ctx.services.rebuild, {
      id,
      changes,
      action,
      countyScope: countyScopeOf(ctx.principal),
      ...auditActorOf(ctx.principal, ctx.requestId),
    });
  } catch (error) {
    if (!(error instanceof FacilityEditError)) throw error;
    if (error.code === 'NOT_FOUND') throw notFound('facility', globalId);
    if (error.code === 'CONFLICT') throw conflict(error.message);
    throw badUserInput(error.message, error.field ? `input.${error.field}` : undefined);
  }
  // What the rest of this request reads is the facility as it now is.
  const fresh = await ctx.db.prisma.facility.findUniqueOrThrow({ where: { id } });
  ctx.loaders.facility.clear(id).prime(id, fresh);
  return fresh;
}

builder.mutationFields((t) => ({
  updateFacility: t.field({
    type: Facility,
    nullable: true,
    description: 'Pins values of a facility by hand and rebuilds it. DATA_ENGINEER or ADMIN; audited.',
    args: {
      id: t.arg.globalID({ for: Facility, required: true }),
      input: t.arg({ type: UpdateFacilityInput, required: true }),
    },
    resolve: (_root, { id, input }, ctx) => edited(ctx, id.id, input, 'FACILITY_UPDATED'),
  }),
  setConfidentialLocation: t.field({
    type: Facility,
    nullable: true,
    description:
      'Marks a facility\'s location confidential (its coordinates, address and ward are then withheld from roles ' +
      'below DATA_ENGINEER and it is left out of near searches), or clears the mark. Shelters and safe houses are ' +
      'confidential by default. DATA_ENGINEER or ADMIN; audited.',
    args: {
      id: t.arg.globalID({ for: Facility, required: true }),
      confidential: t.arg.boolean({ required: true }),
    },
    resolve: (_root, { id, confidential }, ctx) =>
      edited(ctx, id.id, { confidentialLocation: confidential }, 'FACILITY_CONFIDENTIALITY_SET'),
  }),
}));
