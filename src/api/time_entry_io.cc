// Time entry fields and JSON.
#include "api/time_entry_io.h"

namespace keel::api {

time_entries::TimeEntryChanges ReadTimeEntryFields(FieldReader& r, WriteMode mode) {
  const bool patch = mode == WriteMode::kPatch;
  time_entries::TimeEntryChanges c;
  auto project_id = r.Uuid("project_id", MustHave(r, mode, "project_id"));
  auto description =
      r.String("description",
               {.max_length = time_entries::kMaxDescription, .trim = false, .single_line = false});
  auto start = r.Timestamp("start_time", MustHave(r, mode, "start_time"));
  auto end = r.Timestamp("end_time", MustHave(r, mode, "end_time"));
  if (project_id.has_value()) c.project_id.Set(project_id.value);
  if (!patch || description.present) c.description.Set(NullIfEmpty(description));
  if (start.has_value()) c.start_time.Set(start.value);
  if (end.has_value()) c.end_time.Set(end.value);
  return c;
}

void WriteTimeEntry(http::JsonWriter& w, const time_entries::TimeEntry& e) {
  w.StartObject();
  WriteStringField(w, "id", e.id);
  WriteStringField(w, "user_id", e.user_id);
  WriteStringField(w, "project_id", e.project_id);
  WriteOptString(w, "description", e.description);
  WriteStringField(w, "start_time", e.start_time);
  WriteStringField(w, "end_time", e.end_time);
  w.Key("duration_minutes");
  w.Int64(e.duration_minutes);
  WriteStringField(w, "created_at", e.created_at);
  WriteStringField(w, "updated_at", e.updated_at);
  w.EndObject();
}

}  // namespace keel::api
