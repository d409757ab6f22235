// Rebuilding facilities from the records that describe them: the one way values change after a
// merge, an unmerge or an import, so that all three agree on what a facility looks like.
import type { Sql } from '../../db/database.js';
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import { matchFeatures } from '../match/record-features.js';
import type { Matcher } from '../match/matcher.js';
import { facilityValues, replaceBlockKeys, replaceChildren, survivorInputs, updateFacilities } from '../load/registry.js';
import { deriveFacility, type FacilityValues } from '../load/survivorship.js';
import { derivedAsRecord } from '../load/derived-record.js';

export interface RebuildDeps { cipher: PersonalDataCipher; matcher: Matcher }

/** Re-derives the facilities and returns, per facility, the values before and after. */
export async function rebuildFacilities(
  sql: Sql,
  ids: string[],
  deps: RebuildDeps,
  actor: string,
): Promise<Map<string, { before?: FacilityValues; after: FacilityValues }>> {
  const [inputs, before] = await Promise.all([survivorInputs(sql, ids, deps.cipher), facilityValues(sql, ids)]);
  const rebuilt = ids.flatMap((id) => {
    const entry = inputs.get(id);
    return entry ? [{ id, derived: deriveFacility(entry.inputs, entry.overrides) }] : [];
  });
  await updateFacilities(sql, rebuilt, actor);
  await replaceChildren(sql, rebuilt, deps.cipher, true);
  await replaceBlockKeys(sql, rebuilt.map((f) => ({ facilityId: f.id, keys: deps.matcher.indexKeys(matchFeatures(f.id, derivedAsRecord(f.derived))) })));
  return new Map(rebuilt.map((f) => [f.id, { before: before.get(f.id), after: f.derived.values }]));
}
