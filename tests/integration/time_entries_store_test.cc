// Integration tests of time_entries::TimeEntryStore: duration, end > start, project
// ownership, owner scoping, filters on project and start time.
#include <gtest/gtest.h>

#include "api/list_params.h"
#include "http/query_string.h"
#include "integration/resource_fixtures.h"
#include "projects/project_store.h"
#include "time_entries/time_entry_store.h"

namespace keel::time_entries {
namespace {

class TimeEntryStoreTest : public test::StoreTest {
 protected:
  void SetUp() override {
    test::StoreTest::SetUp();
    project_ = MakeProject(alice_);
    other_project_ = MakeProject(alice_);
    bobs_project_ = MakeProject(bob_);
  }
  std::string MakeProject(const std::string& user) {
    projects::ProjectChanges c;
    c.title.Set("P");
    auto p = projects::CreateProject(db(), user, c);
    EXPECT_TRUE(p.ok());
    return p.ok() ? p->id : "";
  }
  StatusOr<TimeEntry> Make(const std::string& user, const std::string& project,
                           const std::string& start, const std::string& end) {
    TimeEntryChanges c;
    c.project_id.Set(project);
    c.start_time.Set(start);
    c.end_time.Set(end);
    return CreateTimeEntry(db(), user, c);
  }
  StatusOr<TimeEntryPage> List(const std::string& user, const std::string& query_string) {
    auto fields = http::ParseQueryString(query_string);
    if (!fields.ok()) return fields.status();
    KEEL_ASSIGN_OR_RETURN(db::ListQuery q, api::ParseListQuery(*fields, TimeEntryListSpec()));
    return ListTimeEntries(db(), user, q);
  }
  std::string project_, other_project_, bobs_project_;
};

TEST_F(TimeEntryStoreTest, DurationIsComputedInUtc) {
  auto e = Make(alice_, project_, "2025-03-10T09:00:00+02:00", "2025-03-10T08:30:59Z");
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->start_time, "2025-03-10T07:00:00.000Z");
  EXPECT_EQ(e->end_time, "2025-03-10T08:30:59.000Z");
  EXPECT_EQ(e->duration_minutes, 90);  // whole minutes, rounded down

  TimeEntryChanges patch;  // moving only the end recomputes the duration
  patch.end_time.Set("2025-03-10T09:00:00Z");
  auto patched = UpdateTimeEntry(db(), alice_, e->id, patch);
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->duration_minutes, 120);
}

TEST_F(TimeEntryStoreTest, EndMustFollowStart) {
  auto same = Make(alice_, project_, "2025-03-10T09:00:00Z", "2025-03-10T09:00:00Z");
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(same.status().field(), "end_time");

  auto e = Make(alice_, project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
  ASSERT_TRUE(e.ok());
  TimeEntryChanges patch;  // a PATCH of only the start, past the end
  patch.start_time.Set("2025-03-10T11:00:00Z");
  auto r = UpdateTimeEntry(db(), alice_, e->id, patch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "end_time");

  auto too_long = Make(alice_, project_, "2020-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().field(), "end_time");
}

TEST_F(TimeEntryStoreTest, ProjectMustBeTheCallers) {
  auto r = Make(alice_, bobs_project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "project_id");
  r = Make(alice_, test::kMissingId, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "project_id");
}

TEST_F(TimeEntryStoreTest, OwnerScopingAndCascade) {
  auto e = Make(alice_, project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
  ASSERT_TRUE(e.ok());
  TimeEntryChanges patch;
  patch.description.Set(std::string("hijack"));
  EXPECT_EQ(GetTimeEntry(db(), bob_, e->id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(UpdateTimeEntry(db(), bob_, e->id, patch).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(DeleteTimeEntry(db(), bob_, e->id).code(), ErrorCode::kNotFound);
  ASSERT_TRUE(GetTimeEntry(db(), alice_, e->id).ok());
  // Deleting the project deletes its entries.
  ASSERT_TRUE(projects::DeleteProject(db(), alice_, project_).ok());
  EXPECT_EQ(GetTimeEntry(db(), alice_, e->id).status().code(), ErrorCode::kNotFound);
}

TEST_F(TimeEntryStoreTest, FiltersByProjectAndStartTime) {
  ASSERT_TRUE(Make(alice_, project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z").ok());
  ASSERT_TRUE(Make(alice_, project_, "2025-03-11T09:00:00Z", "2025-03-11T09:30:00Z").ok());
  ASSERT_TRUE(Make(alice_, other_project_, "2025-03-12T09:00:00Z", "2025-03-12T09:15:00Z").ok());
  ASSERT_TRUE(Make(bob_, bobs_project_, "2025-03-11T09:00:00Z", "2025-03-11T10:00:00Z").ok());

  auto by_project = List(alice_, "project_id=" + project_);
  ASSERT_TRUE(by_project.ok());
  EXPECT_EQ(by_project->total, 2);

  auto window = List(alice_, "start_time_gte=2025-03-11&start_time_lt=2025-03-12T09:00:00Z");
  ASSERT_TRUE(window.ok());
  ASSERT_EQ(window->total, 1);
  EXPECT_EQ(window->items[0].duration_minutes, 30);

  auto sorted = List(alice_, "sort=duration_minutes");
  ASSERT_TRUE(sorted.ok());
  ASSERT_EQ(sorted->items.size(), 3u);
  EXPECT_EQ(sorted->items[0].duration_minutes, 15);
  EXPECT_EQ(sorted->items[2].duration_minutes, 60);

  auto longer = List(alice_, "duration_minutes_gt=20");
  ASSERT_TRUE(longer.ok());
  EXPECT_EQ(longer->total, 2);

  auto bobs_filter = List(alice_, "project_id=" + bobs_project_);
  ASSERT_TRUE(bobs_filter.ok());
  EXPECT_EQ(bobs_filter->total, 0);
}

}  // namespace
}  // namespace keel::time_entries
