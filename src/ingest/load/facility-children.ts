// A facility's services, contacts and named persons as its audit entries show them. A delivery
// that adds a phone or drops a service changes the facility as much as a new name does, so the
// trail must carry them (issue 22, item 4). Named persons are personal data and the trail is read
// by roles that may not see it: they are compared by their keyed fingerprint and shown masked.
import type { Sql } from '../../db/database.js';
import { maskName } from '../../security/mask.js';
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import type { DerivedFacility } from './survivorship.js';

export interface FacilityChildren {
  services: string[];
  /** `TYPE:value`, the primary one marked. */
  contacts: string[];
  /** Compared by `key` (the stored fingerprint), shown as `shown` (role and masked name). */
  persons: { key: string; shown: string }[];
}

const contactText = (type: string, value: string, isPrimary: boolean) => `${type}:${value}${isPrimary ? ' (primary)' : ''}`;
const personText = (role: string, name: string) => `${role}: ${maskName(name)}`;

export function derivedChildren(derived: DerivedFacility, cipher: PersonalDataCipher): FacilityChildren {
  return normalised({
    services: [...derived.services],
    contacts: derived.contacts.map((c) => contactText(c.type, c.value, c.isPrimary)),
    // The same fingerprint replaceChildren stores, so before and after compare like for like.
    persons: derived.persons.map((p) => ({ key: cipher.fingerprint(p.role, p.name, p.phone ?? ''), shown: personText(p.role, p.name) })),
  });
}

/** What the given facilities hold now, before a rebuild replaces it. */
export async function currentChildren(sql: Sql, ids: string[], cipher: PersonalDataCipher): Promise<Map<string, FacilityChildren>> {
  const out = new Map<string, FacilityChildren>();
  if (ids.length === 0) return out;
  const r = await sql.query<{ id: string; services: string[]; contacts: [string, string, boolean][]; persons: [string, string, string][] }>(
    `SELECT f.id,
            COALESCE((SELECT json_agg("serviceKey") FROM "FacilityService" WHERE "facilityId" = f.id), '[]') AS services,
            COALESCE((SELECT json_agg(json_build_array(type::text, value, "isPrimary")) FROM "Contact" WHERE "facilityId" = f.id), '[]') AS contacts,
            COALESCE((SELECT json_agg(json_build_array(role, fingerprint, "nameEncrypted")) FROM "ContactPerson" WHERE "facilityId" = f.id), '[]') AS persons
       FROM unnest($1::uuid[]) AS f(id)`,
    [ids],
  );
  for (const row of r.rows) {
    out.set(row.id, normalised({
      services: row.services,
      contacts: row.contacts.map(([type, value, isPrimary]) => contactText(type, value, isPrimary)),
      persons: row.persons.map(([role, fingerprint, name]) => ({ key: fingerprint, shown: personText(role, cipher.decrypt(name)) })),
    }));
  }
  return out;
}

/** The entries of an audit diff for what changed among the children; empty when nothing did. */
export function childChanges(before: FacilityChildren | undefined, after: FacilityChildren): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  if (!before) return { before: b, after: a };
  for (const field of ['services', 'contacts'] as const) {
    if (before[field].join('\n') !== after[field].join('\n')) {
      b[field] = before[field];
      a[field] = after[field];
    }
  }
  if (before.persons.map((p) => p.key).join() !== after.persons.map((p) => p.key).join()) {
    b.persons = before.persons.map((p) => p.shown);
    a.persons = after.persons.map((p) => p.shown);
  }
  return { before: b, after: a };
}

/** As an audit entry shows them when a facility is created. */
export function shownChildren(children: FacilityChildren): Record<string, unknown> {
  return { services: children.services, contacts: children.contacts, persons: children.persons.map((p) => p.shown) };
}

function normalised(c: FacilityChildren): FacilityChildren {
  return {
    services: [...c.services].sort(),
    contacts: [...c.contacts].sort(),
    persons: [...c.persons].sort((x, y) => x.key.localeCompare(y.key)),
  };
}
