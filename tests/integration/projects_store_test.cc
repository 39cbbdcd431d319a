// Integration tests of projects::ProjectStore against PostgreSQL: CRUD, owner scoping,
// list search/sort/pagination and totals.
#include <gtest/gtest.h>

#include <algorithm>

#include "api/list_params.h"
#include "http/query_string.h"
#include "integration/resource_fixtures.h"
#include "projects/project_store.h"

namespace keel::projects {
namespace {

using test::DefaultQuery;
using test::kMissingId;

constexpr db::Statement kSameCreatedAt{
    "test_projects_same_created_at",
    "UPDATE projects SET created_at = '2025-01-01T00:00:00Z' WHERE user_id = $1"};

class ProjectStoreTest : public test::StoreTest {
 protected:
  Project Make(const std::string& user, const std::string& title) {
    ProjectChanges c;
    c.title.Set(title);
    auto p = CreateProject(db(), user, c);
    EXPECT_TRUE(p.ok()) << p.status().message();
    return p.ok() ? *p : Project{};
  }
  db::ListQuery Parse(const std::string& query_string) {
    auto fields = http::ParseQueryString(query_string);
    EXPECT_TRUE(fields.ok());
    auto q = api::ParseListQuery(*fields, ProjectListSpec());
    EXPECT_TRUE(q.ok()) << q.status().message();
    return q.ok() ? *q : db::ListQuery{};
  }
};

TEST_F(ProjectStoreTest, CreateGetUpdateDelete) {
  ProjectChanges c;
  c.title.Set("Website");
  c.description.Set(std::string("Redesign"));
  auto created = CreateProject(db(), alice_, c);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(created->title, "Website");
  EXPECT_EQ(created->description.value_or(""), "Redesign");
  EXPECT_EQ(created->user_id, alice_);
  EXPECT_EQ(created->created_at.size(), 24u);  // 2026-01-31T09:00:00.000Z
  EXPECT_EQ(created->created_at.back(), 'Z');

  auto got = GetProject(db(), alice_, created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "Website");

  // PATCH-like: only the title changes.
  ProjectChanges patch;
  patch.title.Set("Website v2");
  auto patched = UpdateProject(db(), alice_, created->id, patch);
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->title, "Website v2");
  EXPECT_EQ(patched->description.value_or(""), "Redesign");

  // PUT-like: every field set; an absent description becomes null.
  ProjectChanges put;
  put.title.Set("Website v3");
  put.description.Set(std::nullopt);
  auto replaced = UpdateProject(db(), alice_, created->id, put);
  ASSERT_TRUE(replaced.ok());
  EXPECT_FALSE(replaced->description.has_value());

  ASSERT_TRUE(DeleteProject(db(), alice_, created->id).ok());
  EXPECT_EQ(GetProject(db(), alice_, created->id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(DeleteProject(db(), alice_, created->id).code(), ErrorCode::kNotFound);
}

TEST_F(ProjectStoreTest, AnotherUsersProjectIsNotFound) {
  Project mine = Make(alice_, "Alice's");
  ProjectChanges patch;
  patch.title.Set("stolen");
  EXPECT_EQ(GetProject(db(), bob_, mine.id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(UpdateProject(db(), bob_, mine.id, patch).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(DeleteProject(db(), bob_, mine.id).code(), ErrorCode::kNotFound);
  EXPECT_EQ(GetProject(db(), alice_, kMissingId).status().code(), ErrorCode::kNotFound);
  // Still intact for its owner.
  auto still = GetProject(db(), alice_, mine.id);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->title, "Alice's");
}

TEST_F(ProjectStoreTest, BlankTitleIsRefusedByTheSchema) {
  ProjectChanges c;
  c.title.Set("   ");
  auto r = CreateProject(db(), alice_, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "title");
}

TEST_F(ProjectStoreTest, ListIsScopedSortedSearchedAndPaginated) {
  for (int i = 0; i < 7; ++i) Make(alice_, "Alpha " + std::to_string(i));
  for (int i = 0; i < 3; ++i) Make(alice_, "Beta 50%_" + std::to_string(i));
  for (int i = 0; i < 4; ++i) Make(bob_, "Alpha bob " + std::to_string(i));

  auto all = ListProjects(db(), alice_, DefaultQuery(ProjectListSpec()));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 10);
  ASSERT_EQ(all->items.size(), 10u);
  for (const Project& p : all->items) EXPECT_EQ(p.user_id, alice_);
  // Newest first by default.
  EXPECT_EQ(all->items.front().title, "Beta 50%_2");

  auto page2 = ListProjects(db(), alice_, Parse("sort=title&limit=4&page=2"));
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->total, 10);
  ASSERT_EQ(page2->items.size(), 4u);
  EXPECT_EQ(page2->items[0].title, "Alpha 4");
  EXPECT_EQ(page2->items[3].title, "Beta 50%_0");

  // q: case-insensitive, % and _ are literal.
  auto searched = ListProjects(db(), alice_, Parse("q=50%25_&limit=2"));
  ASSERT_TRUE(searched.ok());
  EXPECT_EQ(searched->total, 3);
  EXPECT_EQ(searched->items.size(), 2u);
  auto none = ListProjects(db(), alice_, Parse("q=%25%25x"));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->total, 0);
  auto upper = ListProjects(db(), alice_, Parse("q=ALPHA"));
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(upper->total, 7);

  // A page past the end still reports the total.
  auto past = ListProjects(db(), alice_, Parse("limit=5&page=9"));
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->items.empty());
  EXPECT_EQ(past->total, 10);
}

TEST_F(ProjectStoreTest, PagesAreStableWhenTimestampsTie) {
  // Same created_at for every row: id breaks the tie, so pages never overlap or skip.
  for (int i = 0; i < 6; ++i) Make(alice_, "Tie");
  db::Params p;
  p.Add(alice_);
  ASSERT_TRUE(db().Execute(kSameCreatedAt, p).ok());
  std::vector<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    auto r = ListProjects(db(), alice_, DefaultQuery(ProjectListSpec(), page, 2));
    ASSERT_TRUE(r.ok());
    for (const Project& p : r->items) seen.push_back(p.id);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_EQ(seen.size(), 6u);
}

TEST_F(ProjectStoreTest, WorksWithoutPreparedStatements) {
  auto unprepared = test::ConnectTestDb(/*prepared=*/false);
  ASSERT_TRUE(unprepared->connected());
  Make(alice_, "Unprepared");
  for (int i = 0; i < 2; ++i) {  // twice: nothing may depend on a prepared name
    auto r = ListProjects(*unprepared, alice_, Parse("q=unprep&sort=-title"));
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->total, 1);
  }
}

}  // namespace
}  // namespace keel::projects
