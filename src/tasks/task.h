// Tasks (seed 004): a user's to-dos with status, priority, due date and completion,
// optionally in one of the user's projects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/change.h"
#include "db/list_query.h"
#include "db/result.h"

namespace keel::tasks {

inline constexpr std::string_view kStatuses[] = {"draft", "active", "archived"};
inline constexpr std::string_view kPriorities[] = {"low", "medium", "high"};
inline constexpr std::string_view kDefaultStatus = "active";
inline constexpr std::string_view kDefaultPriority = "medium";
inline constexpr size_t kMaxTitle = 255;
inline constexpr size_t kMaxDescription = 20000;

struct Task {
  std::string id;
  std::string user_id;
  std::optional<std::string> project_id;
  std::string title;
  std::optional<std::string> description;
  std::string status;                   // draft | active | archived
  std::string priority;                 // low | medium | high
  std::optional<std::string> due_date;  // YYYY-MM-DD
  bool completed = false;
  std::string created_at;  // RFC 3339 UTC
  std::string updated_at;
};

// The writable fields; see base/change.h for create/PUT/PATCH. CreateTask gives unset
// fields their defaults (status active, priority medium, not completed, the rest null).
struct TaskChanges {
  Change<std::string> title;
  Change<std::optional<std::string>> description;
  Change<std::string> status;
  Change<std::string> priority;
  Change<std::optional<std::string>> due_date;
  Change<bool> completed;
  Change<std::optional<std::string>> project_id;
};

// A task's fields as views into text owned elsewhere: a Task, or the rows of a
// TaskPage. A page is written to JSON straight from libpq's result, with no field
// copied into a string of its own (a page of 20 tasks made ~110 heap allocations).
struct TaskView {
  std::string_view id;
  std::string_view user_id;
  std::optional<std::string_view> project_id;
  std::string_view title;
  std::optional<std::string_view> description;
  std::string_view status;
  std::string_view priority;
  std::optional<std::string_view> due_date;
  bool completed = false;
  std::string_view created_at;
  std::string_view updated_at;
};

// The view of `t`, valid while `t` lives and is not changed.
inline TaskView ViewOf(const Task& t) {
  return TaskView{.id = t.id,
                  .user_id = t.user_id,
                  .project_id = t.project_id,
                  .title = t.title,
                  .description = t.description,
                  .status = t.status,
                  .priority = t.priority,
                  .due_date = t.due_date,
                  .completed = t.completed,
                  .created_at = t.created_at,
                  .updated_at = t.updated_at};
}

// One page of a list. `items` view into `rows`, which the page owns: they stay valid
// while the page lives, also after it is moved (the rows never move).
struct TaskPage {
  db::Result rows;
  std::vector<TaskView> items;
  int64_t total = 0;
};

// Lists (seed 004): sort by created_at, updated_at, due_date, priority (low < medium <
// high), title; filter status, priority, completed, project_id, title, due_date (also
// ranges), created_at/updated_at ranges; q searches the title.
const db::ListSpec& TaskListSpec();

}  // namespace keel::tasks
