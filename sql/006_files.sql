-- 006: uploaded files (a user's own), their attachment to tasks.
--
-- The bytes live in the store named by KEEL_STORAGE under `storage_key` (random, never
-- derived from the client's name); a row exists only once its object is complete (keel
-- writes the object first, then the row), so a row never points at nothing. An object
-- without a row (a crash between the two, or after a row's deletion) is an orphan that
-- the sweep removes. `sha256` is the hex digest of the bytes (the ETag).
CREATE TABLE files (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         varchar(255) NOT NULL CONSTRAINT files_name_check CHECK (btrim(name) <> ''),
  content_type varchar(127) NOT NULL,
  size         bigint NOT NULL CONSTRAINT files_size_check CHECK (size > 0),
  sha256       char(64) NOT NULL,
  storage_key  varchar(128) NOT NULL CONSTRAINT files_storage_key_key UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT files_id_user_key UNIQUE (id, user_id)
);
CREATE INDEX files_user_created_idx ON files (user_id, created_at, id);
CREATE INDEX files_user_name_idx ON files (user_id, name, id);
CREATE INDEX files_user_size_idx ON files (user_id, size, id);
CREATE INDEX files_user_type_idx ON files (user_id, content_type, created_at, id);

-- The target of task_attachments' composite key: an attachment's task and file belong
-- to the same user, enforced by the database.
ALTER TABLE tasks ADD CONSTRAINT tasks_id_user_key UNIQUE (id, user_id);

-- A file attached to a task: both of the same user (composite foreign keys), each
-- attachment once; deleting the task or the file removes the attachment.
CREATE TABLE task_attachments (
  task_id    uuid NOT NULL,
  file_id    uuid NOT NULL,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, file_id),
  CONSTRAINT task_attachments_task_fkey FOREIGN KEY (task_id, user_id)
    REFERENCES tasks (id, user_id) ON DELETE CASCADE,
  CONSTRAINT task_attachments_file_fkey FOREIGN KEY (file_id, user_id)
    REFERENCES files (id, user_id) ON DELETE CASCADE
);
CREATE INDEX task_attachments_file_idx ON task_attachments (file_id);
