// Time report: range rules in C++, sums in PostgreSQL.
#include "reports/time_report.h"

#include "base/rfc3339.h"

namespace keel::reports {
namespace {

constexpr int64_t kDayMs = 86400000;

constexpr db::Statement kByProject{
    "reports_time_by_project",
    "SELECT p.id, p.title, COALESCE(sum(e.duration_minutes), 0), count(*) "
    "FROM time_entries e JOIN projects p ON p.id = e.project_id AND p.user_id = e.user_id "
    "WHERE e.user_id = $1 AND e.start_time >= $2::timestamptz AND e.start_time < $3::timestamptz "
    "GROUP BY p.id, p.title ORDER BY 3 DESC, p.title, p.id"};

constexpr db::Statement kByDay{
    "reports_time_by_day",
    "SELECT to_char(date_trunc('day', start_time AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), "
    "COALESCE(sum(duration_minutes), 0), count(*) "
    "FROM time_entries "
    "WHERE user_id = $1 AND start_time >= $2::timestamptz AND start_time < $3::timestamptz "
    "GROUP BY 1 ORDER BY 1"};

}  // namespace

int64_t IsoWeekStartMs(int64_t unix_ms) {
  int64_t days = unix_ms >= 0 ? unix_ms / kDayMs : -((-unix_ms + kDayMs - 1) / kDayMs);
  // 1970-01-01 was a Thursday: Monday-based weekday index 3.
  int64_t weekday = ((days + 3) % 7 + 7) % 7;
  return (days - weekday) * kDayMs;
}

StatusOr<TimeReport> BuildTimeReport(db::Connection& db, std::string_view user_id,
                                     const ReportRequest& request, int64_t now_ms) {
  TimeReport out;
  out.group_by = request.group_by.value_or("project");
  std::optional<int64_t> from, to;
  if (request.from) {
    from = ParseRfc3339Millis(*request.from);
    if (!from) return Status::InvalidField("from", "from must be an RFC 3339 date-time or a date");
  }
  if (request.to) {
    to = ParseRfc3339Millis(*request.to);
    if (!to) return Status::InvalidField("to", "to must be an RFC 3339 date-time or a date");
  }
  if (!from && !to) from = IsoWeekStartMs(now_ms);
  if (!from) from = *to - 7 * kDayMs;
  if (!to) to = *from + 7 * kDayMs;
  if (*from >= *to) return Status::InvalidField("from", "from must be before to");
  int64_t max_days = out.group_by == "day" ? 366 : 3660;
  if (*to - *from > max_days * kDayMs) {
    return Status::InvalidField("from", "the range from–to may span at most " +
                                            std::to_string(max_days) +
                                            " days for group_by=" + out.group_by);
  }
  out.from = FormatRfc3339Utc(*from);
  out.to = FormatRfc3339Utc(*to);

  db::Params p;
  p.Add(user_id).Add(out.from).Add(out.to);
  bool by_day = out.group_by == "day";
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(by_day ? kByDay : kByProject, p));
  for (int i = 0; i < r.rows(); ++i) {
    ReportGroup g;
    if (by_day) {
      g.date = r.String(i, 0);
      g.minutes = r.Int64(i, 1);
      g.entries = r.Int64(i, 2);
    } else {
      g.project_id = r.String(i, 0);
      g.project_title = r.String(i, 1);
      g.minutes = r.Int64(i, 2);
      g.entries = r.Int64(i, 3);
    }
    out.total_minutes += g.minutes;
    out.total_entries += g.entries;
    out.groups.push_back(std::move(g));
  }
  return out;
}

}  // namespace keel::reports
