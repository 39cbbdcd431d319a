// Time entries (seed 002): a span of work on one of the user's projects. The duration
// is derived by the database (whole minutes, rounded down) and never written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/change.h"
#include "db/list_query.h"

namespace keel::time_entries {

inline constexpr size_t kMaxDescription = 20000;

struct TimeEntry {
  std::string id;
  std::string user_id;
  std::string project_id;
  std::optional<std::string> description;
  std::string start_time;  // RFC 3339 UTC
  std::string end_time;
  int64_t duration_minutes = 0;
  std::string created_at;
  std::string updated_at;
};

// The writable fields; see base/change.h. project_id, start_time and end_time are
// required on create (and can never be null).
struct TimeEntryChanges {
  Change<std::string> project_id;
  Change<std::optional<std::string>> description;
  Change<std::string> start_time;  // RFC 3339, any offset
  Change<std::string> end_time;
};

struct TimeEntryPage {
  std::vector<TimeEntry> items;
  int64_t total = 0;
};

// Lists: sort by start_time, end_time, duration_minutes, created_at, updated_at;
// filter project_id; ranges on start_time, end_time, duration_minutes, created_at;
// q searches the description.
const db::ListSpec& TimeEntryListSpec();

}  // namespace keel::time_entries
