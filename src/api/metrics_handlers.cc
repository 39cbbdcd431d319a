// Engagement metrics (seed 001, CONTRACT §5): GET/POST dashboard/metrics,
// GET dashboard/metrics/{id}, and GET dashboard/metrics/summary?metric_type=&bucket=
// hour|day|week&from=&to= (count, sum, avg, min, max per bucket, computed in SQL).
#include <limits>

#include "api/handlers.h"
#include "api/list_params.h"
#include "api/resource_util.h"
#include "base/clock.h"
#include "db/read_replica.h"
#include "engagement/metric_service.h"
#include "engagement/metric_store.h"

namespace keel::api {
namespace {

// Not a list, but the same kind of query arguments: typed, unknown names refused.
constexpr db::ListField kSummaryArgs[] = {
    {.name = "metric_type", .type = db::FieldType::kText},
    {.name = "bucket", .type = db::FieldType::kEnum, .values = engagement::kBuckets},
    {.name = "from", .type = db::FieldType::kTimestamp},
    {.name = "to", .type = db::FieldType::kTimestamp},
};

engagement::MetricInput ReadMetricFields(FieldReader& r, WriteMode) {
  engagement::MetricInput in;
  auto type = r.String("metric_type", {.required = true, .max_length = engagement::kMaxMetricType});
  auto value = r.Number("metric_value", std::numeric_limits<double>::lowest(),
                        std::numeric_limits<double>::max(), true);
  auto recorded_at = r.Timestamp("recorded_at", false);
  in.metric_type = type.value;
  in.metric_value = value.value;
  in.recorded_at = NullIfEmpty(recorded_at);
  return in;
}

void WriteMetric(http::JsonWriter& w, const engagement::Metric& m) {
  w.StartObject();
  WriteStringField(w, "id", m.id);
  WriteStringField(w, "user_id", m.user_id);
  WriteStringField(w, "metric_type", m.metric_type);
  w.Key("metric_value");
  w.Double(m.metric_value);
  WriteStringField(w, "recorded_at", m.recorded_at);
  WriteStringField(w, "created_at", m.created_at);
  WriteStringField(w, "updated_at", m.updated_at);
  w.EndObject();
}

// Reads the summary's query arguments; unknown names and bad values are one 400.
StatusOr<engagement::SummaryRequest> ReadSummaryArgs(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* query, ctx.Query());
  engagement::SummaryRequest req;
  std::vector<FieldError> errors;
  for (const http::Field& f : query->all()) {
    if (f.name.starts_with("_") || f.value.text.empty()) continue;
    const db::ListField* arg = nullptr;
    for (const db::ListField& a : kSummaryArgs) {
      if (a.name == f.name) arg = &a;
    }
    std::string value = f.value.text;
    if (arg == nullptr) {
      errors.push_back({f.name, "unknown query parameter " + f.name.substr(0, 64)});
    } else if (!NormalizeFilterValue(*arg, value)) {
      errors.push_back({f.name, FilterValueMessage(*arg)});
    } else if (f.name == "metric_type") {
      req.metric_type = value;
    } else if (f.name == "bucket") {
      req.bucket = value;
    } else if (f.name == "from") {
      req.from = value;
    } else {
      req.to = value;
    }
  }
  if (!errors.empty()) return Status::Invalid(std::move(errors));
  return req;
}

}  // namespace

Status HandleListMetrics(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, engagement::MetricListSpec()));
  KEEL_ASSIGN_OR_RETURN(engagement::MetricPage page,
                        engagement::ListMetrics(ctx.db, ctx.user().user_id, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const engagement::Metric& m : page.items) WriteMetric(w, m);
  });
  return Status::Ok();
}

Status HandleCreateMetric(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(engagement::MetricInput input,
                        ReadBody(ctx, WriteMode::kCreate, ReadMetricFields));
  KEEL_ASSIGN_OR_RETURN(engagement::Metric metric,
                        engagement::CreateMetric(ctx.db, ctx.user().user_id, input));
  RespondCreated(ctx, "dashboard/metrics", metric.id,
                 [&](http::JsonWriter& w) { WriteMetric(w, metric); });
  return Status::Ok();
}

Status HandleGetMetric(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(engagement::Metric metric,
                        engagement::GetMetric(ctx.db, ctx.user().user_id, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteMetric(w, metric); });
  return Status::Ok();
}

Status HandleMetricsSummary(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(engagement::SummaryRequest request, ReadSummaryArgs(ctx));
  KEEL_ASSIGN_OR_RETURN(
      engagement::Summary summary, db::WithReadConnection(ctx.db, [&](db::Connection& conn) {
        return engagement::Summarize(conn, ctx.user().user_id, request, UnixMillis());
      }));
  ctx.response.Json(200, [&](http::JsonWriter& w) {
    w.StartObject();
    WriteOptString(w, "metric_type", summary.query.metric_type);
    WriteStringField(w, "bucket", summary.query.bucket);
    WriteStringField(w, "from", summary.query.from);
    WriteStringField(w, "to", summary.query.to);
    w.Key("buckets");
    w.StartArray();
    for (const engagement::Bucket& b : summary.buckets) {
      w.StartObject();
      WriteStringField(w, "bucket_start", b.bucket_start);
      WriteStringField(w, "metric_type", b.metric_type);
      w.Key("count");
      w.Int64(b.count);
      w.Key("sum");
      w.Double(b.sum);
      w.Key("avg");
      w.Double(b.avg);
      w.Key("min");
      w.Double(b.min);
      w.Key("max");
      w.Double(b.max);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
  return Status::Ok();
}

}  // namespace keel::api
