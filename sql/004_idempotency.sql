-- 004: Idempotency-Key (IETF httpapi draft) for POSTs (src/app/idempotency.cc). The first
-- request with a key claims its row (status NULL while it runs); its answer is then
-- stored in the same transaction as the handler's writes and replayed for 24 hours to
-- the same user sending the same key with the same request. Rows older than that are
-- swept a few at a time by each new claim (the created_at index makes that cheap).
CREATE TABLE idempotency_keys (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key           varchar(255) NOT NULL,
  request_hash  varchar(64) NOT NULL,  -- SHA-256 (hex) of method, path, content type and body
  status        integer,               -- NULL while the first request is running
  content_type  varchar(255),
  location      varchar(2048),
  body          text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
