// The registry-wide data-quality report: how complete, valid, unique and well-placed the
// active facilities are, computed by the database in one pass.
import type { Sql } from '../../db/database.js';

export interface RegistryQualityReport {
  facilities: number;
  completeness: { field: string; share: number }[];
  geographyResolution: { county: number; constituency: number; ward: number };
  /** Open duplicate candidates, and their share of active facilities. */
  uniqueness: { openDuplicateCandidates: number; share: number };
  /** Share of facilities with at least one way to reach them (phone, hotline, e-mail). */
  reachable: number;
  averageQualityScore: number;
  generatedAt: Date;
}

export async function registryQualityReport(sql: Sql, scope: { countyCode?: string } = {}): Promise<RegistryQualityReport> {
  const params = scope.countyCode ? [scope.countyCode] : [];
  const where = `f."isActive"${scope.countyCode ? ' AND f."countyCode" = $1' : ''}`;
  const r = await sql.query<Record<string, number | string | null>>(
    `SELECT count(*)::int AS facilities,
            count(f."constituencyCode")::int AS constituency,
            count(f."wardCode")::int AS ward,
            count(f.latitude)::int AS coordinates,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Contact" c WHERE c."facilityId" = f.id AND c.type IN ('PHONE','HOTLINE')))::int AS phone,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Contact" c WHERE c."facilityId" = f.id AND c.type = 'EMAIL'))::int AS email,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Contact" c WHERE c."facilityId" = f.id))::int AS reachable,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "FacilityService" s WHERE s."facilityId" = f.id))::int AS services,
            count(*) FILTER (WHERE COALESCE(f."mflCode", f."stationCode", f."branchCode", f."registrationNumber") IS NOT NULL)::int AS identifier,
            count(*) FILTER (WHERE f.status <> 'UNKNOWN')::int AS status,
            COALESCE(avg(f."qualityScore"), 0)::float8 AS "averageQualityScore"
       FROM "Facility" f WHERE ${where}`,
    params,
  );
  const candidates = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "DuplicateCandidate" d JOIN "Facility" f ON f.id = d."facilityAId"
      WHERE d.status = 'OPEN' AND ${where}`,
    params,
  );
  const row = r.rows[0];
  const total = Number(row.facilities);
  const share = (n: unknown) => (total ? Math.round((Number(n) / total) * 1000) / 1000 : 0);
  const open = Number(candidates.rows[0]?.n ?? 0);
  return {
    facilities: total,
    completeness: ['constituency', 'ward', 'coordinates', 'phone', 'email', 'services', 'identifier', 'status'].map((field) => ({ field, share: share(row[field]) })),
    geographyResolution: { county: total ? 1 : 0, constituency: share(row.constituency), ward: share(row.ward) },
    uniqueness: { openDuplicateCandidates: open, share: share(open) },
    reachable: share(row.reachable),
    averageQualityScore: Math.round(Number(row.averageQualityScore) * 1000) / 1000,
    generatedAt: new Date(),
  };
}
