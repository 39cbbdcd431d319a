// The dashboard of seed 000 (GET dashboard/data): who the user is, the latest shared
// items, and a summary across the user's own resources — task counts by status, the
// number of projects, minutes tracked this ISO week (UTC) and the latest value of each
// engagement metric.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "db/connection.h"
#include "db/result.h"
#include "engagement/metric.h"
#include "users/user.h"

namespace keel::dashboard {

inline constexpr int64_t kDashboardItems = 10;

struct Summary {
  int64_t tasks_draft = 0;
  int64_t tasks_active = 0;
  int64_t tasks_archived = 0;
  int64_t tasks_completed = 0;
  int64_t projects = 0;
  // Sum of duration_minutes of the entries that start in the current ISO week (Monday
  // 00:00 UTC to the next Monday).
  int64_t minutes_this_week = 0;
  std::string week_start;                          // RFC 3339 UTC
  std::vector<engagement::Metric> latest_metrics;  // one per metric_type
};

struct DashboardData {
  users::User user;
  // The kDashboardItems most recent items, as rows of dashboard::kItems (newest first;
  // further columns after the declared ones are the list's own).
  db::Result items;
  Summary summary;
};

// Everything for `user_id`'s dashboard (NOT_FOUND if the account is gone).
StatusOr<DashboardData> LoadDashboard(db::Connection& db, std::string_view user_id);

// Only the summary part (also used by tests).
StatusOr<Summary> LoadSummary(db::Connection& db, std::string_view user_id);

}  // namespace keel::dashboard
