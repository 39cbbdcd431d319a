// Integration tests of what is particular to dashboard items (shared, not owner-scoped,
// created_by records the writer), the dashboard summary across the user's resources and
// the time report. The cases every resource shares are in resource_store_test.cc.
#include <gtest/gtest.h>

#include "dashboard/dashboard_service.h"
#include "dashboard/item_resource.h"
#include "engagement/metric_store.h"
#include "integration/resource_fixtures.h"
#include "reports/time_report.h"
#include "tasks/task_resource.h"
#include "time_entries/time_entry_resource.h"

namespace keel::dashboard {
namespace {

constexpr db::Statement kShiftEntry{
    "test_dashboard_shift_entry",
    "UPDATE time_entries SET start_time = date_trunc('week', now()) + interval '1 hour', "
    "end_time = date_trunc('week', now()) + interval '1 hour' + $2::interval WHERE id = $1"};

class DashboardStoreTest : public test::ResourceTest {
 protected:
  std::string Entry(const std::string& project, const char* start, const char* end) {
    auto e = Create(time_entries::kTimeEntries, alice_,
                    {{"project_id", project}, {"start_time", start}, {"end_time", end}});
    EXPECT_TRUE(e.ok()) << e.status().message();
    return e.ok() ? *e->at("id") : "";
  }
};

TEST_F(DashboardStoreTest, ItemsAreSharedAndRecordTheirCreator) {
  auto item = Create(kItems, alice_, {{"title", "Welcome"}, {"content", "Hello"}});
  ASSERT_TRUE(item.ok()) << item.status().message();
  const std::string id = *item->at("id");
  EXPECT_EQ(item->at("created_by"), alice_);
  EXPECT_FALSE(item->contains("user_id"));

  // Not owner-scoped: anyone reads, changes and finds it; created_by stays the creator.
  auto got = Get(kItems, bob_, id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *item);
  auto patched = Update(kItems, bob_, id, {{"title", "Welcome!"}});
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->at("created_by"), alice_);
  auto listed = List(kItems, bob_, "q=Welcome!");
  ASSERT_TRUE(listed.ok());
  EXPECT_GE(listed->total, 1);

  // The dashboard shows the newest items first.
  auto dashboard = LoadDashboard(db(), bob_);
  ASSERT_TRUE(dashboard.ok()) << dashboard.status().message();
  ASSERT_FALSE(dashboard->items.empty());
  EXPECT_EQ(test::RowOf(kItems, dashboard->items).at("id"), id);

  ASSERT_TRUE(resource::Delete(db(), kItems, bob_, id).ok());
  EXPECT_EQ(Get(kItems, alice_, id).status().code(), ErrorCode::kNotFound);
}

TEST_F(DashboardStoreTest, SummaryCountsOnlyTheUsersOwnData) {
  for (const char* status : {"draft", "active", "active", "archived"}) {
    const char* completed = std::string(status) == "archived" ? "true" : "false";
    ASSERT_TRUE(Create(tasks::kTasks, alice_,
                       {{"title", "t"}, {"status", status}, {"completed", completed}})
                    .ok());
  }
  ASSERT_TRUE(Create(tasks::kTasks, bob_, {{"title", "bob"}}).ok());

  const std::string project = MakeProject(alice_);
  db::Params shift;  // moved into this week
  shift.Add(Entry(project, "2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z")).Add("45 minutes");
  ASSERT_TRUE(db().Execute(kShiftEntry, shift).ok());
  Entry(project, "2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z");  // stays in 2020

  ASSERT_TRUE(engagement::CreateMetric(db(), alice_, {"clicks", 4, "2025-01-01T00:00:00Z"}).ok());

  auto s = LoadSummary(db(), alice_);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->tasks_draft, 1);
  EXPECT_EQ(s->tasks_active, 2);
  EXPECT_EQ(s->tasks_archived, 1);
  EXPECT_EQ(s->tasks_completed, 1);
  EXPECT_EQ(s->projects, 1);
  EXPECT_EQ(s->minutes_this_week, 45);
  ASSERT_EQ(s->latest_metrics.size(), 1u);
  EXPECT_EQ(s->latest_metrics[0].metric_type, "clicks");

  auto empty = LoadSummary(db(), bob_);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->tasks_active, 1);
  EXPECT_EQ(empty->projects, 0);
  EXPECT_EQ(empty->minutes_this_week, 0);
  EXPECT_TRUE(empty->latest_metrics.empty());
}

TEST_F(DashboardStoreTest, TimeReportGroupsByProjectAndDay) {
  const std::string alpha = MakeProject(alice_, "Alpha"), beta = MakeProject(alice_, "Beta");
  Entry(alpha, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");  // 60
  Entry(alpha, "2025-03-11T09:00:00Z", "2025-03-11T09:30:00Z");  // 30
  Entry(beta, "2025-03-11T23:30:00Z", "2025-03-12T01:05:00Z");   // 95, counted on the 11th
  Entry(beta, "2025-03-20T09:00:00Z", "2025-03-20T10:00:00Z");   // outside the week

  reports::ReportRequest by_project{.from = "2025-03-10", .to = "2025-03-17"};
  auto r = reports::BuildTimeReport(db(), alice_, by_project, 0);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->total_minutes, 185);
  EXPECT_EQ(r->total_entries, 3);
  ASSERT_EQ(r->groups.size(), 2u);
  EXPECT_EQ(r->groups[0].project_title, "Beta");  // most minutes first
  EXPECT_EQ(r->groups[0].minutes, 95);
  EXPECT_EQ(r->groups[1].project_title, "Alpha");
  EXPECT_EQ(r->groups[1].minutes, 90);
  EXPECT_EQ(r->groups[1].entries, 2);

  reports::ReportRequest by_day{.from = "2025-03-10", .to = "2025-03-17", .group_by = "day"};
  auto d = reports::BuildTimeReport(db(), alice_, by_day, 0);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->groups.size(), 2u);
  EXPECT_EQ(d->groups[0].date, "2025-03-10");
  EXPECT_EQ(d->groups[0].minutes, 60);
  EXPECT_EQ(d->groups[1].date, "2025-03-11");
  EXPECT_EQ(d->groups[1].minutes, 125);

  auto bobs = reports::BuildTimeReport(db(), bob_, by_project, 0);
  ASSERT_TRUE(bobs.ok());
  EXPECT_EQ(bobs->total_minutes, 0);
  EXPECT_TRUE(bobs->groups.empty());
}

}  // namespace
}  // namespace keel::dashboard
