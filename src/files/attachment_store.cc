// Task attachments in PostgreSQL (table `task_attachments`, sql/006_files.sql).
#include "files/attachment_store.h"

#include "db/list_sql.h"
#include "db/sql_fragments.h"
#include "files/file_store.h"

namespace keel::files {
namespace {

// clang-format off
// The columns of KEEL_FILE_COLUMNS (file_store.cc) in their order, read by FileFromRow.
#define KEEL_ATTACHED_FILE_COLUMNS \
  "f.id, f.user_id, f.name, f.content_type, f.size, f.sha256, f.storage_key, " \
  KEEL_SQL_RFC3339("f.created_at")
// clang-format on

constexpr db::Statement kTaskExists{"attachments_task_exists",
                                    "SELECT 1 FROM tasks WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kAttach{
    "attachments_insert",
    "WITH a AS (INSERT INTO task_attachments (task_id, file_id, user_id) "
    "SELECT t.id, f.id, $3::uuid FROM tasks t, files f "
    "WHERE t.id = $1::uuid AND t.user_id = $3::uuid AND f.id = $2::uuid AND f.user_id = $3::uuid "
    "ON CONFLICT DO NOTHING RETURNING file_id) "
    "SELECT " KEEL_ATTACHED_FILE_COLUMNS " FROM a JOIN files f ON f.id = a.file_id"};
constexpr db::Statement kFileOwned{"attachments_file_owned",
                                   "SELECT 1 FROM files WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kDetach{
    "attachments_delete",
    "DELETE FROM task_attachments WHERE task_id = $1 AND file_id = $2 AND user_id = $3"};

constexpr db::ListTable kTable{.columns = KEEL_ATTACHED_FILE_COLUMNS,
                               .from = "task_attachments a JOIN files f ON f.id = a.file_id",
                               .scope = "a.user_id = $1 AND a.task_id = $2",
                               .id_column = "f.id"};

constexpr db::ListField kFields[] = {
    {.name = "created_at",
     .column = "f.created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "name", .column = "f.name", .type = db::FieldType::kText, .sortable = true},
    {.name = "size",
     .column = "f.size",
     .type = db::FieldType::kInteger,
     .sortable = true,
     .ranged = true},
    {.name = "content_type",
     .column = "f.content_type",
     .type = db::FieldType::kText,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "f.name"};

Status TaskMustExist(db::Connection& db, std::string_view user_id, std::string_view task_id) {
  db::Params p;
  p.Add(task_id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kTaskExists, p));
  if (r.empty()) return Status::NotFound();
  return Status::Ok();
}

}  // namespace

const db::ListSpec& AttachmentListSpec() { return kSpec; }

StatusOr<File> AttachFile(db::Connection& db, std::string_view user_id, std::string_view task_id,
                          std::string_view file_id) {
  db::Params p;
  p.Add(task_id).Add(file_id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kAttach, p));
  if (!r.empty()) return FileFromRow(r, 0);
  KEEL_RETURN_IF_ERROR(TaskMustExist(db, user_id, task_id));
  db::Params f;
  f.Add(file_id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result owned, db.Execute(kFileOwned, f));
  if (owned.empty()) return Status::InvalidField("file_id", "no such file");
  return Status::Conflict("file is already attached to this task");
}

Status DetachFile(db::Connection& db, std::string_view user_id, std::string_view task_id,
                  std::string_view file_id) {
  db::Params p;
  p.Add(task_id).Add(file_id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDetach, p));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<FilePage> ListAttachments(db::Connection& db, std::string_view user_id,
                                   std::string_view task_id, const db::ListQuery& query) {
  KEEL_RETURN_IF_ERROR(TaskMustExist(db, user_id, task_id));
  KEEL_ASSIGN_OR_RETURN(
      db::ListPage page,
      db::RunList(db, kTable, query, {std::string(user_id), std::string(task_id)}));
  FilePage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(FileFromRow(page.rows, i));
  return out;
}

}  // namespace keel::files
