// Dashboard (seed 000, CONTRACT §5): GET dashboard/data → {user, items, summary}. The
// shared dashboard items themselves are a declared resource (dashboard/item_resource.h).
#include "api/auth_support.h"
#include "api/handlers.h"
#include "api/resource_json.h"
#include "api/resource_util.h"
#include "dashboard/dashboard_service.h"
#include "dashboard/item_resource.h"

namespace keel::api {
namespace {

void WriteSummary(http::JsonWriter& w, const dashboard::Summary& s) {
  w.StartObject();
  w.Key("tasks_by_status");
  w.StartObject();
  w.Key("draft");
  w.Int64(s.tasks_draft);
  w.Key("active");
  w.Int64(s.tasks_active);
  w.Key("archived");
  w.Int64(s.tasks_archived);
  w.EndObject();
  w.Key("tasks_completed");
  w.Int64(s.tasks_completed);
  w.Key("project_count");
  w.Int64(s.projects);
  w.Key("minutes_this_week");
  w.Int64(s.minutes_this_week);
  WriteStringField(w, "week_start", s.week_start);
  w.Key("latest_metrics");
  w.StartArray();
  for (const engagement::Metric& m : s.latest_metrics) {
    w.StartObject();
    WriteStringField(w, "metric_type", m.metric_type);
    w.Key("metric_value");
    w.Double(m.metric_value);
    WriteStringField(w, "recorded_at", m.recorded_at);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

Status HandleDashboardData(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(dashboard::DashboardData data,
                        dashboard::LoadDashboard(ctx.db, ctx.user().user_id));
  ctx.response.Json(200, [&](http::JsonWriter& w) {
    w.StartObject();
    w.Key("user");
    WriteUser(w, data.user);
    w.Key("items");
    w.StartArray();
    RowWriter(dashboard::kItems).WriteAll(w, data.items);
    w.EndArray();
    w.Key("summary");
    WriteSummary(w, data.summary);
    w.EndObject();
  });
  return Status::Ok();
}

}  // namespace keel::api
