// Dashboard data: four statements (user, items, counts in one statement, latest
// metrics), each scoped to the caller.
#include "dashboard/dashboard_service.h"

#include "dashboard/item_resource.h"
#include "db/read_replica.h"
#include "db/sql_fragments.h"
#include "engagement/metric_store.h"
#include "resource/store.h"
#include "users/user_store.h"

namespace keel::dashboard {
namespace {

// One round trip for every count; each subquery uses its table's (user_id, ...) index.
constexpr db::Statement kSummary{
    "dashboard_summary",
    "SELECT t.draft, t.active, t.archived, t.completed, "
    "  (SELECT count(*) FROM projects WHERE user_id = $1), "
    "  (SELECT COALESCE(sum(duration_minutes), 0) FROM time_entries "
    "    WHERE user_id = $1 AND start_time >= w.start AND start_time < w.start + interval '7 days'), "
    "  " KEEL_SQL_RFC3339("w.start") " "
    "FROM (SELECT count(*) FILTER (WHERE status = 'draft') AS draft, "
    "             count(*) FILTER (WHERE status = 'active') AS active, "
    "             count(*) FILTER (WHERE status = 'archived') AS archived, "
    "             count(*) FILTER (WHERE completed) AS completed "
    "      FROM tasks WHERE user_id = $1) t, "
    "     (SELECT date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start) w"};

// The newest items: the items' own list, newest first, without a total.
StatusOr<db::Result> LatestItems(db::Connection& db) {
  const db::ListSpec& spec = resource::ListSpecOf(kItems);
  db::ListQuery query;
  query.limit = kDashboardItems;
  query.sort = {{.field = spec.Find("created_at"), .descending = true}};
  query.count_total = false;
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, resource::List(db, kItems, "", query));
  return std::move(page.rows);
}

}  // namespace

StatusOr<Summary> LoadSummary(db::Connection& db, std::string_view user_id) {
  db::Params p;
  p.Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kSummary, p));
  Summary s;
  s.tasks_draft = r.Int64(0, 0);
  s.tasks_active = r.Int64(0, 1);
  s.tasks_archived = r.Int64(0, 2);
  s.tasks_completed = r.Int64(0, 3);
  s.projects = r.Int64(0, 4);
  s.minutes_this_week = r.Int64(0, 5);
  s.week_start = r.String(0, 6);
  KEEL_ASSIGN_OR_RETURN(s.latest_metrics, engagement::LatestPerType(db, user_id));
  return s;
}

StatusOr<DashboardData> LoadDashboard(db::Connection& db, std::string_view user_id) {
  DashboardData out;
  users::Actor self{.user_id = std::string(user_id), .is_admin = false};
  KEEL_ASSIGN_OR_RETURN(out.user, users::FindUser(db, self, std::string(user_id)));
  KEEL_ASSIGN_OR_RETURN(out.items, LatestItems(db));
  // The counts may come from a read replica within its lag (db/read_replica.h); the
  // user and the items, which the user may just have changed, from the primary.
  KEEL_ASSIGN_OR_RETURN(out.summary, db::WithReadConnection(db, [&](db::Connection& conn) {
                          return LoadSummary(conn, user_id);
                        }));
  return out;
}

}  // namespace keel::dashboard
