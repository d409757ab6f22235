-- Blocking no longer keys facilities by map cell, and a distinctive word of five consonants or
-- more is also keyed without its first letter (src/ingest/match/blocking.ts, ADR 0005). This
-- brings stored keys to what the importer now stores, so that facilities loaded before it are
-- found the same way as facilities loaded after it.

-- Map cells are never looked up any more.
DELETE FROM "FacilityBlockKey" WHERE key LIKE 'g:%';

-- A long word's skeleton is stored with each of its one-letter-shorter forms but the first-letter
-- one. The skeleton is the key whose form less its second letter is stored for the same
-- facility (place words, keyed by skeleton alone, have no such form); add the form less its
-- first letter.
INSERT INTO "FacilityBlockKey" (key, "facilityId")
SELECT DISTINCT 'n:' || k.county || ':' || substr(k.form, 2), k."facilityId"
  FROM (SELECT "facilityId", split_part(key, ':', 2) AS county, split_part(key, ':', 3) AS form
          FROM "FacilityBlockKey"
         WHERE key LIKE 'n:%') k
 WHERE length(k.form) >= 5
   AND EXISTS (SELECT 1 FROM "FacilityBlockKey" d
                WHERE d."facilityId" = k."facilityId"
                  AND d.key = 'n:' || k.county || ':' || left(k.form, 1) || substr(k.form, 3))
ON CONFLICT DO NOTHING;
