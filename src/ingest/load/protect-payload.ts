// The raw record is kept as lineage, but the named people in it (a station's officer
// commanding, an organisation's focal person) are personal data and are encrypted at rest like
// ContactPerson; readers allowed to see personal data decrypt them with `revealPayload`.
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';

/** Fields of partner records that hold a named person (SOURCES.md). */
export const PERSONAL_FIELDS = ['ocs', 'focal_person'] as const;

interface Sealed { encrypted: string }

function isSealed(v: unknown): v is Sealed {
  return typeof v === 'object' && v !== null && typeof (v as Sealed).encrypted === 'string' && Object.keys(v).length === 1;
}

export function protectPayload(payload: unknown, cipher: PersonalDataCipher): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const copy: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of PERSONAL_FIELDS) {
    if (copy[field] !== undefined && copy[field] !== null) copy[field] = { encrypted: cipher.encrypt(JSON.stringify(copy[field])) };
  }
  return copy;
}

/** The payload as delivered; with `reveal` false the people are left out instead. */
export function revealPayload(payload: unknown, cipher: PersonalDataCipher, reveal: boolean): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const copy: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of PERSONAL_FIELDS) {
    if (!isSealed(copy[field])) continue;
    if (reveal) copy[field] = JSON.parse(cipher.decrypt((copy[field] as Sealed).encrypted));
    else delete copy[field];
  }
  return copy;
}
