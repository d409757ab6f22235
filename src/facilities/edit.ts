// Hand edits of a facility by a data engineer: the value is pinned in Facility.overrides (which
// survivorship never overwrites) and the facility is rebuilt from its records, so an edit and
// the next import agree on what the facility looks like. Lock, pin, rebuild and the audit row
// happen in one transaction.
import type { Sql } from '../db/database.js';
import type { FacilityStatus, FacilityType } from '../generated/prisma/enums.js';
import { insertAuditEvents } from '../ingest/load/registry.js';
import type { Overrides } from '../ingest/load/survivorship.js';
import { rebuildFacilities, type RebuildDeps } from '../ingest/merge/rebuild.js';
import { isInKenya } from '../ingest/normalise/coordinates.js';
import type { AuditActor } from '../audit/audit-log.js';

/**
 * Per field: absent leaves it as it is, a value pins it, null removes the pin (the sources
 * decide again).
 */
export interface FacilityChanges {
  name?: string | null;
  type?: FacilityType | null;
  status?: FacilityStatus | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  confidentialLocation?: boolean | null;
}

export type FacilityEditAction = 'FACILITY_UPDATED' | 'FACILITY_CONFIDENTIALITY_SET';

export class FacilityEditError extends Error {
  override readonly name = 'FacilityEditError';

  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface FacilityEdit extends AuditActor {
  id: string;
  /** The editor's county scope: a facility elsewhere is not found. */
  countyScope?: string;
  changes: FacilityChanges;
  action: FacilityEditAction;
}

const MAX_NAME = 200;
const MAX_ADDRESS = 500;

export async function editFacility(sql: Sql, deps: RebuildDeps, edit: FacilityEdit): Promise<void> {
  const changes = checkedChanges(edit.changes);
  await sql.transaction(async (tx) => {
    const found = await tx.query<{ countyCode: string; mergedIntoId: string | null; code: string; overrides: Overrides | string }>(
      `SELECT "countyCode", "mergedIntoId", code, overrides FROM "Facility" WHERE id = $1::uuid FOR UPDATE`,
      [edit.id],
    );
    const facility = found.rows[0];
    if (!facility || (edit.countyScope !== undefined && facility.countyCode !== edit.countyScope)) {
      throw new FacilityEditError('NOT_FOUND', 'No such facility.');
    }
    if (facility.mergedIntoId !== null) {
      throw new FacilityEditError('CONFLICT', `Facility ${facility.code} was merged into another; edit that one.`);
    }
    const before = typeof facility.overrides === 'string' ? (JSON.parse(facility.overrides) as Overrides) : facility.overrides;
    const after = applyChanges(before, changes);
    await tx.query(`UPDATE "Facility" SET overrides = $2::jsonb WHERE id = $1::uuid`, [edit.id, JSON.stringify(after)]);
    const rebuilt = (await rebuildFacilities(tx, [edit.id], deps, edit.actor)).get(edit.id);
    if (!rebuilt) throw new FacilityEditError('CONFLICT', `Facility ${facility.code} has no source records to rebuild it from.`);
    await insertAuditEvents(tx, [
      {
        actor: edit.actor,
        actorRole: edit.actorRole,
        requestId: edit.requestId,
        action: edit.action,
        entityType: 'Facility',
        entityId: edit.id,
        before: { overrides: before, values: rebuilt.before ?? null },
        after: { overrides: after, values: rebuilt.after },
      },
    ]);
  });
}

function applyChanges(current: Overrides, changes: FacilityChanges): Overrides {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as Overrides;
}

function checkedChanges(changes: FacilityChanges): FacilityChanges {
  const checked: FacilityChanges = { ...changes };
  if (typeof changes.name === 'string') {
    checked.name = changes.name.trim();
    if (checked.name.length === 0 || checked.name.length > MAX_NAME) {
      throw new FacilityEditError('BAD_USER_INPUT', `name must be 1 to ${MAX_NAME} characters`, 'name');
    }
  }
  if (typeof changes.address === 'string') {
    checked.address = changes.address.trim();
    if (checked.address.length === 0 || checked.address.length > MAX_ADDRESS) {
      throw new FacilityEditError('BAD_USER_INPUT', `address must be 1 to ${MAX_ADDRESS} characters (null removes the pin)`, 'address');
    }
  }
  // A point is a pair: pinning one half would combine it with whatever the sources say.
  const { latitude, longitude } = changes;
  if ((latitude === undefined) !== (longitude === undefined) || (latitude === null) !== (longitude === null)) {
    throw new FacilityEditError('BAD_USER_INPUT', 'latitude and longitude are set (or cleared) together', 'latitude');
  }
  if (typeof latitude === 'number' && typeof longitude === 'number' && !isInKenya(latitude, longitude)) {
    throw new FacilityEditError('BAD_USER_INPUT', 'the point is not in Kenya (latitude first, then longitude)', 'latitude');
  }
  return checked;
}
