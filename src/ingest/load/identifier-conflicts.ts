// Official codes are unique in the registry. A record that goes to one facility while carrying a
// code another facility holds cannot take that code (the write would violate the uniqueness and
// fail the whole source): it gives the code up, a person reviews the two facilities, and the
// record says why in an issue of its own.
import type { MatchFeatures } from '../match/features.js';
import type { CanonicalRecord, ExternalIdentifiers, RecordIssue } from '../record.js';

export const IDENTIFIERS = ['mflCode', 'stationCode', 'branchCode', 'registrationNumber'] as const;

/** The identifiers' names as the partner files spell them, for messages. */
const SOURCE_FIELD: Record<keyof ExternalIdentifiers, string> = {
  mflCode: 'mfl_code',
  stationCode: 'station_code',
  branchCode: 'branch_code',
  registrationNumber: 'registration_number',
};

export interface Holder { code: keyof ExternalIdentifiers; value: string; facilityId: string }

/** The record's codes held by a facility other than `target` (`index`: `code:value` → facility id). */
export function heldElsewhere(r: CanonicalRecord, target: string | undefined, index: Map<string, string>): Holder[] {
  const out: Holder[] = [];
  for (const code of IDENTIFIERS) {
    const value = r.identifiers[code];
    const facilityId = value ? index.get(`${code}:${value}`) : undefined;
    if (value && facilityId && facilityId !== target) out.push({ code, value, facilityId });
  }
  return out;
}

/** The record gives up the held codes and gets an issue naming every facility involved. */
export function giveUpHeldCodes(r: CanonicalRecord, holders: Holder[], describe: (facilityId: string) => string, target?: { facilityId: string; why: string }): void {
  const without = { ...r.identifiers };
  for (const h of holders) delete without[h.code];
  r.identifiers = without;
  const held = holders.map((h) => `${SOURCE_FIELD[h.code]} ${h.value} belongs to ${describe(h.facilityId)}`);
  const about = target ? `${target.why} ${describe(target.facilityId)}, but its ${held.join(' and its ')}` : `Its ${held.join(' and its ')}`;
  r.issues = [
    ...r.issues,
    {
      code: 'CONFLICTING_IDENTIFIERS',
      severity: 'WARNING',
      message: `${about}. The record keeps none of these codes and the facilities are sent to review.`,
      field: holders.map((h) => SOURCE_FIELD[h.code]).join(', '),
      fileName: r.fileName,
      pointer: r.pointer,
    } satisfies RecordIssue,
  ];
}

/** `"Name" (facility <id>)`, from what the batch read about the facility. */
export function facilityLabel(features: (facilityId: string) => MatchFeatures | undefined): (facilityId: string) => string {
  return (facilityId) => {
    const f = features(facilityId);
    return f ? `"${f.name}" (facility ${facilityId})` : `facility ${facilityId}`;
  };
}
