// Integration tests of tasks::TaskStore: defaults, PUT/PATCH semantics, owner scoping,
// project ownership enforced by the schema, every list feature of seed 004.
#include <gtest/gtest.h>

#include "api/list_params.h"
#include "http/query_string.h"
#include "integration/resource_fixtures.h"
#include "projects/project_store.h"
#include "tasks/task_store.h"

namespace keel::tasks {
namespace {

class TaskStoreTest : public test::StoreTest {
 protected:
  Task Make(const std::string& user, const std::string& title, const std::string& status = "active",
            const std::string& priority = "medium", std::optional<std::string> due = std::nullopt,
            bool completed = false) {
    TaskChanges c;
    c.title.Set(title);
    c.status.Set(status);
    c.priority.Set(priority);
    c.due_date.Set(due);
    c.completed.Set(completed);
    auto t = CreateTask(db(), user, c);
    EXPECT_TRUE(t.ok()) << t.status().message();
    return t.ok() ? *t : Task{};
  }
  std::string MakeProject(const std::string& user) {
    projects::ProjectChanges c;
    c.title.Set("P");
    auto p = projects::CreateProject(db(), user, c);
    EXPECT_TRUE(p.ok());
    return p.ok() ? p->id : "";
  }
  StatusOr<TaskPage> List(const std::string& user, const std::string& query_string) {
    auto fields = http::ParseQueryString(query_string);
    if (!fields.ok()) return fields.status();
    KEEL_ASSIGN_OR_RETURN(db::ListQuery q, api::ParseListQuery(*fields, TaskListSpec()));
    return ListTasks(db(), user, q);
  }
  static std::vector<std::string> Titles(const TaskPage& page) {
    std::vector<std::string> out;
    for (const TaskView& t : page.items) out.emplace_back(t.title);
    return out;
  }
};

TEST_F(TaskStoreTest, CreateAppliesDefaults) {
  TaskChanges c;
  c.title.Set("Write docs");
  auto t = CreateTask(db(), alice_, c);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->status, "active");
  EXPECT_EQ(t->priority, "medium");
  EXPECT_FALSE(t->completed);
  EXPECT_FALSE(t->due_date.has_value());
  EXPECT_FALSE(t->project_id.has_value());
  EXPECT_FALSE(t->description.has_value());
}

TEST_F(TaskStoreTest, PatchChangesOnlySetFieldsAndPutReplacesAll) {
  Task t = Make(alice_, "Plan", "draft", "high", "2026-03-01", false);
  TaskChanges patch;
  patch.completed.Set(true);
  auto patched = UpdateTask(db(), alice_, t.id, patch);
  ASSERT_TRUE(patched.ok());
  EXPECT_TRUE(patched->completed);
  EXPECT_EQ(patched->status, "draft");
  EXPECT_EQ(patched->priority, "high");
  EXPECT_EQ(patched->due_date.value_or(""), "2026-03-01");

  TaskChanges put;  // what a PUT with only a title becomes
  put.title.Set("Plan v2");
  put.description.Set(std::nullopt);
  put.status.Set("active");
  put.priority.Set("medium");
  put.due_date.Set(std::nullopt);
  put.completed.Set(false);
  put.project_id.Set(std::nullopt);
  auto replaced = UpdateTask(db(), alice_, t.id, put);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(replaced->title, "Plan v2");
  EXPECT_FALSE(replaced->due_date.has_value());
  EXPECT_FALSE(replaced->completed);
  EXPECT_EQ(replaced->priority, "medium");
}

TEST_F(TaskStoreTest, OwnerScoping) {
  Task t = Make(alice_, "Private");
  TaskChanges patch;
  patch.title.Set("mine now");
  EXPECT_EQ(GetTask(db(), bob_, t.id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(UpdateTask(db(), bob_, t.id, patch).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(DeleteTask(db(), bob_, t.id).code(), ErrorCode::kNotFound);
  auto page = List(bob_, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 0);
  ASSERT_TRUE(GetTask(db(), alice_, t.id).ok());
  EXPECT_EQ(GetTask(db(), alice_, t.id)->title, "Private");
  ASSERT_TRUE(DeleteTask(db(), alice_, t.id).ok());
}

TEST_F(TaskStoreTest, ProjectMustBeTheOwners) {
  std::string bobs = MakeProject(bob_);
  std::string mine = MakeProject(alice_);
  TaskChanges c;
  c.title.Set("x");
  c.project_id.Set(bobs);
  auto r = CreateTask(db(), alice_, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), "project_id");
  c.project_id.Set(std::string(test::kMissingId));
  r = CreateTask(db(), alice_, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "project_id");  // same answer: existence not revealed

  c.project_id.Set(mine);
  auto ok = CreateTask(db(), alice_, c);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->project_id.value_or(""), mine);
  // Moving it to Bob's project by PATCH is refused the same way.
  TaskChanges move;
  move.project_id.Set(bobs);
  EXPECT_EQ(UpdateTask(db(), alice_, ok->id, move).status().field(), "project_id");
  // Deleting the project keeps the task, without a project.
  ASSERT_TRUE(projects::DeleteProject(db(), alice_, mine).ok());
  auto kept = GetTask(db(), alice_, ok->id);
  ASSERT_TRUE(kept.ok());
  EXPECT_FALSE(kept->project_id.has_value());
}

TEST_F(TaskStoreTest, FiltersSortsAndTotals) {
  Make(alice_, "a1", "active", "low", "2025-01-01");
  Make(alice_, "a2", "active", "high", "2025-02-01", true);
  Make(alice_, "a3", "active", "medium", "2025-03-01");
  Make(alice_, "d1", "draft", "high", std::nullopt);
  Make(alice_, "x1", "archived", "low", "2024-12-31");
  Make(bob_, "b1", "active", "high", "2025-06-01");

  auto seed004 = List(alice_, "status=active&due_date_gt=2025-01-01");
  ASSERT_TRUE(seed004.ok()) << seed004.status().message();
  EXPECT_EQ(seed004->total, 2);
  EXPECT_EQ(Titles(*seed004), (std::vector<std::string>{"a3", "a2"}));

  auto by_due = List(alice_, "sort=due_date&due_date_gte=2025-01-01&due_date_lte=2025-03-01");
  ASSERT_TRUE(by_due.ok());
  EXPECT_EQ(Titles(*by_due), (std::vector<std::string>{"a1", "a2", "a3"}));

  auto by_priority = List(alice_, "sort=-priority,title");
  ASSERT_TRUE(by_priority.ok());
  EXPECT_EQ(Titles(*by_priority), (std::vector<std::string>{"a2", "d1", "a3", "a1", "x1"}));

  auto completed = List(alice_, "completed=true");
  ASSERT_TRUE(completed.ok());
  EXPECT_EQ(Titles(*completed), (std::vector<std::string>{"a2"}));

  auto high = List(alice_, "priority=high&sort=title");
  ASSERT_TRUE(high.ok());
  EXPECT_EQ(Titles(*high), (std::vector<std::string>{"a2", "d1"}));

  auto paged = List(alice_, "sort=title&limit=2&page=2");
  ASSERT_TRUE(paged.ok());
  EXPECT_EQ(paged->total, 5);
  EXPECT_EQ(Titles(*paged), (std::vector<std::string>{"a3", "d1"}));

  auto filtered_past_end = List(alice_, "status=active&limit=2&page=5");
  ASSERT_TRUE(filtered_past_end.ok());
  EXPECT_TRUE(filtered_past_end->items.empty());
  EXPECT_EQ(filtered_past_end->total, 3);

  auto search = List(alice_, "q=A");
  ASSERT_TRUE(search.ok());
  EXPECT_EQ(search->total, 3);
}

TEST_F(TaskStoreTest, FiftyEachListsExactlyFifty) {  // RELIABILITY 45
  for (int i = 0; i < 50; ++i) {
    Make(alice_, "alice " + std::to_string(i));
    Make(bob_, "bob " + std::to_string(i));
  }
  for (const std::string& user : {alice_, bob_}) {
    auto page = List(user, "limit=100");
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 50);
    EXPECT_EQ(page->items.size(), 50u);
    for (const TaskView& t : page->items) EXPECT_EQ(t.user_id, user);
  }
}

}  // namespace
}  // namespace keel::tasks
