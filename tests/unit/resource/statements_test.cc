// The SQL derived from a declaration (resource/statements.h), compared with the text the
// code builds now: the owner-scoped tasks and the shared dashboard items.
#include "resource/statements.h"

#include <gtest/gtest.h>

#include <string>

#include "dashboard/item_resource.h"
#include "tasks/task_resource.h"

namespace keel::resource {
namespace {

std::string Rfc3339(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

const std::string kTaskColumns =
    "id, user_id, project_id, title, description, status, priority, "
    "to_char(due_date, 'YYYY-MM-DD'), completed, " +
    Rfc3339("created_at") + ", " + Rfc3339("updated_at");
const std::string kItemColumns =
    "id, title, content, created_by, " + Rfc3339("created_at") + ", " + Rfc3339("updated_at");

TEST(Statements, TasksAreScopedToTheirOwner) {
  const Statements& s = StatementsOf(tasks::kTasks);
  EXPECT_EQ(s.columns, kTaskColumns);
  EXPECT_STREQ(s.insert.name, "tasks_insert");
  EXPECT_EQ(s.insert.sql,
            "INSERT INTO tasks (user_id, project_id, title, description, status, priority, "
            "due_date, completed) VALUES ($1, $2::uuid, $3::text, $4::text, $5::text, $6::text, "
            "$7::date, $8::boolean) RETURNING " +
                kTaskColumns);
  EXPECT_STREQ(s.get.name, "tasks_get");
  EXPECT_EQ(s.get.sql, "SELECT " + kTaskColumns + " FROM tasks WHERE id = $1 AND user_id = $2");
  // One CASE pair per writable column (never id, user_id or the timestamps).
  EXPECT_STREQ(s.update.name, "tasks_update");
  EXPECT_EQ(s.update.sql,
            "UPDATE tasks SET "
            "project_id = CASE WHEN $3::boolean THEN $4::uuid ELSE project_id END, "
            "title = CASE WHEN $5::boolean THEN $6::text ELSE title END, "
            "description = CASE WHEN $7::boolean THEN $8::text ELSE description END, "
            "status = CASE WHEN $9::boolean THEN $10::text ELSE status END, "
            "priority = CASE WHEN $11::boolean THEN $12::text ELSE priority END, "
            "due_date = CASE WHEN $13::boolean THEN $14::date ELSE due_date END, "
            "completed = CASE WHEN $15::boolean THEN $16::boolean ELSE completed END, "
            "updated_at = now() WHERE id = $1 AND user_id = $2 RETURNING " +
                kTaskColumns);
  EXPECT_STREQ(s.remove.name, "tasks_delete");
  EXPECT_STREQ(s.remove.sql, "DELETE FROM tasks WHERE id = $1 AND user_id = $2");
  EXPECT_EQ(s.writable, (std::vector<size_t>{2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(s.scope_params, 1);
  EXPECT_EQ(s.list_table.columns, kTaskColumns);
  EXPECT_EQ(s.list_table.from, "tasks");
  EXPECT_EQ(s.list_table.scope, "user_id = $1");
}

TEST(Statements, SharedItemsRecordTheirCreatorOnly) {
  const Statements& s = StatementsOf(dashboard::kItems);
  EXPECT_EQ(s.insert.sql,
            "INSERT INTO dashboard_items (created_by, title, content) "
            "VALUES ($1, $2::text, $3::text) RETURNING " +
                kItemColumns);
  EXPECT_EQ(s.get.sql, "SELECT " + kItemColumns + " FROM dashboard_items WHERE id = $1");
  EXPECT_EQ(s.update.sql,
            "UPDATE dashboard_items SET "
            "title = CASE WHEN $2::boolean THEN $3::text ELSE title END, "
            "content = CASE WHEN $4::boolean THEN $5::text ELSE content END, "
            "updated_at = now() WHERE id = $1 RETURNING " +
                kItemColumns);
  EXPECT_STREQ(s.remove.sql, "DELETE FROM dashboard_items WHERE id = $1");
  EXPECT_STREQ(s.remove.name, "dashboard_items_delete");
  EXPECT_EQ(s.scope_params, 0);
  EXPECT_EQ(s.list_table.scope, "TRUE");
}

TEST(Statements, ListSpecFollowsTheColumns) {
  const db::ListSpec& spec = StatementsOf(tasks::kTasks).list_spec;
  EXPECT_EQ(spec.search_column, "title");
  EXPECT_EQ(spec.default_sort, "-created_at");
  struct Want {
    const char* name;
    bool sortable, filterable, ranged;
  };
  const Want want[] = {{"project_id", false, true, false}, {"title", true, true, false},
                       {"status", false, true, false},     {"priority", true, true, false},
                       {"due_date", true, true, true},     {"completed", false, true, false},
                       {"created_at", true, false, true},  {"updated_at", true, false, true}};
  ASSERT_EQ(spec.fields.size(), std::size(want));
  for (const Want& w : want) {
    const db::ListField* f = spec.Find(w.name);
    ASSERT_NE(f, nullptr) << w.name;
    EXPECT_EQ(f->sortable, w.sortable) << w.name;
    EXPECT_EQ(f->filterable, w.filterable) << w.name;
    EXPECT_EQ(f->ranged, w.ranged) << w.name;
  }
  EXPECT_EQ(spec.Find("priority")->order_by(), "priority_rank");
  EXPECT_EQ(spec.Find("description"), nullptr);
  EXPECT_EQ(spec.Find("user_id"), nullptr);
}

TEST(Statements, BuiltOncePerResource) {
  EXPECT_EQ(&StatementsOf(tasks::kTasks), &StatementsOf(tasks::kTasks));
  EXPECT_NE(&StatementsOf(tasks::kTasks), &StatementsOf(dashboard::kItems));
}

}  // namespace
}  // namespace keel::resource
