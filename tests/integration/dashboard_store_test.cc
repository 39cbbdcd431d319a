// Integration tests of dashboard items (shared, admin-written) and the dashboard
// summary across the user's resources.
#include <gtest/gtest.h>

#include "dashboard/dashboard_service.h"
#include "dashboard/item_store.h"
#include "engagement/metric_store.h"
#include "integration/resource_fixtures.h"
#include "projects/project_store.h"
#include "reports/time_report.h"
#include "tasks/task_store.h"
#include "time_entries/time_entry_store.h"

namespace keel::dashboard {
namespace {

constexpr db::Statement kShiftEntry{
    "test_dashboard_shift_entry",
    "UPDATE time_entries SET start_time = date_trunc('week', now()) + interval '1 hour', "
    "end_time = date_trunc('week', now()) + interval '1 hour' + $2::interval WHERE id = $1"};

class DashboardStoreTest : public test::StoreTest {};

TEST_F(DashboardStoreTest, ItemsCrudAndList) {
  ItemChanges c;
  c.title.Set("Welcome");
  c.content.Set(std::string("Hello"));
  auto item = CreateItem(db(), alice_, c);
  ASSERT_TRUE(item.ok()) << item.status().message();
  EXPECT_EQ(item->created_by.value_or(""), alice_);
  auto got = GetItem(db(), item->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content.value_or(""), "Hello");

  ItemChanges patch;
  patch.content.Set(std::nullopt);
  auto patched = UpdateItem(db(), item->id, patch);
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->title, "Welcome");
  EXPECT_FALSE(patched->content.has_value());

  auto latest = LatestItems(db(), 10);
  ASSERT_TRUE(latest.ok());
  ASSERT_FALSE(latest->empty());
  EXPECT_EQ(latest->front().id, item->id);

  auto page = ListItems(db(), test::DefaultQuery(ItemListSpec()));
  ASSERT_TRUE(page.ok());
  EXPECT_GE(page->total, 1);

  ASSERT_TRUE(DeleteItem(db(), item->id).ok());
  EXPECT_EQ(GetItem(db(), item->id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(DeleteItem(db(), item->id).code(), ErrorCode::kNotFound);
}

TEST_F(DashboardStoreTest, SummaryCountsOnlyTheUsersOwnData) {
  for (const char* status : {"draft", "active", "active", "archived"}) {
    tasks::TaskChanges t;
    t.title.Set("t");
    t.status.Set(status);
    t.completed.Set(std::string(status) == "archived");
    ASSERT_TRUE(tasks::CreateTask(db(), alice_, t).ok());
  }
  tasks::TaskChanges bobs;
  bobs.title.Set("bob");
  ASSERT_TRUE(tasks::CreateTask(db(), bob_, bobs).ok());

  projects::ProjectChanges pc;
  pc.title.Set("P");
  auto project = projects::CreateProject(db(), alice_, pc);
  ASSERT_TRUE(project.ok());
  time_entries::TimeEntryChanges ec;
  ec.project_id.Set(project->id);
  ec.start_time.Set("2020-01-01T00:00:00Z");  // moved into this week below
  ec.end_time.Set("2020-01-01T01:00:00Z");
  auto entry = time_entries::CreateTimeEntry(db(), alice_, ec);
  ASSERT_TRUE(entry.ok());
  db::Params shift;
  shift.Add(entry->id).Add("45 minutes");
  ASSERT_TRUE(db().Execute(kShiftEntry, shift).ok());
  auto old_entry = time_entries::CreateTimeEntry(db(), alice_, ec);  // stays in 2020
  ASSERT_TRUE(old_entry.ok());

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
  projects::ProjectChanges pc;
  pc.title.Set("Alpha");
  auto alpha = projects::CreateProject(db(), alice_, pc);
  pc.title.Set("Beta");
  auto beta = projects::CreateProject(db(), alice_, pc);
  ASSERT_TRUE(alpha.ok() && beta.ok());
  auto add = [&](const std::string& project, const char* start, const char* end) {
    time_entries::TimeEntryChanges c;
    c.project_id.Set(project);
    c.start_time.Set(start);
    c.end_time.Set(end);
    ASSERT_TRUE(time_entries::CreateTimeEntry(db(), alice_, c).ok());
  };
  add(alpha->id, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");  // 60
  add(alpha->id, "2025-03-11T09:00:00Z", "2025-03-11T09:30:00Z");  // 30
  add(beta->id, "2025-03-11T23:30:00Z", "2025-03-12T01:05:00Z");   // 95, counted on the 11th
  add(beta->id, "2025-03-20T09:00:00Z", "2025-03-20T10:00:00Z");   // outside the week

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
