-- 009: the live-session check a write sends in one round trip with its own first
-- statement (src/auth/session_store.cc, kLiveRoleForWrite). A read's check answers no
-- row for a session that is not live and keel discards the read's answer; a write's
-- check must stop the write itself, so it calls this, which raises SQLSTATE KL401:
-- the pipeline's one implicit transaction is aborted before the write's statement runs.
CREATE FUNCTION keel_session_ended() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'session expired or revoked' USING ERRCODE = 'KL401';
END
$$;
