// Integration tests of what is particular to time entries (time_entries/
// time_entry_resource.h): the derived duration, the end after the start and at most 366
// days later, times PostgreSQL cannot hold (the 22xxx hook), the owner's project and its
// cascade, and the list filters on project, times and duration. The cases every resource
// shares are in resource_store_test.cc.
#include <gtest/gtest.h>

#include "integration/resource_fixtures.h"
#include "time_entries/time_entry_resource.h"

namespace keel::time_entries {
namespace {

class TimeEntryStoreTest : public test::ResourceTest {
 protected:
  void SetUp() override {
    test::ResourceTest::SetUp();
    project_ = MakeProject(alice_);
    other_project_ = MakeProject(alice_);
    bobs_project_ = MakeProject(bob_);
  }
  StatusOr<test::Row> Make(const std::string& user, const std::string& project,
                           const std::string& start, const std::string& end) {
    return Create(kTimeEntries, user,
                  {{"project_id", project}, {"start_time", start}, {"end_time", end}});
  }
  std::string project_, other_project_, bobs_project_;
};

TEST_F(TimeEntryStoreTest, DurationIsComputedInUtc) {
  auto e = Make(alice_, project_, "2025-03-10T09:00:00+02:00", "2025-03-10T08:30:59Z");
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->at("start_time"), "2025-03-10T07:00:00.000Z");
  EXPECT_EQ(e->at("end_time"), "2025-03-10T08:30:59.000Z");
  EXPECT_EQ(e->at("duration_minutes"), "90");  // whole minutes, rounded down

  // Moving only the end recomputes the duration.
  auto patched = Update(kTimeEntries, alice_, *e->at("id"), {{"end_time", "2025-03-10T09:00:00Z"}});
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->at("duration_minutes"), "120");
}

TEST_F(TimeEntryStoreTest, EndMustFollowStartWithin366Days) {
  auto e = Make(alice_, project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
  ASSERT_TRUE(e.ok());
  // A PATCH of only the start, past the end.
  auto r = Update(kTimeEntries, alice_, *e->at("id"), {{"start_time", "2025-03-10T11:00:00Z"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "end_time");

  auto too_long = Make(alice_, project_, "2020-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().field(), "end_time");
  EXPECT_EQ(too_long.status().message(), "end_time must be at most 366 days after start_time");
  EXPECT_TRUE(Make(alice_, project_, "2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z").ok());
}

TEST_F(TimeEntryStoreTest, TimesPostgresCannotHoldAreAnEndTimeError) {
  auto r = Make(alice_, project_, "2025-03-10T09:00:00Z", "300000-01-01T00:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "end_time");
  EXPECT_EQ(r.status().message(), "start_time and end_time must be a valid range");
}

TEST_F(TimeEntryStoreTest, ProjectMustBeTheCallersAndDeletingItDeletesItsEntries) {
  auto r = Make(alice_, bobs_project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "project_id");

  auto e = Make(alice_, project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE(resource::Delete(db(), projects::kProjects, alice_, project_).ok());
  EXPECT_EQ(Get(kTimeEntries, alice_, *e->at("id")).status().code(), ErrorCode::kNotFound);
}

TEST_F(TimeEntryStoreTest, FiltersByProjectTimesAndDuration) {
  ASSERT_TRUE(Make(alice_, project_, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z").ok());
  ASSERT_TRUE(Make(alice_, project_, "2025-03-11T09:00:00Z", "2025-03-11T09:30:00Z").ok());
  ASSERT_TRUE(Make(alice_, other_project_, "2025-03-12T09:00:00Z", "2025-03-12T09:15:00Z").ok());
  ASSERT_TRUE(Make(bob_, bobs_project_, "2025-03-11T09:00:00Z", "2025-03-11T10:00:00Z").ok());
  auto durations = [&](const std::string& query) {
    auto page = List(kTimeEntries, alice_, query);
    EXPECT_TRUE(page.ok()) << query << ": " << page.status().message();
    return page.ok() ? page->Column("duration_minutes") : std::vector<std::string>{"error"};
  };
  using Want = std::vector<std::string>;
  EXPECT_EQ(durations("project_id=" + project_ + "&sort=start_time"), (Want{"60", "30"}));
  EXPECT_EQ(durations("start_time_gte=2025-03-11&start_time_lt=2025-03-12T09:00:00Z"),
            (Want{"30"}));
  EXPECT_EQ(durations("sort=duration_minutes"), (Want{"15", "30", "60"}));
  EXPECT_EQ(durations("duration_minutes_gt=20&sort=-duration_minutes"), (Want{"60", "30"}));
  EXPECT_EQ(durations("duration_minutes=15"), (Want{"15"}));
  EXPECT_TRUE(durations("project_id=" + bobs_project_).empty());
}

}  // namespace
}  // namespace keel::time_entries
