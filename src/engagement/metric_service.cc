// Metric summary rules: defaults and bounds, then the store's aggregation.
#include "engagement/metric_service.h"

#include "base/rfc3339.h"
#include "engagement/metric_store.h"

namespace keel::engagement {
namespace {

constexpr int64_t kDayMs = 86400000;

int64_t DefaultRangeMs(const std::string& bucket) {
  if (bucket == "hour") return kDayMs;
  if (bucket == "week") return 84 * kDayMs;
  return 30 * kDayMs;
}

}  // namespace

int64_t MaxRangeDays(const std::string& bucket) {
  if (bucket == "hour") return 31;
  if (bucket == "week") return 7305;
  return 1098;
}

StatusOr<Summary> Summarize(db::Connection& db, std::string_view user_id,
                            const SummaryRequest& request, int64_t now_ms) {
  Summary out;
  SummaryQuery& q = out.query;
  q.metric_type = request.metric_type;
  q.bucket = request.bucket.value_or("day");
  std::optional<int64_t> to = request.to ? ParseRfc3339Millis(*request.to) : now_ms;
  if (!to) return Status::InvalidField("to", "to must be an RFC 3339 date-time or a date");
  std::optional<int64_t> from =
      request.from ? ParseRfc3339Millis(*request.from) : *to - DefaultRangeMs(q.bucket);
  if (!from) return Status::InvalidField("from", "from must be an RFC 3339 date-time or a date");
  if (*from >= *to) return Status::InvalidField("from", "from must be before to");
  int64_t max_days = MaxRangeDays(q.bucket);
  if (*to - *from > max_days * kDayMs) {
    return Status::InvalidField("from", "the range from–to may span at most " +
                                            std::to_string(max_days) +
                                            " days for bucket=" + q.bucket);
  }
  q.from = FormatRfc3339Utc(*from);
  q.to = FormatRfc3339Utc(*to);
  KEEL_ASSIGN_OR_RETURN(out.buckets, engagement::Summarize(db, user_id, q));
  return out;
}

}  // namespace keel::engagement
