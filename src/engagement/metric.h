// Engagement metrics (seed 001): data points (type, value, time) recorded per user, and
// their aggregation into time buckets for charts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/list_query.h"

namespace keel::engagement {

inline constexpr size_t kMaxMetricType = 100;
inline constexpr std::string_view kBuckets[] = {"hour", "day", "week"};  // summary sizes

struct Metric {
  std::string id;
  std::string user_id;
  std::string metric_type;
  double metric_value = 0;
  std::string recorded_at;  // RFC 3339 UTC
  std::string created_at;
  std::string updated_at;
};

struct MetricInput {
  std::string metric_type;
  double metric_value = 0;
  std::optional<std::string> recorded_at;  // RFC 3339; default: now
};

struct MetricPage {
  std::vector<Metric> items;
  int64_t total = 0;
};

// One bucket of the summary: the aggregates of one metric type over one time bucket.
struct Bucket {
  std::string metric_type;
  std::string bucket_start;  // RFC 3339 UTC: start of the hour, day or ISO week (Monday)
  int64_t count = 0;
  double sum = 0;
  double avg = 0;
  double min = 0;
  double max = 0;
};

// A validated summary request (metrics/metric_service.h builds it).
struct SummaryQuery {
  std::optional<std::string> metric_type;  // all types when absent
  std::string bucket = "day";              // hour | day | week
  std::string from;                        // RFC 3339 UTC; recorded_at >= from
  std::string to;                          // RFC 3339 UTC; recorded_at < to
};

// Lists: sort by recorded_at, created_at, metric_value, metric_type; filter metric_type;
// ranges on recorded_at, metric_value, created_at.
const db::ListSpec& MetricListSpec();

}  // namespace keel::engagement
