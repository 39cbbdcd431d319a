// The rules of the metrics summary (GET dashboard/metrics/summary): defaults for the
// bucket and the time range, and bounds on how many buckets one request may produce.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "db/connection.h"
#include "engagement/metric.h"

namespace keel::engagement {

// What the client asked for, as sent (already type-checked: bucket is one of kBuckets,
// from/to are RFC 3339 date-times or dates).
struct SummaryRequest {
  std::optional<std::string> metric_type = std::nullopt;
  std::optional<std::string> bucket = std::nullopt;  // default "day"
  std::optional<std::string> from = std::nullopt;  // default: `to` minus 1 day / 30 days / 12 weeks
  std::optional<std::string> to = std::nullopt;    // default: now
};

struct Summary {
  SummaryQuery query;  // the effective bucket, range (RFC 3339 UTC) and type
  std::vector<Bucket> buckets;
};

// Longest range per bucket size, so that one answer stays a chart, not a dump:
// hour 31 days, day 3 years (1098 days), week 20 years (7305 days).
int64_t MaxRangeDays(const std::string& bucket);

// Resolves defaults and bounds (VALIDATION_ERROR on `from` when from ≥ to or the range
// is too long for the bucket), then aggregates in PostgreSQL.
StatusOr<Summary> Summarize(db::Connection& db, std::string_view user_id,
                            const SummaryRequest& request, int64_t now_ms);

}  // namespace keel::engagement
