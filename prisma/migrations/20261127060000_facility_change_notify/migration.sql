-- Tells listening API processes that facilities changed, so that what they cache from the
-- Facility table (area counts for the county tree) is dropped. NOTIFY is delivered only when the
-- writing transaction commits, never for one that rolls back, and repeats within one transaction
-- are folded into one: the cost is one notification per writing transaction (ADR 0010).
CREATE FUNCTION "gvrc_notify_facility_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gvrc_facility_changed', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Facility_changed_notify"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Facility"
  FOR EACH STATEMENT EXECUTE FUNCTION "gvrc_notify_facility_changed"();
