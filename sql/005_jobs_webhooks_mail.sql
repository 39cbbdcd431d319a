-- 005: work done outside a request — the job queue (an outbox in PostgreSQL) and the
-- outbound webhooks it delivers.
--
-- A job is a row written in the same transaction as the change that causes it, so a
-- rolled-back change leaves no job and a committed one always has its job. Job workers
-- claim due rows with FOR UPDATE SKIP LOCKED and hold them under a lease
-- (locked_until): a worker killed mid-job leaves its row 'running' with a lease that
-- expires, and the row is queued again then (at least once). A failed attempt is
-- queued again after an exponential back-off with jitter (run_at) until max_attempts,
-- then it is 'dead' and kept for inspection. Every insert NOTIFYs channel keel_jobs at
-- commit, which wakes idle job workers at once; they also poll, so a lost notification
-- only delays a job.

CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  kind         varchar(64) NOT NULL CONSTRAINT jobs_kind_check CHECK (btrim(kind) <> ''),
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  state        varchar(16) NOT NULL DEFAULT 'queued'
               CONSTRAINT jobs_state_check CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts     integer NOT NULL DEFAULT 0,
  -- NULL: the job worker's KEEL_JOB_MAX_ATTEMPTS.
  max_attempts integer CONSTRAINT jobs_max_attempts_check CHECK (max_attempts >= 1),
  run_at       timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  locked_by    varchar(64),
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
-- The claim: the oldest due queued job.
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE state = 'queued';
-- Expired leases.
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';
-- Pruning finished jobs.
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state = 'done';

CREATE FUNCTION keel_jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keel_jobs', '');
  RETURN NULL;
END $$;
-- Once per statement; PostgreSQL folds identical notifications of one transaction and
-- delivers them at commit.
CREATE TRIGGER jobs_notify AFTER INSERT ON jobs
  FOR EACH STATEMENT EXECUTE FUNCTION keel_jobs_notify();

-- Outbound webhook subscriptions: where keel POSTs a user's events. The signing key is
-- kept usable (an HMAC needs it), shown once at creation as "whsec_" + base64, and never
-- selected by a statement that feeds a response. A subscription whose deliveries keep
-- failing is disabled (enabled = false) with the reason recorded.
CREATE TABLE webhook_subscriptions (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  url                  text NOT NULL CONSTRAINT webhook_subscriptions_url_check
                       CHECK (length(url) BETWEEN 8 AND 2048),
  events               text[] NOT NULL CONSTRAINT webhook_subscriptions_events_check
                       CHECK (cardinality(events) BETWEEN 1 AND 9 AND events <@ ARRAY[
                         'task.created', 'task.updated', 'task.deleted',
                         'project.created', 'project.updated', 'project.deleted',
                         'time_entry.created', 'time_entry.updated', 'time_entry.deleted']),
  description          text CONSTRAINT webhook_subscriptions_description_check
                       CHECK (description IS NULL OR length(description) <= 1000),
  secret               bytea NOT NULL CONSTRAINT webhook_subscriptions_secret_check
                       CHECK (length(secret) BETWEEN 24 AND 64),
  enabled              boolean NOT NULL DEFAULT true,
  disabled_reason      text,
  disabled_at          timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_subscriptions_id_user_key UNIQUE (id, user_id)
);
CREATE INDEX webhook_subscriptions_user_idx ON webhook_subscriptions (user_id, created_at, id);

-- One event for one subscription. webhook-id is 'msg_' || id (the same on every attempt
-- and on a redelivery, so a receiver can deduplicate). status: pending (attempts left),
-- succeeded, failed (every attempt failed).
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id  uuid NOT NULL,
  user_id          uuid NOT NULL,
  event_type       varchar(64) NOT NULL,
  payload          jsonb NOT NULL,
  status           varchar(16) NOT NULL DEFAULT 'pending'
                   CONSTRAINT webhook_deliveries_status_check
                   CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  response_code    integer,
  last_error       text,
  last_attempt_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_deliveries_subscription_fkey FOREIGN KEY (subscription_id, user_id)
    REFERENCES webhook_subscriptions (id, user_id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_subscription_idx
  ON webhook_deliveries (subscription_id, created_at DESC, id);

-- The events of tasks, projects and time entries, written by the change's own
-- transaction: one delivery and one job per enabled subscription of the owner that
-- wants the event. A user without subscriptions costs one index probe per change.
CREATE FUNCTION keel_webhook_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
  event text;
  data  jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN owner := OLD.user_id; ELSE owner := NEW.user_id; END IF;
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.user_id = owner AND s.enabled) THEN
    RETURN NULL;
  END IF;
  event := TG_ARGV[0] || '.' ||
           CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
  IF TG_OP = 'DELETE' THEN
    data := jsonb_build_object('id', OLD.id);
  ELSE
    data := to_jsonb(NEW) - 'user_id' - 'priority_rank';
  END IF;
  WITH d AS (
    INSERT INTO webhook_deliveries (subscription_id, user_id, event_type, payload)
    SELECT s.id, s.user_id, event,
           jsonb_build_object('type', event,
                              'timestamp', to_char(now() AT TIME ZONE 'UTC',
                                                   'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'data', data)
      FROM webhook_subscriptions s
     WHERE s.user_id = owner AND s.enabled AND event = ANY (s.events)
    RETURNING id)
  INSERT INTO jobs (kind, payload)
  SELECT 'webhook.deliver', jsonb_build_object('delivery_id', d.id) FROM d;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_webhook_events AFTER INSERT OR UPDATE OR DELETE ON tasks
  FOR EACH ROW EXECUTE FUNCTION keel_webhook_event('task');
CREATE TRIGGER projects_webhook_events AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION keel_webhook_event('project');
CREATE TRIGGER time_entries_webhook_events AFTER INSERT OR UPDATE OR DELETE ON time_entries
  FOR EACH ROW EXECUTE FUNCTION keel_webhook_event('time_entry');

-- Account flows by mail: password reset, email verification, email change.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

-- One token per request. Only SHA-256 digests are stored: of the long token (the
-- link) and of the short code (typed by hand; bound to its user, and burned after
-- kMaxCodeAttempts wrong tries). A token is used once (used_at) and expires.
CREATE TABLE account_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     varchar(16) NOT NULL CONSTRAINT account_tokens_purpose_check
              CHECK (purpose IN ('password_reset', 'email_verify', 'email_change')),
  token_hash  bytea NOT NULL CONSTRAINT account_tokens_token_hash_key UNIQUE,
  code_hash   bytea NOT NULL,
  new_email   varchar(255),
  attempts    integer NOT NULL DEFAULT 0,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose, created_at DESC);

ALTER TABLE auth_events DROP CONSTRAINT auth_events_type_check;
ALTER TABLE auth_events ADD CONSTRAINT auth_events_type_check CHECK (type IN (
  'register', 'login_ok', 'login_failed', 'refresh', 'reuse_detected', 'logout', 'logout_all',
  'password_change', 'throttled', 'session_revoked',
  'password_reset_requested', 'password_reset', 'email_verify_requested', 'email_verified',
  'email_change_requested', 'email_changed'));
CREATE INDEX auth_events_ip_type_idx ON auth_events (ip, type, created_at);
ALTER TABLE sessions DROP CONSTRAINT sessions_revoke_reason_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_revoke_reason_check CHECK (revoke_reason IS NULL OR
  revoke_reason IN ('logout', 'logout_all', 'password_change', 'reuse_detected', 'revoked',
                    'disabled', 'password_reset'));
