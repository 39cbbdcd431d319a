// Task fields and JSON.
#include "api/task_io.h"

namespace keel::api {

tasks::TaskChanges ReadTaskFields(FieldReader& r, WriteMode mode) {
  const bool patch = mode == WriteMode::kPatch;
  // Non-nullable fields with a default: in a PATCH, a value must come with the name.
  auto sent = [&](const char* name) { return patch && r.Has(name); };
  tasks::TaskChanges c;
  auto title =
      r.String("title", {.required = MustHave(r, mode, "title"), .max_length = tasks::kMaxTitle});
  auto description = r.String(
      "description", {.max_length = tasks::kMaxDescription, .trim = false, .single_line = false});
  auto status = r.Enum("status", {"draft", "active", "archived"}, sent("status"));
  auto priority = r.Enum("priority", {"low", "medium", "high"}, sent("priority"));
  auto due_date = r.Date("due_date", false);
  auto completed = r.Bool("completed", sent("completed"));
  auto project_id = r.Uuid("project_id", false);

  if (title.has_value()) c.title.Set(title.value);
  if (!patch || description.present) c.description.Set(NullIfEmpty(description));
  if (status.has_value()) {
    c.status.Set(status.value);
  } else if (!patch) {
    c.status.Set(std::string(tasks::kDefaultStatus));
  }
  if (priority.has_value()) {
    c.priority.Set(priority.value);
  } else if (!patch) {
    c.priority.Set(std::string(tasks::kDefaultPriority));
  }
  if (!patch || due_date.present) c.due_date.Set(NullIfEmpty(due_date));
  if (completed.has_value()) {
    c.completed.Set(completed.value);
  } else if (!patch) {
    c.completed.Set(false);
  }
  if (!patch || project_id.present) c.project_id.Set(NullIfEmpty(project_id));
  return c;
}

void WriteTask(http::JsonWriter& w, const tasks::TaskView& t) {
  w.StartObject();
  WriteStringField(w, "id", t.id);
  WriteStringField(w, "user_id", t.user_id);
  WriteOptString(w, "project_id", t.project_id);
  WriteStringField(w, "title", t.title);
  WriteOptString(w, "description", t.description);
  WriteStringField(w, "status", t.status);
  WriteStringField(w, "priority", t.priority);
  WriteOptString(w, "due_date", t.due_date);
  w.Key("completed");
  w.Bool(t.completed);
  WriteStringField(w, "created_at", t.created_at);
  WriteStringField(w, "updated_at", t.updated_at);
  w.EndObject();
}

}  // namespace keel::api
