-- Safe houses are recognised by more than their type (src/ingest/normalise/confidential.ts,
-- ADR 0007): a facility offering the shelter service, or whose name or partner type text says
-- refuge, rescue or safe house in English or Swahili, is confidential by default. This brings
-- rows loaded before the rule to what the importer now loads. The pattern is REFUGE_WORDS of
-- confidential.ts, written with PostgreSQL's word boundary (\y).

-- The records first: survivorship rebuilds a facility's flag from them, so a rebuild must not
-- undo the re-classification.
UPDATE "SourceRecord"
   SET normalised = jsonb_set(normalised, '{confidentialLocation}', 'true'::jsonb)
 WHERE normalised IS NOT NULL
   AND COALESCE(normalised->>'confidentialLocation', 'false') <> 'true'
   AND (normalised->>'type' = 'SHELTER'
        OR COALESCE(normalised->'services', '[]'::jsonb) ? 'shelter'
        OR normalised->>'searchName' ~ '\y(safe ?(house|haven|home|space)s?|shelters?|refuges?|rescue|nyumba (salama|ya (hifadhi|usalama|wanawake|matumaini))|kimbilio|makazi|hifadhi|uokoaji)\y'
        OR lower(COALESCE(normalised->>'subtype', '')) ~ '\y(safe ?(house|haven|home|space)s?|shelters?|refuges?|rescue|nyumba (salama|ya (hifadhi|usalama|wanawake|matumaini))|kimbilio|makazi|hifadhi|uokoaji)\y');

-- Then the facilities, unless a DATA_ENGINEER pinned the flag by hand. The trigger of
-- 20261208100000 passes the flag on to rows merged into them.
UPDATE "Facility" f
   SET "confidentialLocation" = true, "updatedAt" = now(), "updatedBy" = 'migration:confidential_by_default'
 WHERE NOT f."confidentialLocation"
   AND NOT (f.overrides ? 'confidentialLocation')
   AND (f.type = 'SHELTER'
        OR EXISTS (SELECT 1 FROM "FacilityService" s WHERE s."facilityId" = f.id AND s."serviceKey" = 'shelter')
        OR EXISTS (SELECT 1 FROM "SourceRecord" r WHERE r."facilityId" = f.id AND r.normalised->>'confidentialLocation' = 'true')
        OR f."searchName" ~ '\y(safe ?(house|haven|home|space)s?|shelters?|refuges?|rescue|nyumba (salama|ya (hifadhi|usalama|wanawake|matumaini))|kimbilio|makazi|hifadhi|uokoaji)\y'
        OR lower(COALESCE(f.subtype, '')) ~ '\y(safe ?(house|haven|home|space)s?|shelters?|refuges?|rescue|nyumba (salama|ya (hifadhi|usalama|wanawake|matumaini))|kimbilio|makazi|hifadhi|uokoaji)\y');
