-- API keys kept by API processes (ADR 0010): issued, revoked or used, every change is announced,
-- so a revocation reaches every process as soon as it commits.
CREATE TRIGGER "ApiKey_changed_notify"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApiKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "gvrc_notify_changed"('gvrc_api_key_changed');
