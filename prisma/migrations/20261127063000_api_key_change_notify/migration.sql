-- Tells listening API processes that API keys changed (issued, revoked, used), so that the keys
-- they keep in memory are read again: a revocation reaches every process as soon as it commits
-- (ADR 0010). Same mechanism as the Facility trigger, on a channel of its own.
CREATE FUNCTION "gvrc_notify_api_key_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gvrc_api_key_changed', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ApiKey_changed_notify"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApiKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "gvrc_notify_api_key_changed"();
