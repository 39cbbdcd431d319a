// Time entries in PostgreSQL (table `time_entries`, sql/003_resources.sql).
#include "time_entries/time_entry_store.h"

#include "db/change_params.h"
#include "db/constraint_errors.h"
#include "db/list_sql.h"
#include "db/sql_fragments.h"

namespace keel::time_entries {
namespace {

// clang-format off
#define KEEL_ENTRY_COLUMNS \
  "id, user_id, project_id, description, " \
  KEEL_SQL_RFC3339("start_time") ", " \
  KEEL_SQL_RFC3339("end_time") ", duration_minutes, " \
  KEEL_SQL_RFC3339("created_at") ", " \
  KEEL_SQL_RFC3339("updated_at")
// clang-format on

constexpr db::Statement kInsert{
    "time_entries_insert",
    "INSERT INTO time_entries (user_id, project_id, description, start_time, end_time) "
    "VALUES ($1, $2::uuid, $3::text, $4::timestamptz, $5::timestamptz) "
    "RETURNING " KEEL_ENTRY_COLUMNS};
constexpr db::Statement kGet{"time_entries_get",
                             "SELECT " KEEL_ENTRY_COLUMNS
                             " FROM time_entries WHERE id = $1 AND user_id = $2"};
constexpr db::Statement kUpdate{
    "time_entries_update",
    "UPDATE time_entries SET "
    "project_id = CASE WHEN $3::boolean THEN $4::uuid ELSE project_id END, "
    "description = CASE WHEN $5::boolean THEN $6::text ELSE description END, "
    "start_time = CASE WHEN $7::boolean THEN $8::timestamptz ELSE start_time END, "
    "end_time = CASE WHEN $9::boolean THEN $10::timestamptz ELSE end_time END, "
    "updated_at = now() "
    "WHERE id = $1 AND user_id = $2 RETURNING " KEEL_ENTRY_COLUMNS};
constexpr db::Statement kDelete{"time_entries_delete",
                                "DELETE FROM time_entries WHERE id = $1 AND user_id = $2"};

constexpr db::ListTable kTable{
    .columns = KEEL_ENTRY_COLUMNS, .from = "time_entries", .scope = "user_id = $1"};

constexpr db::ListField kFields[] = {
    {.name = "start_time",
     .column = "start_time",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "end_time",
     .column = "end_time",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "duration_minutes",
     .column = "duration_minutes",
     .type = db::FieldType::kInteger,
     .sortable = true,
     .filterable = true,
     .ranged = true},
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
    {.name = "project_id",
     .column = "project_id",
     .type = db::FieldType::kUuid,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "description"};

constexpr db::ConstraintField kConstraints[] = {
    {"time_entries_project_fkey", "project_id", "project_id must name one of your projects"},
    {"time_entries_end_after_start", "end_time", "end_time must be after start_time"},
    {"time_entries_duration_max", "end_time", "end_time must be at most 366 days after start_time"},
    {"time_entries_description_check", "description", "description is too long"},
};

TimeEntry Read(const db::Result& r, int row) {
  return TimeEntry{.id = r.String(row, 0),
                   .user_id = r.String(row, 1),
                   .project_id = r.String(row, 2),
                   .description = r.OptString(row, 3),
                   .start_time = r.String(row, 4),
                   .end_time = r.String(row, 5),
                   .duration_minutes = r.Int64(row, 6),
                   .created_at = r.String(row, 7),
                   .updated_at = r.String(row, 8)};
}

// Timestamps PostgreSQL cannot represent, or a duration past what a column holds (22xxx,
// no constraint to name), are still about the times the client sent.
Status MapError(db::Connection& db, const Status& s) {
  Status mapped = db::MapConstraint(db, s, kConstraints);
  if (mapped.code() == ErrorCode::kBadRequest && db.last_error().sqlstate.starts_with("22")) {
    return Status::InvalidField("end_time", "start_time and end_time must be a valid range");
  }
  return mapped;
}

}  // namespace

const db::ListSpec& TimeEntryListSpec() { return kSpec; }

StatusOr<TimeEntry> CreateTimeEntry(db::Connection& db, std::string_view user_id,
                                    const TimeEntryChanges& c) {
  if (!c.project_id.set || !c.start_time.set || !c.end_time.set) {
    return Status::InvalidField(!c.project_id.set   ? "project_id"
                                : !c.start_time.set ? "start_time"
                                                    : "end_time",
                                "project_id, start_time and end_time are required");
  }
  db::Params p;
  p.Add(user_id).Add(c.project_id.value).Add(c.description.value);
  p.Add(c.start_time.value).Add(c.end_time.value);
  auto r = db.Execute(kInsert, p);
  if (!r.ok()) return MapError(db, r.status());
  return Read(*r, 0);
}

StatusOr<TimeEntry> GetTimeEntry(db::Connection& db, std::string_view user_id,
                                 std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kGet, p));
  if (r.empty()) return Status::NotFound();
  return Read(r, 0);
}

StatusOr<TimeEntry> UpdateTimeEntry(db::Connection& db, std::string_view user_id,
                                    std::string_view id, const TimeEntryChanges& c) {
  db::Params p;
  p.Add(id).Add(user_id);
  db::AddChange(p, c.project_id);
  db::AddChange(p, c.description);
  db::AddChange(p, c.start_time);
  db::AddChange(p, c.end_time);
  auto r = db.Execute(kUpdate, p);
  if (!r.ok()) return MapError(db, r.status());
  if (r->empty()) return Status::NotFound();
  return Read(*r, 0);
}

Status DeleteTimeEntry(db::Connection& db, std::string_view user_id, std::string_view id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.affected() == 0) return Status::NotFound();
  return Status::Ok();
}

StatusOr<TimeEntryPage> ListTimeEntries(db::Connection& db, std::string_view user_id,
                                        const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kTable, query, {std::string(user_id)}));
  TimeEntryPage out;
  out.total = page.total;
  for (int i = 0; i < page.rows.rows(); ++i) out.items.push_back(Read(page.rows, i));
  return out;
}

}  // namespace keel::time_entries
