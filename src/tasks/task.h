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

struct TaskPage {
  std::vector<Task> items;
  int64_t total = 0;
};

// Lists (seed 004): sort by created_at, updated_at, due_date, priority (low < medium <
// high), title; filter status, priority, completed, project_id, title, due_date (also
// ranges), created_at/updated_at ranges; q searches the title.
const db::ListSpec& TaskListSpec();

}  // namespace keel::tasks
