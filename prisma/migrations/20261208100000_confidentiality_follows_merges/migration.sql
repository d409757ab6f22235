-- Confidentiality is a property of everything that points at a confidential facility (ADR 0007).
-- A facility merged away into a shelter keeps its own row (its code must keep resolving), and
-- with it coordinates and an address that are now the shelter's: that row is confidential too,
-- whichever writer made the link — a reviewer's merge, an import's rebuild, an engineer's flag.
-- Kept by the database rather than by each writer, so that no path can forget it.

-- A row pointing at a confidential facility is confidential.
CREATE FUNCTION "gvrc_inherit_confidentiality"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Facility" s WHERE s.id = NEW."mergedIntoId" AND s."confidentialLocation") THEN
    NEW."confidentialLocation" := true;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Facility_inherits_confidentiality"
  BEFORE INSERT OR UPDATE OF "mergedIntoId", "confidentialLocation" ON "Facility"
  FOR EACH ROW WHEN (NEW."mergedIntoId" IS NOT NULL AND NOT NEW."confidentialLocation")
  EXECUTE FUNCTION "gvrc_inherit_confidentiality"();

-- A facility becoming confidential passes it on to the rows merged into it. Lifting it does not:
-- an engineer lifts each row's flag on its own, seeing what it holds.
CREATE FUNCTION "gvrc_pass_on_confidentiality"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Facility" SET "confidentialLocation" = true WHERE "mergedIntoId" = NEW.id AND NOT "confidentialLocation";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Facility_passes_on_confidentiality"
  AFTER UPDATE OF "confidentialLocation" ON "Facility"
  FOR EACH ROW WHEN (NEW."confidentialLocation" AND NOT OLD."confidentialLocation")
  EXECUTE FUNCTION "gvrc_pass_on_confidentiality"();

-- Rows already merged into a confidential facility.
UPDATE "Facility" m SET "confidentialLocation" = true
  FROM "Facility" s
 WHERE m."mergedIntoId" = s.id AND s."confidentialLocation" AND NOT m."confidentialLocation";
