// The time report of seed 002 (GET reports/time): minutes tracked in a range, grouped by
// project or by day (UTC). An entry counts in full towards the range its start_time
// falls in ([from, to)); its minutes are its duration_minutes, so the report always
// agrees with the entries the list shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "db/connection.h"

namespace keel::reports {

inline constexpr std::string_view kGroupBy[] = {"project", "day"};

// As sent (type-checked by the handler: RFC 3339 date-times or dates, group_by one of
// kGroupBy).
struct ReportRequest {
  std::optional<std::string> from = std::nullopt;      // default: Monday 00:00 UTC of this ISO week
  std::optional<std::string> to = std::nullopt;        // default: from + 7 days
  std::optional<std::string> group_by = std::nullopt;  // default: project
};

struct ReportGroup {
  std::string project_id;     // group_by=project
  std::string project_title;  // group_by=project
  std::string date;           // group_by=day: YYYY-MM-DD (UTC)
  int64_t minutes = 0;
  int64_t entries = 0;
};

struct TimeReport {
  std::string from;  // RFC 3339 UTC, inclusive
  std::string to;    // RFC 3339 UTC, exclusive
  std::string group_by;
  int64_t total_minutes = 0;
  int64_t total_entries = 0;
  // project: most minutes first (then title); day: chronological, days without
  // entries omitted.
  std::vector<ReportGroup> groups;
};

// Longest range: 366 days by day, 3660 days by project (VALIDATION_ERROR on `from`
// beyond that, or when from ≥ to).
StatusOr<TimeReport> BuildTimeReport(db::Connection& db, std::string_view user_id,
                                     const ReportRequest& request, int64_t now_ms);

// Milliseconds of Monday 00:00 UTC of the ISO week containing `unix_ms`.
int64_t IsoWeekStartMs(int64_t unix_ms);

}  // namespace keel::reports
