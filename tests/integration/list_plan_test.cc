// The list queries use the indexes (issue 4: "check with EXPLAIN on 100k rows that an
// owner's page uses no sequential scan"). 100 users × 1,000 rows in tasks, time entries
// and metrics are inserted inside a transaction that is rolled back at the end, the
// tables analysed, and the plan of each composed list statement for one owner must not
// contain a Seq Scan.
#include <gtest/gtest.h>

#include "api/list_params.h"
#include "db/list_cursor.h"
#include "db/list_sql.h"
#include "engagement/metric.h"
#include "http/query_string.h"
#include "integration/resource_fixtures.h"
#include "resource/statements.h"
#include "tasks/task_resource.h"
#include "time_entries/time_entry_resource.h"

namespace keel::db {
namespace {

constexpr Statement kUsers{
    "test_plan_users",
    "INSERT INTO users (email, password_hash) "
    "SELECT 'plan-' || $1 || '-' || g || '@example.com', 'x' FROM generate_series(1, 100) g"};
constexpr Statement kOwner{"test_plan_owner",
                           "SELECT id FROM users WHERE email = 'plan-' || $1 || '-42@example.com'"};
constexpr Statement kProjects{
    "test_plan_projects",
    "INSERT INTO projects (user_id, title) SELECT id, 'p' FROM users WHERE email LIKE 'plan-' || "
    "$1 || '-%'"};
constexpr Statement kTasks{
    "test_plan_tasks",
    "INSERT INTO tasks (user_id, title, status, priority, due_date, completed, created_at) "
    "SELECT u.id, 'task ' || g, (ARRAY['draft','active','archived'])[1 + g % 3], "
    "(ARRAY['low','medium','high'])[1 + g % 3], date '2025-01-01' + (g % 365), g % 2 = 0, "
    "now() - g * interval '1 minute' "
    "FROM users u, generate_series(1, 1000) g WHERE u.email LIKE 'plan-' || $1 || '-%'"};
constexpr Statement kEntries{
    "test_plan_entries",
    "INSERT INTO time_entries (user_id, project_id, start_time, end_time) "
    "SELECT p.user_id, p.id, timestamptz '2025-01-01' + g * interval '1 hour', "
    "timestamptz '2025-01-01' + g * interval '1 hour' + interval '30 minutes' "
    "FROM projects p JOIN users u ON u.id = p.user_id, generate_series(1, 1000) g "
    "WHERE u.email LIKE 'plan-' || $1 || '-%'"};
constexpr Statement kMetrics{
    "test_plan_metrics",
    "INSERT INTO engagement_metrics (user_id, metric_type, metric_value, recorded_at) "
    "SELECT u.id, (ARRAY['clicks','views','signups'])[1 + g % 3], g, "
    "timestamptz '2025-01-01' + g * interval '1 hour' "
    "FROM users u, generate_series(1, 1000) g WHERE u.email LIKE 'plan-' || $1 || '-%'"};

struct PlanCase {
  const char* name;
  const char* table;  // tasks | time_entries | metrics
  const char* query;  // the list query string
};

const PlanCase kCases[] = {
    {"tasks default page", "tasks", ""},
    {"tasks seed 004 filter", "tasks", "status=active&due_date_gt=2025-01-01"},
    {"tasks by due date", "tasks", "sort=due_date&page=3"},
    {"tasks by priority desc", "tasks", "sort=-priority"},
    {"tasks by title", "tasks", "sort=title&limit=100"},
    {"tasks search", "tasks", "q=task 99"},
    {"tasks updated", "tasks", "sort=-updated_at"},
    {"entries by start", "time_entries", "start_time_gte=2025-01-10&start_time_lt=2025-01-20"},
    {"entries default", "time_entries", "page=2"},
    {"metrics by type", "metrics", "metric_type=clicks&sort=-recorded_at"},
    {"metrics default", "metrics", ""},
    // after=: the keyset page follows the same index as the first page.
    {"tasks after a cursor", "tasks", "after=CURSOR"},
    {"tasks by due date after a cursor", "tasks", "sort=due_date&after=DUE_CURSOR"},
};

class ListPlanTest : public test::StoreTest {};

TEST_F(ListPlanTest, OwnerPagesUseIndexesOn100kRows) {
  std::string tag = crypto::HexEncode(crypto::RandomBytes(6));
  // 100k rows take seconds on a loaded machine: this test's connection waits up to two
  // minutes, not a request's 5 s (it timed out twice at load 7 on 2 cores).
  db_ = std::make_unique<db::Connection>(db::ConnectionOptions{
      .url = test::TestDatabaseUrl(), .statement_timeout_ms = 120000, .connect_timeout_ms = 5000});
  ASSERT_TRUE(db_->Connect().ok());
  ASSERT_TRUE(db().ExecuteScript("BEGIN").ok());
  for (const Statement* s : {&kUsers, &kProjects, &kTasks, &kEntries, &kMetrics}) {
    Params p;
    p.Add(tag);
    auto r = db().Execute(*s, p);
    ASSERT_TRUE(r.ok()) << s->name << ": " << db().last_error().message;
  }
  ASSERT_TRUE(db().ExecuteScript("ANALYZE users, projects, tasks, time_entries, "
                                 "engagement_metrics")
                  .ok());
  Params owner_params;
  owner_params.Add(tag);
  auto owner = db().Execute(kOwner, owner_params);
  ASSERT_TRUE(owner.ok() && owner->rows() == 1);
  std::string user_id = owner->String(0, 0);

  for (const PlanCase& c : kCases) {
    SCOPED_TRACE(c.name);
    std::string_view table = c.table;
    // The resources' own list tables (their full SELECT list and scope); metrics keep theirs.
    const resource::Resource* r = table == "tasks"          ? &tasks::kTasks
                                  : table == "time_entries" ? &time_entries::kTimeEntries
                                                            : nullptr;
    const ListSpec& spec = r ? resource::StatementsOf(*r).list_spec : engagement::MetricListSpec();
    const ListTable t =
        r ? resource::StatementsOf(*r).list_table
          : ListTable{.columns = "id", .from = "engagement_metrics", .scope = "user_id = $1"};
    std::string query_text = c.query;
    if (query_text == "after=CURSOR") {
      query_text = "after=" + EncodeCursor("-created_at", {"2025-06-01 00:00:00+00", user_id});
    } else if (query_text.ends_with("after=DUE_CURSOR")) {
      query_text = "sort=due_date&after=" + EncodeCursor("due_date", {"2025-06-01", user_id});
    }
    auto fields = http::ParseQueryString(query_text);
    ASSERT_TRUE(fields.ok());
    auto query = api::ParseListQuery(*fields, spec);
    ASSERT_TRUE(query.ok()) << query.status().message();
    ComposedList composed = ComposeList(t, *query, 1);
    Params p;
    p.Add(user_id);
    for (const std::string& v : composed.values) p.Add(v);
    for (const std::string& v : composed.page_values) p.Add(v);
    p.Add(query->limit).Add(query->offset());
    auto plan = db().ExecuteDynamic("EXPLAIN " + composed.page_sql, p);
    ASSERT_TRUE(plan.ok()) << db().last_error().message;
    std::string text;
    for (int i = 0; i < plan->rows(); ++i) text += plan->String(i, 0) + "\n";
    EXPECT_EQ(text.find("Seq Scan"), std::string::npos) << composed.page_sql << "\n" << text;
    if (std::getenv("KEEL_SHOW_PLANS")) std::printf("-- %s\n%s\n", c.name, text.c_str());
  }
  db().Rollback();
}

}  // namespace
}  // namespace keel::db
