-- 008: notes, a user's short texts (README "Adding a resource" walks through them).
-- The conventions of 003: a UUID key, the owner's foreign key ON DELETE CASCADE, named
-- CHECK constraints for what the declaration (src/notes/note_resource.h) also validates,
-- and one index per list sort, (user_id, <column>, id).
CREATE TABLE notes (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      varchar(255) NOT NULL CONSTRAINT notes_title_check CHECK (btrim(title) <> ''),
  body       text CONSTRAINT notes_body_check CHECK (body IS NULL OR length(body) <= 20000),
  pinned     boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_user_created_idx ON notes (user_id, created_at, id);
CREATE INDEX notes_user_updated_idx ON notes (user_id, updated_at, id);
CREATE INDEX notes_user_title_idx ON notes (user_id, title, id);
-- `pinned=true` (the page's first list) with the default sort.
CREATE INDEX notes_user_pinned_idx ON notes (user_id, pinned, created_at, id);
