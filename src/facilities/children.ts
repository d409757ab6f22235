// A facility's services and contacts, read in the same statement as the facility itself.
//
// A list row or a facility page nearly always shows both; fetched separately they cost two more
// statements per request (and the work of two more Prisma queries). When the request selects
// them (see schema/selection.ts), the statement that reads the facilities adds one JSON
// column per kind, and the rows are handed to the per-request loaders as if those had read them.
import { Prisma, type Contact } from '../generated/prisma/client.js';

/** Which children the statement reading facilities should bring along. */
export interface FacilityChildren {
  services: boolean;
  contacts: boolean;
}

export const NO_CHILDREN: FacilityChildren = { services: false, contacts: false };

/** The children read with one facility, in the order the loaders return them. */
export interface ChildRows {
  /** Service keys, by key. */
  services?: string[];
  /** Primary first, then by type and value. */
  contacts?: Contact[];
}

/** The JSON columns to add to a statement over facility alias `alias`. */
export function childColumns(children: FacilityChildren, alias = 'f'): Prisma.Sql {
  const columns: Prisma.Sql[] = [];
  const id = Prisma.raw(`${alias}."id"`);
  if (children.services) {
    columns.push(Prisma.sql`(SELECT coalesce(json_agg(s."serviceKey" ORDER BY s."serviceKey"), '[]'::json)
      FROM "FacilityService" s WHERE s."facilityId" = ${id}) AS "childServices"`);
  }
  if (children.contacts) {
    // The enum sorts in declaration order, as Prisma's orderBy on `type` does.
    columns.push(Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', c."id", 'type', c."type", 'value', c."value",
        'isPrimary', c."isPrimary", 'createdAt', c."createdAt") ORDER BY c."isPrimary" DESC, c."type", c."value"), '[]'::json)
      FROM "Contact" c WHERE c."facilityId" = ${id}) AS "childContacts"`);
  }
  return columns.length ? Prisma.sql`, ${Prisma.join(columns)}` : Prisma.empty;
}

interface JsonContact {
  id: string;
  type: Contact['type'];
  value: string;
  isPrimary: boolean;
  /** `timestamp without time zone`, in UTC, as json_build_object writes it. */
  createdAt: string;
}

export interface ChildColumnsOfRow {
  childServices?: string[];
  childContacts?: JsonContact[];
}

/** Splits a row read with `childColumns` into the facility's own columns and its children. */
export function splitChildren<R extends ChildColumnsOfRow>(row: R): { own: Omit<R, keyof ChildColumnsOfRow>; children: ChildRows } {
  const { childServices, childContacts, ...own } = row;
  const children: ChildRows = {};
  if (childServices) children.services = childServices;
  if (childContacts) {
    const facilityId = (own as { id?: string }).id ?? '';
    children.contacts = childContacts.map((c) => ({ ...c, facilityId, createdAt: new Date(`${c.createdAt}Z`) }));
  }
  return { own, children };
}
