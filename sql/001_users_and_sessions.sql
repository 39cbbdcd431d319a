-- 001: accounts and their sessions.
--
-- Emails are stored normalised (trimmed, lower-cased) by the application; the CHECK
-- makes sure nothing else slips in. A session is one signed-in device: the refresh
-- token itself is never stored, only its SHA-256 hash.

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         varchar(255) NOT NULL UNIQUE CHECK (email = lower(btrim(email)) AND email <> ''),
  password_hash varchar(255) NOT NULL,
  name          varchar(100),
  avatar_url    text CHECK (avatar_url IS NULL OR length(avatar_url) <= 2048),
  role          varchar(20) NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  is_active     boolean NOT NULL DEFAULT true,
  last_login    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_created_at_idx ON users (created_at DESC, id);

CREATE TABLE sessions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  refresh_hash  bytea NOT NULL UNIQUE,  -- SHA-256 of the current refresh token
  user_agent    varchar(256),
  ip            varchar(64),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  revoke_reason varchar(32)
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC);
