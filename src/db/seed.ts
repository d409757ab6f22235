// Reference data every registry needs: Kenya's counties, constituencies and wards with their
// official codes, the alternate spellings the ingest resolves, and the service taxonomy.
// Idempotent: running it again updates names and adds what is new, never duplicates.
import { kenyaGazetteer } from '../geography/kenya.js';
import { SERVICE_TAXONOMY } from '../ingest/services/taxonomy.js';
import type { Sql } from './database.js';

export interface SeedCounts { counties: number; constituencies: number; wards: number; aliases: number; services: number }

export async function seedReferenceData(sql: Sql): Promise<SeedCounts> {
  const g = kenyaGazetteer();
  return sql.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO "County" (code, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`,
      [g.counties.map((c) => c.code), g.counties.map((c) => c.name)],
    );
    await tx.query(
      `INSERT INTO "Constituency" (code, name, "countyCode") SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "countyCode" = EXCLUDED."countyCode"`,
      [g.constituencies.map((c) => c.code), g.constituencies.map((c) => c.name), g.constituencies.map((c) => c.countyCode)],
    );
    await tx.query(
      `INSERT INTO "Ward" (code, name, "constituencyCode", "countyCode")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,
         "constituencyCode" = EXCLUDED."constituencyCode", "countyCode" = EXCLUDED."countyCode"`,
      [g.wards.map((w) => w.code), g.wards.map((w) => w.name), g.wards.map((w) => w.constituencyCode), g.wards.map((w) => w.countyCode)],
    );
    await tx.query(
      `INSERT INTO "GeoAlias" (level, alias, "entityCode")
       SELECT level::"GeoLevel", alias, code FROM unnest($1::text[], $2::text[], $3::text[]) AS t(level, alias, code)
       ON CONFLICT (level, alias, "entityCode") DO NOTHING`,
      [g.aliases.map((a) => a.level), g.aliases.map((a) => a.alias), g.aliases.map((a) => a.entityCode)],
    );
    // Synonyms travel as one JSON document: a text[][] parameter cannot hold ragged rows.
    await tx.query(
      `INSERT INTO "ServiceCategory" (key, label, description, synonyms)
       SELECT s.key, s.label, s.description, ARRAY(SELECT jsonb_array_elements_text(s.synonyms))
       FROM jsonb_to_recordset($1::jsonb) AS s(key text, label text, description text, synonyms jsonb)
       ON CONFLICT (key) DO UPDATE SET label = EXCLUDED.label, description = EXCLUDED.description,
         synonyms = EXCLUDED.synonyms`,
      [JSON.stringify(SERVICE_TAXONOMY.map((s) => ({ key: s.key, label: s.label, description: s.description ?? null, synonyms: s.synonyms })))],
    );
    return {
      counties: g.counties.length,
      constituencies: g.constituencies.length,
      wards: g.wards.length,
      aliases: g.aliases.length,
      services: SERVICE_TAXONOMY.length,
    };
  });
}
