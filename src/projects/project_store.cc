// Projects in PostgreSQL (table `projects`, sql/003_resources.sql).
#include "projects/project_store.h"

#include "db/change_params.h"
#include "db/constraint_errors.h"
#include "db/list_sql.h"
#include "db/sql_fragments.h"

namespace keel::projects {
namespace {

// clang-format off
#define KEEL_PROJECT_COLUMNS \
  "id, user_id, title, description, " \
  KEEL_SQL_RFC3339("created_at") ", " \
  KEEL_SQL_RFC3339("updated_at")
// clang-format on

constexpr db::Statement kInsert{
    "projects_insert",
    "INSERT INTO projects (user_id, title, description) VALUES ($1, $2::varchar, $3::text) "
    "RETURNING " KEEL_PROJECT_COLUMNS};
constexpr db::Statement kGet{
    "projects_get", "SELECT " KEEL_PROJECT_COLUMNS " FROM projects WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kUpdate{
    "projects_update",
    "UPDATE projects SET "
    "title = CASE WHEN $3::boolean THEN $4::varchar ELSE title END, "
    "description = CASE WHEN $5::boolean THEN $6::text ELSE description END, "
    "updated_at = now() "
    "WHERE id = $1 AND user_id = $2 RETURNING " KEEL_PROJECT_COLUMNS};
constexpr db::Statement kDelete{"projects_delete",
                                "DELETE FROM projects WHERE id = $1 AND user_id = $2"};

constexpr db::ListTable kTable{
    .columns = KEEL_PROJECT_COLUMNS, .from = "projects", .scope = "user_id = $1"};

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
    {.name = "title",
     .column = "title",
     .type = db::FieldType::kText,
     .sortable = true,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "title"};

constexpr db::ConstraintField kConstraints[] = {
    {"projects_title_check", "title", "title is required"},
    {"projects_description_check", "description", "description is too long"},
};

Project Read(const db::Result& r, int row) {
  return Project{.id = r.String(row, 0),
                 .user_id = r.String(row, 1),
                 .title = r.String(row, 2),
                 .description = r.OptString(row, 3),
                 .created_at = r.String(row, 4),
                 .updated_at = r.String(row, 5)};
}

}  // namespace

const db::ListSpec& ProjectListSpec() { return kSpec; }

StatusOr<Project> CreateProject(db::Connection& db, std::string_view user_id,
                                const ProjectChanges& c) {
  if (!c.title.set) return Status::InvalidField("title", "title is required");
  db::Params p;
  p.Add(user_id).Add(c.title.value).Add(c.description.value);
  auto r = db.Execute(kInsert, p);
  if (!r.ok()) return db::MapConstraint(db, r.status(), kConstraints);
  return Read(*r, 0);
}

StatusOr<Project> GetProject(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return Read(r, 0);
}

StatusOr<Project> UpdateProject(db::Connection& db, std::string_view user_id, std::string_view id,
                                const ProjectChanges& c) {
  db::Params p;
  p.Add(id).Add(user_id);
  db::AddChange(p, c.title);
  db::AddChange(p, c.description);
  auto r = db.Execute(kUpdate, p);
  if (!r.ok()) return db::MapConstraint(db, r.status(), kConstraints);
  if (r->empty()) return Status::NotFound();
  return Read(*r, 0);
}

Status DeleteProject(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<ProjectPage> ListProjects(db::Connection& db, std::string_view user_id,
                                   const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kTable, query, {std::string(user_id)}));
  ProjectPage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(Read(page.rows, i));
  return out;
}

}  // namespace keel::projects
