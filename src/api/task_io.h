// Tasks ↔ request fields and JSON: one reader shared by POST/PUT/PATCH tasks and by
// the `task.created` webhook (whose `data` object must pass exactly the same rules),
// and the task's JSON shape.
#pragma once

#include "api/field_reader.h"
#include "api/resource_util.h"
#include "http/response.h"
#include "tasks/task.h"

namespace keel::api {

// Reads {title, description?, status?, priority?, due_date?, completed?, project_id?}:
// title ≤ 255 characters, one line, required (in a PATCH only if sent); description
// ≤ 20000 characters; status draft|active|archived (default active); priority
// low|medium|high (default medium); due_date YYYY-MM-DD; completed boolean (default
// false); project_id a UUID (the store checks it is the caller's project). Under
// kCreate/kReplace every field is set (absent → null or default); under kPatch only
// the fields sent, and null only for the nullable ones.
tasks::TaskChanges ReadTaskFields(FieldReader& r, WriteMode mode);

// The task's JSON object; the same bytes for a Task and for its view.
void WriteTask(http::JsonWriter& w, const tasks::TaskView& task);
inline void WriteTask(http::JsonWriter& w, const tasks::Task& task) {
  WriteTask(w, tasks::ViewOf(task));
}

}  // namespace keel::api
