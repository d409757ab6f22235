-- Tells listening API processes that a table changed, so that what they cache from it is dropped
-- (ADR 0010). NOTIFY is delivered only when the writing transaction commits, never for one that
-- rolls back, and repeats within one transaction are folded into one: the cost is one
-- notification per writing transaction. The channel is the trigger's argument.
CREATE FUNCTION "gvrc_notify_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], '');
  RETURN NULL;
END;
$$;

-- Area counts (the county tree).
CREATE TRIGGER "Facility_changed_notify"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Facility"
  FOR EACH STATEMENT EXECUTE FUNCTION "gvrc_notify_changed"('gvrc_facility_changed');
