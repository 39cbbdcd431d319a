-- 003: the resources of the five seeds (CONTRACT §5): dashboard items (000), engagement
-- metrics (001), projects, time entries and inbound webhooks (002), tasks (004).
--
-- Conventions: UUID keys, created_at/updated_at in timestamptz, foreign keys to users
-- ON DELETE CASCADE (a deleted account takes its data with it), CHECK constraints for
-- every enum and rule the application also validates, so a bug above cannot store what
-- the contract forbids. Constraint names are explicit: the stores map a violated
-- constraint back to the request field it concerns.
--
-- Indexes follow the list queries (src/db/list_sql.cc): every list is scoped by owner
-- and ordered by one column with `id` as tiebreaker in the same direction, so an index
-- on (user_id, <column>, id) serves both `sort=x` (forward scan) and `sort=-x`
-- (backward scan).

-- Dashboard items (seed 000): site-wide content written by admins and read by every
-- signed-in user, so they are not owned. The author is kept for the record; deleting the
-- author's account must not delete what everybody reads, hence SET NULL here.
CREATE TABLE dashboard_items (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title       varchar(255) NOT NULL CONSTRAINT dashboard_items_title_check CHECK (btrim(title) <> ''),
  content     text CONSTRAINT dashboard_items_content_check CHECK (content IS NULL OR length(content) <= 20000),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboard_items_created_idx ON dashboard_items (created_at, id);

-- Engagement metrics (seed 001): one data point of one metric for one user.
CREATE TABLE engagement_metrics (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  metric_type  varchar(100) NOT NULL CONSTRAINT engagement_metrics_type_check CHECK (btrim(metric_type) <> ''),
  metric_value double precision NOT NULL
               CONSTRAINT engagement_metrics_value_check
               CHECK (metric_value NOT IN ('NaN', 'Infinity', '-Infinity')),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX engagement_metrics_user_created_idx ON engagement_metrics (user_id, created_at, id);
CREATE INDEX engagement_metrics_user_recorded_idx ON engagement_metrics (user_id, recorded_at, id);
-- Filter by type, the summary's buckets and "latest value per type" on the dashboard.
CREATE INDEX engagement_metrics_user_type_idx
  ON engagement_metrics (user_id, metric_type, recorded_at, id);

-- Projects (seed 002). UNIQUE (id, user_id) is the target of the composite foreign keys
-- below: a time entry or task can only point at a project of its own user, enforced by
-- the database, not just by a lookup before the write.
CREATE TABLE projects (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title       varchar(255) NOT NULL CONSTRAINT projects_title_check CHECK (btrim(title) <> ''),
  description text CONSTRAINT projects_description_check
              CHECK (description IS NULL OR length(description) <= 20000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT projects_id_user_key UNIQUE (id, user_id)
);
CREATE INDEX projects_user_created_idx ON projects (user_id, created_at, id);
CREATE INDEX projects_user_title_idx ON projects (user_id, title, id);

-- Time entries (seed 002). duration_minutes is derived, never written: whole minutes
-- between start and end (rounded down), stored so that lists can sort and filter on it.
CREATE TABLE time_entries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id       uuid NOT NULL,
  description      text CONSTRAINT time_entries_description_check
                   CHECK (description IS NULL OR length(description) <= 20000),
  start_time       timestamptz NOT NULL,
  end_time         timestamptz NOT NULL,
  duration_minutes bigint GENERATED ALWAYS AS
                   (floor(extract(epoch FROM (end_time - start_time)) / 60)::bigint) STORED,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT time_entries_end_after_start CHECK (end_time > start_time),
  -- A year is far beyond any real entry; it keeps sums of minutes well inside bigint.
  CONSTRAINT time_entries_duration_max CHECK (end_time - start_time <= interval '366 days'),
  CONSTRAINT time_entries_project_fkey FOREIGN KEY (project_id, user_id)
    REFERENCES projects (id, user_id) ON DELETE CASCADE
);
CREATE INDEX time_entries_user_created_idx ON time_entries (user_id, created_at, id);
CREATE INDEX time_entries_user_start_idx ON time_entries (user_id, start_time, id);
-- Filter by project, and the cascade when a project is deleted.
CREATE INDEX time_entries_project_start_idx ON time_entries (project_id, start_time, id);

-- Tasks (seed 004). priority_rank orders low < medium < high (the text would sort
-- "high" first); `sort=priority` orders by it.
CREATE TABLE tasks (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id    uuid,
  title         varchar(255) NOT NULL CONSTRAINT tasks_title_check CHECK (btrim(title) <> ''),
  description   text CONSTRAINT tasks_description_check
                CHECK (description IS NULL OR length(description) <= 20000),
  status        varchar(20) NOT NULL DEFAULT 'active'
                CONSTRAINT tasks_status_check CHECK (status IN ('draft', 'active', 'archived')),
  priority      varchar(10) NOT NULL DEFAULT 'medium'
                CONSTRAINT tasks_priority_check CHECK (priority IN ('low', 'medium', 'high')),
  priority_rank smallint GENERATED ALWAYS AS
                (CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END) STORED,
  due_date      date,
  completed     boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- A task outlives its project: deleting the project only clears project_id
  -- (PostgreSQL 15 column list), it does not delete the user's tasks.
  CONSTRAINT tasks_project_fkey FOREIGN KEY (project_id, user_id)
    REFERENCES projects (id, user_id) ON DELETE SET NULL (project_id)
);
CREATE INDEX tasks_user_created_idx ON tasks (user_id, created_at, id);
CREATE INDEX tasks_user_updated_idx ON tasks (user_id, updated_at, id);
CREATE INDEX tasks_user_due_idx ON tasks (user_id, due_date, id);
CREATE INDEX tasks_user_priority_idx ON tasks (user_id, priority_rank, id);
CREATE INDEX tasks_user_title_idx ON tasks (user_id, title, id);
CREATE INDEX tasks_user_status_idx ON tasks (user_id, status, created_at, id);
CREATE INDEX tasks_project_idx ON tasks (project_id) WHERE project_id IS NOT NULL;

-- Webhook endpoints (seed 002): where an external system delivers events for one user.
-- The signing secret has to be kept in a usable form (an HMAC cannot be checked against
-- a hash of its key), so the 24 key bytes are stored as they are; the API shows them
-- once, at creation, and no statement that feeds a response ever selects them.
CREATE TABLE webhook_endpoints (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        varchar(255),
  description text CONSTRAINT webhook_endpoints_description_check
              CHECK (description IS NULL OR length(description) <= 20000),
  secret      bytea NOT NULL CONSTRAINT webhook_endpoints_secret_check
              CHECK (length(secret) BETWEEN 24 AND 64),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_user_created_idx ON webhook_endpoints (user_id, created_at, id);

-- Webhook events: every verified delivery, once. UNIQUE (endpoint_id, webhook_id) is
-- the idempotency guard: INSERT … ON CONFLICT DO NOTHING makes a repeated or concurrent
-- delivery of the same webhook-id a no-op. An event of a known type is processed (its
-- object created) in the same transaction as this row.
CREATE TABLE webhook_events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id  uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  webhook_id   varchar(255) NOT NULL,
  type         varchar(255) NOT NULL,
  payload      jsonb NOT NULL,
  status       varchar(20) NOT NULL DEFAULT 'stored'
               CONSTRAINT webhook_events_status_check CHECK (status IN ('stored', 'processed')),
  object_type  varchar(50),
  object_id    uuid,
  received_at  timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_events_endpoint_webhook_key UNIQUE (endpoint_id, webhook_id)
);
CREATE INDEX webhook_events_endpoint_received_idx ON webhook_events (endpoint_id, received_at, id);
