// Dashboard (seed 000, CONTRACT §5): GET dashboard/data → {user, items, summary}, and
// the shared dashboard items: any signed-in user lists and reads them; only admins
// create, replace, patch and delete them (Access::kAdmin rows in the route table).
#include "api/auth_support.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "dashboard/dashboard_service.h"
#include "dashboard/item_store.h"

namespace keel::api {
namespace {

dashboard::ItemChanges ReadItemFields(FieldReader& r, WriteMode mode) {
  dashboard::ItemChanges c;
  auto title = r.String(
      "title", {.required = MustHave(r, mode, "title"), .max_length = dashboard::kMaxTitle});
  auto content = r.String(
      "content", {.max_length = dashboard::kMaxContent, .trim = false, .single_line = false});
  if (title.has_value()) c.title.Set(title.value);
  if (mode != WriteMode::kPatch || content.present) c.content.Set(NullIfEmpty(content));
  return c;
}

void WriteItem(http::JsonWriter& w, const dashboard::Item& item) {
  w.StartObject();
  WriteStringField(w, "id", item.id);
  WriteStringField(w, "title", item.title);
  WriteOptString(w, "content", item.content);
  WriteOptString(w, "created_by", item.created_by);
  WriteStringField(w, "created_at", item.created_at);
  WriteStringField(w, "updated_at", item.updated_at);
  w.EndObject();
}

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

Status WriteItemChange(RequestContext& ctx, WriteMode mode) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_ASSIGN_OR_RETURN(dashboard::ItemChanges changes, ReadBody(ctx, mode, ReadItemFields));
  KEEL_ASSIGN_OR_RETURN(dashboard::Item item, dashboard::UpdateItem(ctx.db, id, changes));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteItem(w, item); });
  return Status::Ok();
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
    for (const dashboard::Item& item : data.items) WriteItem(w, item);
    w.EndArray();
    w.Key("summary");
    WriteSummary(w, data.summary);
    w.EndObject();
  });
  return Status::Ok();
}

Status HandleListDashboardItems(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(db::ListQuery query, ListQueryOf(ctx, dashboard::ItemListSpec()));
  KEEL_ASSIGN_OR_RETURN(dashboard::ItemPage page, dashboard::ListItems(ctx.db, query));
  ctx.response.JsonList({query.page, query.limit, page.total}, [&](http::JsonWriter& w) {
    for (const dashboard::Item& item : page.items) WriteItem(w, item);
  });
  return Status::Ok();
}

Status HandleCreateDashboardItem(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(dashboard::ItemChanges changes,
                        ReadBody(ctx, WriteMode::kCreate, ReadItemFields));
  KEEL_ASSIGN_OR_RETURN(dashboard::Item item,
                        dashboard::CreateItem(ctx.db, ctx.user().user_id, changes));
  RespondCreated(ctx, "dashboard/items", item.id, [&](http::JsonWriter& w) { WriteItem(w, item); });
  return Status::Ok();
}

Status HandleGetDashboardItem(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(dashboard::Item item, dashboard::GetItem(ctx.db, id));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteItem(w, item); });
  return Status::Ok();
}

Status HandlePutDashboardItem(RequestContext& ctx) {
  return WriteItemChange(ctx, WriteMode::kReplace);
}

Status HandlePatchDashboardItem(RequestContext& ctx) {
  return WriteItemChange(ctx, WriteMode::kPatch);
}

Status HandleDeleteDashboardItem(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(std::string id, PathUuid(ctx));
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(dashboard::DeleteItem(ctx.db, id));
  ctx.response.NoContent();
  return Status::Ok();
}

}  // namespace keel::api
