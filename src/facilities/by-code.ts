// Facilities by their public code, with the services and contacts the request will show read in
// the same statement (children.ts): a facility's own page costs one statement, not three.
import type { Sql } from '../db/database.js';
import type { Facility } from '../generated/prisma/client.js';
import { Prisma } from '../generated/prisma/client.js';
import { childColumns, splitChildren, type ChildColumnsOfRow, type ChildRows, type FacilityChildren } from './children.js';
import { facilityColumns, rawRows, whereClause } from './sql.js';
import { visibilityConditions, type FacilityVisibility } from './visibility.js';

export interface FacilityWithChildren {
  facility: Facility;
  children: ChildRows;
}

/** The facilities holding these codes that the caller can see (its county scope), in no order. */
export async function findFacilitiesByCode(
  sql: Sql,
  codes: readonly string[],
  visibility: FacilityVisibility,
  children: FacilityChildren,
): Promise<FacilityWithChildren[]> {
  const conditions = [Prisma.sql`f."code" = ANY(${[...codes]}::text[])`, ...visibilityConditions(visibility, {})];
  const { rows } = await rawRows<Facility & ChildColumnsOfRow>(
    sql,
    Prisma.sql`SELECT ${facilityColumns()} ${childColumns(children)} FROM "Facility" f ${whereClause(conditions)}`,
  );
  return rows.map((row) => {
    const { own, children: read } = splitChildren(row);
    return { facility: own, children: read };
  });
}
