// Tasks in PostgreSQL (table `tasks`, sql/003_resources.sql).
#include "tasks/task_store.h"

#include "db/change_params.h"
#include "db/constraint_errors.h"
#include "db/list_sql.h"
#include "db/sql_fragments.h"

namespace keel::tasks {
namespace {

// clang-format off
#define KEEL_TASK_COLUMNS \
  "id, user_id, project_id, title, description, status, priority, " \
  KEEL_SQL_DATE("due_date") ", completed, " \
  KEEL_SQL_RFC3339("created_at") ", " \
  KEEL_SQL_RFC3339("updated_at")
// clang-format on

constexpr db::Statement kInsert{
    "tasks_insert",
    "INSERT INTO tasks (user_id, title, description, status, priority, due_date, completed, "
    "project_id) VALUES ($1, $2::varchar, $3::text, $4::varchar, $5::varchar, $6::date, "
    "$7::boolean, $8::uuid) RETURNING " KEEL_TASK_COLUMNS};
constexpr db::Statement kGet{
    "tasks_get", "SELECT " KEEL_TASK_COLUMNS " FROM tasks WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kUpdate{
    "tasks_update",
    "UPDATE tasks SET "
    "title = CASE WHEN $3::boolean THEN $4::varchar ELSE title END, "
    "description = CASE WHEN $5::boolean THEN $6::text ELSE description END, "
    "status = CASE WHEN $7::boolean THEN $8::varchar ELSE status END, "
    "priority = CASE WHEN $9::boolean THEN $10::varchar ELSE priority END, "
    "due_date = CASE WHEN $11::boolean THEN $12::date ELSE due_date END, "
    "completed = CASE WHEN $13::boolean THEN $14::boolean ELSE completed END, "
    "project_id = CASE WHEN $15::boolean THEN $16::uuid ELSE project_id END, "
    "updated_at = now() "
    "WHERE id = $1 AND user_id = $2 RETURNING " KEEL_TASK_COLUMNS};
constexpr db::Statement kDelete{"tasks_delete", "DELETE FROM tasks WHERE id = $1 AND user_id = $2"};

constexpr db::ListTable kTable{
    .columns = KEEL_TASK_COLUMNS, .from = "tasks", .scope = "user_id = $1"};

constexpr db::ListField kFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "updated_at",
     .column = "updated_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "due_date",
     .column = "due_date",
     .type = db::FieldType::kDate,
     .sortable = true,
     .filterable = true,
     .ranged = true},
    {.name = "priority",
     .column = "priority",
     .type = db::FieldType::kEnum,
     .sortable = true,
     .filterable = true,
     .values = kPriorities,
     .sort_column = "priority_rank"},
    {.name = "title",
     .column = "title",
     .type = db::FieldType::kText,
     .sortable = true,
     .filterable = true},
    {.name = "status",
     .column = "status",
     .type = db::FieldType::kEnum,
     .filterable = true,
     .values = kStatuses},
    {.name = "completed", .column = "completed", .type = db::FieldType::kBool, .filterable = true},
    {.name = "project_id",
     .column = "project_id",
     .type = db::FieldType::kUuid,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "title"};

constexpr db::ConstraintField kConstraints[] = {
    {"tasks_project_fkey", "project_id", "project_id must name one of your projects"},
    {"tasks_title_check", "title", "title is required"},
    {"tasks_description_check", "description", "description is too long"},
    {"tasks_status_check", "status", "status must be one of: draft, active, archived"},
    {"tasks_priority_check", "priority", "priority must be one of: low, medium, high"},
};

TaskView ReadView(const db::Result& r, int row) {
  return TaskView{.id = r.Text(row, 0),
                  .user_id = r.Text(row, 1),
                  .project_id = r.OptText(row, 2),
                  .title = r.Text(row, 3),
                  .description = r.OptText(row, 4),
                  .status = r.Text(row, 5),
                  .priority = r.Text(row, 6),
                  .due_date = r.OptText(row, 7),
                  .completed = r.Bool(row, 8),
                  .created_at = r.Text(row, 9),
                  .updated_at = r.Text(row, 10)};
}

std::optional<std::string> Owned(std::optional<std::string_view> v) {
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

// A task of its own (copied out of the row), for the single-task answers.
Task Read(const db::Result& r, int row) {
  const TaskView v = ReadView(r, row);
  return Task{.id = std::string(v.id),
              .user_id = std::string(v.user_id),
              .project_id = Owned(v.project_id),
              .title = std::string(v.title),
              .description = Owned(v.description),
              .status = std::string(v.status),
              .priority = std::string(v.priority),
              .due_date = Owned(v.due_date),
              .completed = v.completed,
              .created_at = std::string(v.created_at),
              .updated_at = std::string(v.updated_at)};
}

}  // namespace

const db::ListSpec& TaskListSpec() { return kSpec; }

StatusOr<Task> CreateTask(db::Connection& db, std::string_view user_id, const TaskChanges& c) {
  if (!c.title.set) return Status::InvalidField("title", "title is required");
  db::Params p;
  p.Add(user_id).Add(c.title.value).Add(c.description.value);
  p.Add(c.status.set ? std::string_view(c.status.value) : kDefaultStatus);
  p.Add(c.priority.set ? std::string_view(c.priority.value) : kDefaultPriority);
  p.Add(c.due_date.value).Add(c.completed.set && c.completed.value).Add(c.project_id.value);
  auto r = db.Execute(kInsert, p);
  if (!r.ok()) return db::MapConstraint(db, r.status(), kConstraints);
  return Read(*r, 0);
}

StatusOr<Task> GetTask(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return Read(r, 0);
}

StatusOr<Task> UpdateTask(db::Connection& db, std::string_view user_id, std::string_view id,
                          const TaskChanges& c) {
  db::Params p;
  p.Add(id).Add(user_id);
  db::AddChange(p, c.title);
  db::AddChange(p, c.description);
  db::AddChange(p, c.status);
  db::AddChange(p, c.priority);
  db::AddChange(p, c.due_date);
  db::AddChange(p, c.completed);
  db::AddChange(p, c.project_id);
  auto r = db.Execute(kUpdate, p);
  if (!r.ok()) return db::MapConstraint(db, r.status(), kConstraints);
  if (r->empty()) return Status::NotFound();
  return Read(*r, 0);
}

Status DeleteTask(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<TaskPage> ListTasks(db::Connection& db, std::string_view user_id,
                             const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kTable, query, {std::string(user_id)}));
  TaskPage out;
  out.total = page.total;
  out.rows = std::move(page.rows);
  const int rows = out.rows.rows();
  out.items.reserve(static_cast<size_t>(rows));
  for (int i = 0; i < rows; ++i) out.items.push_back(ReadView(out.rows, i));
  return out;
}

}  // namespace keel::tasks
