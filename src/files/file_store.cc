// Files in PostgreSQL (table `files`, sql/006_files.sql).
#include "files/file_store.h"

#include "db/list_sql.h"
#include "db/sql_fragments.h"
#include "db/transaction.h"

namespace keel::files {
namespace {

// clang-format off
#define KEEL_FILE_COLUMNS \
  "id, user_id, name, content_type, size, sha256, storage_key, " \
  KEEL_SQL_RFC3339("created_at")
// clang-format on

constexpr db::Statement kLockUser{"files_lock_user",
                                  "SELECT 1 FROM users WHERE id = $1 FOR UPDATE"};
// A new statement after the lock: under READ COMMITTED it sees every upload that
// committed before the lock was granted.
constexpr db::Statement kInsert{
    "files_insert",
    "INSERT INTO files (user_id, name, content_type, size, sha256, storage_key) "
    "SELECT $1::uuid, $2::varchar, $3::varchar, $4::bigint, $5::text, $6::varchar "
    "WHERE (SELECT coalesce(sum(size), 0) FROM files WHERE user_id = $1::uuid) + $4::bigint <= "
    "$7::bigint "
    "RETURNING " KEEL_FILE_COLUMNS};
constexpr db::Statement kGet{
    "files_get", "SELECT " KEEL_FILE_COLUMNS " FROM files WHERE id = $1 AND user_id = $2"};
// A deleted file that was the owner's avatar takes avatar_url with it, in the same
// statement, so the profile never points at a file that is gone.
constexpr db::Statement kDelete{
    "files_delete",
    "WITH gone AS (DELETE FROM files WHERE id = $1 AND user_id = $2 RETURNING " KEEL_FILE_COLUMNS
    "), avatar AS (UPDATE users SET avatar_url = NULL, updated_at = now() WHERE id = $2 "
    "AND avatar_url = '/api/v1/files/' || $1::text || '/content' AND EXISTS (SELECT 1 FROM gone)) "
    "SELECT * FROM gone"};
constexpr db::Statement kUsed{"files_used",
                              "SELECT coalesce(sum(size), 0) FROM files WHERE user_id = $1"};
constexpr db::Statement kKeyInUse{"files_key_in_use", "SELECT 1 FROM files WHERE storage_key = $1"};

constexpr db::ListTable kTable{
    .columns = KEEL_FILE_COLUMNS, .from = "files", .scope = "user_id = $1"};

constexpr db::ListField kFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "name", .column = "name", .type = db::FieldType::kText, .sortable = true},
    {.name = "size",
     .column = "size",
     .type = db::FieldType::kInteger,
     .sortable = true,
     .ranged = true},
    {.name = "content_type",
     .column = "content_type",
     .type = db::FieldType::kText,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "name"};

}  // namespace

File FileFromRow(const db::Result& r, int row) {
  return File{.id = r.String(row, 0),
              .user_id = r.String(row, 1),
              .name = r.String(row, 2),
              .content_type = r.String(row, 3),
              .size = r.Int64(row, 4),
              .sha256 = r.String(row, 5),
              .storage_key = r.String(row, 6),
              .created_at = r.String(row, 7)};
}

const db::ListSpec& FileListSpec() { return kSpec; }

StatusOr<File> CreateFile(db::Connection& db, std::string_view user_id, const NewFile& f,
                          int64_t quota_bytes) {
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  db::Params lock;
  lock.Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result locked, db.Execute(kLockUser, lock));
  if (locked.empty()) return Status::Unauthorized();
  db::Params p;
  p.Add(user_id)
      .Add(f.name)
      .Add(f.content_type)
      .Add(f.size)
      .Add(f.sha256)
      .Add(f.storage_key)
      .Add(quota_bytes);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kInsert, p));
  if (r.empty()) {
    return Status::Error(ErrorCode::kPayloadTooLarge,
                         "storage quota of " + std::to_string(quota_bytes) +
                             " bytes (KEEL_USER_QUOTA_BYTES) would be exceeded");
  }
  File file = FileFromRow(r, 0);
  KEEL_RETURN_IF_ERROR(tx.Commit());
  return file;
}

StatusOr<File> GetFile(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return FileFromRow(r, 0);
}

StatusOr<File> DeleteFile(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.empty()) return Status::NotFound();
  return FileFromRow(r, 0);
}

StatusOr<FilePage> ListFiles(db::Connection& db, std::string_view user_id,
                             const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kTable, query, {std::string(user_id)}));
  FilePage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(FileFromRow(page.rows, i));
  return out;
}

StatusOr<int64_t> UsedBytes(db::Connection& db, std::string_view user_id) {
  db::Params p;
  p.Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kUsed, p));
  return r.Int64(0, 0);
}

StatusOr<bool> StorageKeyInUse(db::Connection& db, std::string_view storage_key) {
  db::Params p;
  p.Add(storage_key);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kKeyInUse, p));
  return !r.empty();
}

}  // namespace keel::files
