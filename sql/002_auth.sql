-- 002: what auth and sessions need beyond 001 (CONTRACT §4).
--
-- A session row is one signed-in device and one refresh-token family; its id is the
-- `sid` claim of every access token it issues. The refresh token rotates at every use:
-- sessions.refresh_hash is the SHA-256 of the current token, `generation` counts the
-- rotations, and each rotated hash moves to session_refresh_history. Presenting any
-- hash found there later is reuse (a copy of the token is in two hands): the family is
-- revoked (RFC 9700 §4.14.2). The one exception is the direct parent of the current
-- token within KEEL_REFRESH_REUSE_WINDOW seconds of its rotation (two tabs refreshing
-- at once): the child is derived from the parent by a keyed HMAC, so the server can
-- hand out the same child again without ever storing a token in clear.
--
-- Sessions expire after KEEL_REFRESH_TTL without use (each rotation pushes expires_at
-- forward) and never outlive created_at + KEEL_SESSION_ABSOLUTE_TTL.

ALTER TABLE sessions
  ADD COLUMN generation integer NOT NULL DEFAULT 0 CHECK (generation >= 0),
  ADD CONSTRAINT sessions_refresh_hash_len CHECK (octet_length(refresh_hash) = 32),
  ADD CONSTRAINT sessions_revoke_reason_check CHECK (revoke_reason IS NULL OR revoke_reason IN
    ('logout', 'logout_all', 'password_change', 'reuse_detected', 'revoked', 'disabled'));

CREATE TABLE session_refresh_history (
  refresh_hash bytea PRIMARY KEY CHECK (octet_length(refresh_hash) = 32),  -- a rotated token
  session_id   uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  generation   integer NOT NULL CHECK (generation >= 0),  -- the session's generation while it was current
  rotated_at   timestamptz NOT NULL DEFAULT now()         -- = when its child was issued
);
CREATE INDEX session_refresh_history_session_idx ON session_refresh_history (session_id);

-- What happened to an account, for its owner (GET auth/events) and for operators.
-- user_id is null for a failed login or a throttled attempt on an unknown email.
CREATE TABLE auth_events (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
  session_id uuid REFERENCES sessions (id) ON DELETE SET NULL,
  type       varchar(32) NOT NULL CHECK (type IN ('register', 'login_ok', 'login_failed',
               'refresh', 'reuse_detected', 'logout', 'logout_all', 'password_change',
               'throttled', 'session_revoked')),
  ip         varchar(64),
  user_agent varchar(256),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_events_user_idx ON auth_events (user_id, created_at DESC, id);
CREATE INDEX auth_events_session_idx ON auth_events (session_id) WHERE session_id IS NOT NULL;

-- Failed-login counters shared by every worker and host: one fixed window per key.
-- kind 'account': key = hex SHA-256 of the normalised email (so mistyped passwords that
-- land in the email field are not kept in clear); kind 'ip': key = the client address.
CREATE TABLE login_throttle (
  kind         varchar(16) NOT NULL CHECK (kind IN ('account', 'ip')),
  key          varchar(128) NOT NULL,
  window_start timestamptz NOT NULL,
  failures     integer NOT NULL CHECK (failures >= 0),
  PRIMARY KEY (kind, key)
);
CREATE INDEX login_throttle_window_idx ON login_throttle (window_start);
