// FileStore: the SQL of files. Every statement is scoped by owner in its WHERE clause
// (id AND user_id), so another user's file is simply not found.
#pragma once

#include <string_view>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "files/file.h"

namespace keel::files {

// Inserts the row for an object already in storage, unless the user's files would then
// exceed `quota_bytes`: 413 PAYLOAD_TOO_LARGE naming the quota. The user's row is
// locked for the check, so concurrent uploads of one user cannot overshoot together.
StatusOr<File> CreateFile(db::Connection& db, std::string_view user_id, const NewFile& file,
                          int64_t quota_bytes);
// NOT_FOUND unless file `id` exists and belongs to `user_id`.
StatusOr<File> GetFile(db::Connection& db, std::string_view user_id, std::string_view id);
// Deletes the row and returns it (the caller removes the object). NOT_FOUND as above.
StatusOr<File> DeleteFile(db::Connection& db, std::string_view user_id, std::string_view id);

// A File from a row whose first columns are a file's, in the order the files statements
// select them (id, user_id, name, content_type, size, sha256, storage_key, created_at).
File FileFromRow(const db::Result& r, int row);
StatusOr<FilePage> ListFiles(db::Connection& db, std::string_view user_id,
                             const db::ListQuery& query);
// The bytes the user's files take.
StatusOr<int64_t> UsedBytes(db::Connection& db, std::string_view user_id);
// Whether any row names `storage_key` (the orphan sweep).
StatusOr<bool> StorageKeyInUse(db::Connection& db, std::string_view storage_key);

}  // namespace keel::files
