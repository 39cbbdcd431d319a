-- 007: personal API keys for scripts, and OpenID Connect identities (sign-in with Google,
-- Apple or any issuer).
--
-- A key is `keel_` + 43 random base62 characters + a 6-character CRC-32 checksum
-- (src/auth/api_key_token.h). Only its SHA-256 is stored (key_hash); `prefix` keeps the
-- first 12 characters in clear so the owner can tell keys apart. `scopes` holds the
-- normalised `RESOURCE:read|write` grants (src/auth/api_key_scope.h). A request with a
-- key is checked against this row every time, so a deleted or expired key stops at
-- once; last_used_at is refreshed at most once a minute.
CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         varchar(100) NOT NULL CONSTRAINT api_keys_name_check CHECK (btrim(name) <> ''),
  prefix       varchar(16) NOT NULL,
  key_hash     bytea NOT NULL CONSTRAINT api_keys_key_hash_len CHECK (octet_length(key_hash) = 32),
  scopes       text[] NOT NULL CONSTRAINT api_keys_scopes_check
                 CHECK (cardinality(scopes) BETWEEN 1 AND 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz,
  CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at DESC, id);

-- OpenID Connect identities: a provider's subject (`sub`, stable per provider) linked to
-- one keel account. An account may hold several (one per provider and subject); an
-- account created by sign-in with a provider has password_hash '!' (no password) until
-- its owner sets one. `email` is what the provider said when the identity was linked.
CREATE TABLE user_identities (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider      varchar(32) NOT NULL,
  subject       varchar(255) NOT NULL CONSTRAINT user_identities_subject_check CHECK (subject <> ''),
  email         varchar(255),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  CONSTRAINT user_identities_provider_subject_key UNIQUE (provider, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id, created_at, id);
