// Projects (seed 002): a user's named groups of time entries (and, optionally, tasks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/change.h"
#include "db/list_query.h"

namespace keel::projects {

inline constexpr size_t kMaxTitle = 255;
inline constexpr size_t kMaxDescription = 20000;

struct Project {
  std::string id;
  std::string user_id;
  std::string title;
  std::optional<std::string> description;
  std::string created_at;  // RFC 3339 UTC
  std::string updated_at;
};

// The writable fields; see base/change.h for create/PUT/PATCH.
struct ProjectChanges {
  Change<std::string> title;
  Change<std::optional<std::string>> description;
};

struct ProjectPage {
  std::vector<Project> items;
  int64_t total = 0;
};

// Lists: sort by created_at, updated_at, title; filter created_at/updated_at ranges;
// q searches the title.
const db::ListSpec& ProjectListSpec();

}  // namespace keel::projects
