// Rebuilding facilities from the records that describe them: the one way values change after a
// merge, an unmerge or an import, so that all three agree on what a facility looks like.
import type { Sql } from '../../db/database.js';
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import { matchFeatures } from '../match/record-features.js';
import type { Matcher } from '../match/matcher.js';
import { facilityValues, replaceBlockKeys, replaceChildren, survivorInputs, updateFacilities } from '../load/registry.js';
import { deriveFacility, type FacilityValues } from '../load/survivorship.js';
import { derivedAsRecord } from '../load/derived-record.js';
import { currentChildren, derivedChildren, type FacilityChildren } from '../load/facility-children.js';
import type { Send } from '../load/statement-pipeline.js';

export interface RebuildDeps { cipher: PersonalDataCipher; matcher: Matcher }

export type Rebuilt = Map<string, { before?: FacilityValues; after: FacilityValues; children: { before?: FacilityChildren; after: FacilityChildren } }>;

/** What a rebuild reads: the records describing each facility, and its current values. */
export interface RebuildInputs {
  ids: string[];
  inputs: Awaited<ReturnType<typeof survivorInputs>>;
  before: Awaited<ReturnType<typeof facilityValues>>;
  /** Services, contacts and persons before the rebuild, for the audit trail. */
  children: Map<string, FacilityChildren>;
}

const awaitEach: Send = async (statement) => {
  await statement();
};

/** Re-derives the facilities and returns, per facility, the values before and after. */
export async function rebuildFacilities(sql: Sql, ids: string[], deps: RebuildDeps, actor: string): Promise<Rebuilt> {
  return writeRebuild(sql, await readRebuild(sql, ids, deps.cipher), deps, actor);
}

/** The reads of a rebuild; sent at once, so they queue behind whatever the connection is running. */
export async function readRebuild(sql: Sql, ids: string[], cipher: PersonalDataCipher): Promise<RebuildInputs> {
  const [inputs, before, children] = await Promise.all([survivorInputs(sql, ids, cipher), facilityValues(sql, ids), currentChildren(sql, ids, cipher)]);
  return { ids, inputs, before, children };
}

/** The writes of a rebuild, each through `send` (by default, one after the other). */
export async function writeRebuild(sql: Sql, read: RebuildInputs, deps: RebuildDeps, actor: string, send: Send = awaitEach): Promise<Rebuilt> {
  const rebuilt = read.ids.flatMap((id) => {
    const entry = read.inputs.get(id);
    return entry ? [{ id, derived: deriveFacility(entry.inputs, entry.overrides) }] : [];
  });
  await send(() => updateFacilities(sql, rebuilt, actor));
  await send(() => replaceChildren(sql, rebuilt, deps.cipher, true));
  await send(() => replaceBlockKeys(sql, rebuilt.map((f) => ({ facilityId: f.id, keys: deps.matcher.indexKeys(matchFeatures(f.id, derivedAsRecord(f.derived))) }))));
  return new Map(rebuilt.map((f) => [
    f.id,
    { before: read.before.get(f.id), after: f.derived.values, children: { before: read.children.get(f.id), after: derivedChildren(f.derived, deps.cipher) } },
  ]));
}
