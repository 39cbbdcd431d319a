// Time report (seed 002, CONTRACT §5): GET reports/time?from=&to=&group_by=project|day
// → the minutes tracked per project or per day (UTC) in [from, to).
#include "api/handlers.h"
#include "api/list_params.h"
#include "api/resource_util.h"
#include "base/clock.h"
#include "db/read_replica.h"
#include "reports/time_report.h"

namespace keel::api {
namespace {

constexpr db::ListField kReportArgs[] = {
    {.name = "from", .type = db::FieldType::kTimestamp},
    {.name = "to", .type = db::FieldType::kTimestamp},
    {.name = "group_by", .type = db::FieldType::kEnum, .values = reports::kGroupBy},
};

StatusOr<reports::ReportRequest> ReadReportArgs(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(const http::Fields* query, ctx.Query());
  reports::ReportRequest req;
  std::vector<FieldError> errors;
  for (const http::Field& f : query->all()) {
    if (f.name.starts_with("_") || f.value.text.empty()) continue;
    const db::ListField* arg = nullptr;
    for (const db::ListField& a : kReportArgs) {
      if (a.name == f.name) arg = &a;
    }
    std::string value = f.value.text;
    if (arg == nullptr) {
      errors.push_back({f.name, "unknown query parameter " + f.name.substr(0, 64)});
    } else if (!NormalizeFilterValue(*arg, value)) {
      errors.push_back({f.name, FilterValueMessage(*arg)});
    } else if (f.name == "from") {
      req.from = value;
    } else if (f.name == "to") {
      req.to = value;
    } else {
      req.group_by = value;
    }
  }
  if (!errors.empty()) return Status::Invalid(std::move(errors));
  return req;
}

}  // namespace

Status HandleTimeReport(RequestContext& ctx) {
  KEEL_ASSIGN_OR_RETURN(reports::ReportRequest request, ReadReportArgs(ctx));
  KEEL_ASSIGN_OR_RETURN(
      reports::TimeReport report, db::WithReadConnection(ctx.db, [&](db::Connection& conn) {
        return reports::BuildTimeReport(conn, ctx.user().user_id, request, UnixMillis());
      }));
  const bool by_day = report.group_by == "day";
  ctx.response.Json(200, [&](http::JsonWriter& w) {
    w.StartObject();
    WriteStringField(w, "from", report.from);
    WriteStringField(w, "to", report.to);
    WriteStringField(w, "group_by", report.group_by);
    w.Key("total_minutes");
    w.Int64(report.total_minutes);
    w.Key("total_entries");
    w.Int64(report.total_entries);
    w.Key("groups");
    w.StartArray();
    for (const reports::ReportGroup& g : report.groups) {
      w.StartObject();
      if (by_day) {
        WriteStringField(w, "date", g.date);
      } else {
        WriteStringField(w, "project_id", g.project_id);
        WriteStringField(w, "project_title", g.project_title);
      }
      w.Key("minutes");
      w.Int64(g.minutes);
      w.Key("entries");
      w.Int64(g.entries);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
  return Status::Ok();
}

}  // namespace keel::api
