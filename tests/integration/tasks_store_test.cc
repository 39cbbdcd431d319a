// Integration tests of what is particular to tasks (tasks/task_resource.h): the project
// must be the owner's, and every list feature of seed 004 (filters, ranges, the priority
// rank, q). The cases every resource shares are in resource_store_test.cc.
#include <gtest/gtest.h>

#include "integration/resource_fixtures.h"
#include "tasks/task_resource.h"

namespace keel::tasks {
namespace {

using test::Values;

class TaskStoreTest : public test::ResourceTest {
 protected:
  void Make(const std::string& user, const std::string& title, const std::string& status,
            const std::string& priority, std::optional<std::string> due, bool completed = false) {
    auto t = Create(kTasks, user,
                    {{"title", title},
                     {"status", status},
                     {"priority", priority},
                     {"due_date", due},
                     {"completed", completed ? "true" : "false"}});
    EXPECT_TRUE(t.ok()) << t.status().message();
  }
  std::vector<std::string> Titles(const std::string& user, const std::string& query) {
    auto page = List(kTasks, user, query);
    EXPECT_TRUE(page.ok()) << query << ": " << page.status().message();
    return page.ok() ? page->Column("title") : std::vector<std::string>{"error"};
  }
};

TEST_F(TaskStoreTest, ProjectMustBeTheOwners) {
  const std::string bobs = MakeProject(bob_);
  const std::string mine = MakeProject(alice_);
  auto r = Create(kTasks, alice_, {{"title", "x"}, {"project_id", bobs}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "project_id");  // as for a missing one: existence not revealed

  auto ok = Create(kTasks, alice_, {{"title", "x"}, {"project_id", mine}});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->at("project_id"), mine);
  const std::string id = *ok->at("id");
  // Moving it to Bob's project by PATCH is refused the same way.
  EXPECT_EQ(Update(kTasks, alice_, id, {{"project_id", bobs}}).status().field(), "project_id");
  // Deleting the project keeps the task, without a project.
  ASSERT_TRUE(resource::Delete(db(), projects::kProjects, alice_, mine).ok());
  auto kept = Get(kTasks, alice_, id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->at("project_id"), std::nullopt);
}

TEST_F(TaskStoreTest, FiltersSortsAndTotals) {
  Make(alice_, "a1", "active", "low", "2025-01-01");
  Make(alice_, "a2", "active", "high", "2025-02-01", true);
  Make(alice_, "a3", "active", "medium", "2025-03-01");
  Make(alice_, "d1", "draft", "high", std::nullopt);
  Make(alice_, "x1", "archived", "low", "2024-12-31");
  Make(bob_, "b1", "active", "high", "2025-06-01");
  using Want = std::vector<std::string>;

  auto seed004 = List(kTasks, alice_, "status=active&due_date_gt=2025-01-01");
  ASSERT_TRUE(seed004.ok()) << seed004.status().message();
  EXPECT_EQ(seed004->total, 2);
  EXPECT_EQ(seed004->Column("title"), (Want{"a3", "a2"}));
  EXPECT_EQ(Titles(alice_, "sort=due_date&due_date_gte=2025-01-01&due_date_lte=2025-03-01"),
            (Want{"a1", "a2", "a3"}));
  // Priority sorts by its rank (low < medium < high), not by its text.
  EXPECT_EQ(Titles(alice_, "sort=-priority,title"), (Want{"a2", "d1", "a3", "a1", "x1"}));
  EXPECT_EQ(Titles(alice_, "sort=priority,-title"), (Want{"x1", "a1", "a3", "d1", "a2"}));
  EXPECT_EQ(Titles(alice_, "completed=true"), (Want{"a2"}));
  EXPECT_EQ(Titles(alice_, "priority=high&sort=title"), (Want{"a2", "d1"}));
  EXPECT_EQ(Titles(alice_, "title=a3"), (Want{"a3"}));

  auto paged = List(kTasks, alice_, "sort=title&limit=2&page=2");
  ASSERT_TRUE(paged.ok());
  EXPECT_EQ(paged->total, 5);
  EXPECT_EQ(paged->Column("title"), (Want{"a3", "d1"}));

  auto filtered_past_end = List(kTasks, alice_, "status=active&limit=2&page=5");
  ASSERT_TRUE(filtered_past_end.ok());
  EXPECT_TRUE(filtered_past_end->rows.empty());
  EXPECT_EQ(filtered_past_end->total, 3);

  auto search = List(kTasks, alice_, "q=A");
  ASSERT_TRUE(search.ok());
  EXPECT_EQ(search->total, 3);
}

TEST_F(TaskStoreTest, FilterByProject) {
  const std::string project = MakeProject(alice_);
  ASSERT_TRUE(Create(kTasks, alice_, {{"title", "in"}, {"project_id", project}}).ok());
  ASSERT_TRUE(Create(kTasks, alice_, {{"title", "out"}}).ok());
  EXPECT_EQ(Titles(alice_, "project_id=" + project), (std::vector<std::string>{"in"}));
  EXPECT_TRUE(Titles(bob_, "project_id=" + project).empty());
}

}  // namespace
}  // namespace keel::tasks
