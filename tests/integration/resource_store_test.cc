// Integration tests of the generic store (resource/store.h), one table of cases run
// against every declaration: create defaults, PATCH changes only what it sets, a PUT
// (through the body reader) clears what it leaves out, constraints become field errors,
// owner scoping, list scoping and stable pages. What is particular to one resource is in
// tasks_store_test.cc, time_entries_store_test.cc and dashboard_store_test.cc.
#include <gtest/gtest.h>

#include <algorithm>

#include "api/resource_body.h"
#include "dashboard/item_resource.h"
#include "integration/resource_fixtures.h"
#include "tasks/task_resource.h"
#include "time_entries/time_entry_resource.h"

namespace keel::resource {
namespace {

using test::Row;
using test::Values;

constexpr char kProject[] = "{project}";  // in a case's values: a project of the writer

struct Invalid {
  Values values;      // over the case's required values
  const char* field;  // the VALIDATION_ERROR's field
};

struct Case {
  const char* name;
  const Resource* resource;
  Values required;  // a create with only these succeeds
  Row defaults;     // what it then stores in every other writable column
  Values full;      // a value for every other writable column
  Values patch;     // one field a PATCH changes
  std::vector<Invalid> invalid;
};

const std::string kTooLong(20001, 'a');

const Case kCases[] = {
    {"tasks",
     &tasks::kTasks,
     {{"title", "Plan"}},
     {{"project_id", std::nullopt},
      {"description", std::nullopt},
      {"status", "active"},
      {"priority", "medium"},
      {"due_date", std::nullopt},
      {"completed", "f"}},
     {{"project_id", kProject},
      {"description", "Line 1\n  line 2 "},
      {"status", "draft"},
      {"priority", "high"},
      {"due_date", "2026-03-01"},
      {"completed", "t"}},
     {{"status", "archived"}},
     {{{{"title", "   "}}, "title"},
      {{{"description", kTooLong}}, "description"},
      {{{"status", "done"}}, "status"},
      {{{"priority", "urgent"}}, "priority"},
      {{{"project_id", test::kMissingId}}, "project_id"}}},
    {"projects",
     &projects::kProjects,
     {{"title", "Website"}},
     {{"description", std::nullopt}},
     {{"description", "Redesign"}},
     {{"title", "Website v2"}},
     {{{{"title", " "}}, "title"}, {{{"description", kTooLong}}, "description"}}},
    {"time_entries",
     &time_entries::kTimeEntries,
     {{"project_id", kProject},
      {"start_time", "2025-03-10T09:00:00Z"},
      {"end_time", "2025-03-10T10:00:00Z"}},
     {{"description", std::nullopt}},
     {{"description", "Standup"}},
     {{"description", "Review"}},
     {{{{"end_time", "2025-03-10T09:00:00Z"}}, "end_time"},
      {{{"description", kTooLong}}, "description"},
      {{{"project_id", test::kMissingId}}, "project_id"}}},
    {"dashboard_items",
     &dashboard::kItems,
     {{"title", "Welcome"}},
     {{"content", std::nullopt}},
     {{"content", "Hello"}},
     {{"content", std::nullopt}},
     {{{{"title", ""}}, "title"}, {{{"content", kTooLong}}, "content"}}},
};

class ResourceStoreTest : public test::ResourceTest, public ::testing::WithParamInterface<Case> {
 protected:
  const Resource& R() const { return *GetParam().resource; }
  // `values` with kProject replaced by a project of `owner`.
  Values Resolve(Values values, const std::string& owner) {
    for (auto& [name, value] : values) {
      if (value != kProject) continue;
      std::string& project = project_for_[owner];
      if (project.empty()) project = MakeProject(owner);
      value = project;
    }
    return values;
  }
  Values Required(const std::string& owner, const Values& more = {}) {
    Values v = GetParam().required;
    for (const auto& [name, value] : more) {
      auto same = [&](const auto& p) { return p.first == name; };
      std::erase_if(v, same);
      v.emplace_back(name, value);
    }
    return Resolve(std::move(v), owner);
  }
  StatusOr<Row> MakeRow(const std::string& owner, const Values& more = {}) {
    return Create(R(), owner, Required(owner, more));
  }
  std::map<std::string, std::string> project_for_;
};

std::string CaseName(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }

TEST_P(ResourceStoreTest, CreateStoresTheDefaultsAndTheOwner) {
  auto row = MakeRow(alice_);
  ASSERT_TRUE(row.ok()) << row.status().message();
  for (const Column& c : R().columns) {
    if (!c.writable) continue;
    const bool required =
        std::ranges::any_of(GetParam().required, [&](const auto& p) { return p.first == c.name; });
    if (required) continue;
    ASSERT_TRUE(GetParam().defaults.contains(c.name)) << "no default listed for " << c.name;
    EXPECT_EQ(row->at(std::string(c.name)), GetParam().defaults.at(std::string(c.name))) << c.name;
  }
  EXPECT_EQ(row->at(std::string(R().owner_column)), alice_);
  EXPECT_EQ(row->at("id").value_or("").size(), 36u);
  const std::string created = row->at("created_at").value_or("");
  EXPECT_EQ(created.size(), 24u) << created;  // 2026-01-31T09:00:00.000Z
  EXPECT_TRUE(created.ends_with('Z'));
  EXPECT_EQ(row->at("updated_at"), created);
}

TEST_P(ResourceStoreTest, CreateWithoutARequiredFieldIsRefused) {
  auto r = Create(R(), alice_, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().field(), GetParam().required.front().first);
}

TEST_P(ResourceStoreTest, PatchChangesOnlyWhatItSets) {
  const Values full = Resolve(GetParam().full, alice_);
  auto before = MakeRow(alice_, full);
  ASSERT_TRUE(before.ok()) << before.status().message();
  for (const auto& [name, value] : full) EXPECT_EQ(before->at(std::string(name)), value) << name;
  auto after = Update(R(), alice_, *before->at("id"), GetParam().patch);
  ASSERT_TRUE(after.ok()) << after.status().message();
  for (const auto& [name, value] : *after) {
    if (name == "updated_at") continue;
    bool patched = GetParam().patch.front().first == name;
    EXPECT_EQ(value, patched ? GetParam().patch.front().second : before->at(name)) << name;
  }
  auto got = Get(R(), alice_, *before->at("id"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *after);
}

TEST_P(ResourceStoreTest, PutOfTheRequiredFieldsClearsTheRest) {
  auto before = MakeRow(alice_, Resolve(GetParam().full, alice_));
  ASSERT_TRUE(before.ok()) << before.status().message();
  http::Fields body;  // a PUT with only the required fields, through the body reader
  for (const auto& [name, value] : Required(alice_)) {
    body.Add(std::string(name),
             http::FieldValue{.kind = http::FieldValue::Kind::kString, .text = *value});
  }
  api::FieldReader reader(body);
  Changes put = api::ReadChanges(reader, R(), api::WriteMode::kReplace);
  ASSERT_TRUE(reader.Finish().ok());
  auto after = test::RowOf(R(), resource::Update(db(), R(), alice_, *before->at("id"), put));
  ASSERT_TRUE(after.ok()) << after.status().message();
  for (const auto& [name, value] : GetParam().defaults) EXPECT_EQ(after->at(name), value) << name;
}

TEST_P(ResourceStoreTest, ViolatedConstraintsAreFieldErrors) {
  auto row = MakeRow(alice_);
  ASSERT_TRUE(row.ok()) << row.status().message();
  for (const Invalid& bad : GetParam().invalid) {
    SCOPED_TRACE(bad.field);
    auto created = MakeRow(alice_, bad.values);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.status().code(), ErrorCode::kValidation);
    EXPECT_EQ(created.status().field(), bad.field);
    auto updated = Update(R(), alice_, *row->at("id"), Resolve(bad.values, alice_));
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.status().field(), bad.field);
  }
  auto unchanged = Get(R(), alice_, *row->at("id"));
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(*unchanged, *row);
}

TEST_P(ResourceStoreTest, DeleteThenNotFound) {
  auto row = MakeRow(alice_);
  ASSERT_TRUE(row.ok());
  const std::string id = *row->at("id");
  ASSERT_TRUE(Delete(db(), R(), alice_, id).ok());
  EXPECT_EQ(Get(R(), alice_, id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Update(R(), alice_, id, GetParam().patch).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Delete(db(), R(), alice_, id).code(), ErrorCode::kNotFound);
  EXPECT_EQ(Get(R(), alice_, test::kMissingId).status().code(), ErrorCode::kNotFound);
}

TEST_P(ResourceStoreTest, WorksWithoutPreparedStatements) {
  auto unprepared = test::ConnectTestDb(/*prepared=*/false);
  ASSERT_TRUE(unprepared->connected());
  auto row = MakeRow(alice_);
  ASSERT_TRUE(row.ok());
  for (int i = 0; i < 2; ++i) {  // twice: nothing may depend on a prepared name
    auto got = resource::Get(*unprepared, R(), alice_, *row->at("id"));
    ASSERT_TRUE(got.ok()) << got.status().message();
    auto page = List(R(), alice_, "sort=-created_at&limit=1", unprepared.get());
    ASSERT_TRUE(page.ok()) << page.status().message();
    EXPECT_GE(page->total, 1);
  }
}

INSTANTIATE_TEST_SUITE_P(All, ResourceStoreTest, ::testing::ValuesIn(kCases), CaseName);

// The owner-scoped resources: another owner's row is NOT_FOUND like a missing one, and
// lists hold the caller's rows only.
class OwnedResourceStoreTest : public ResourceStoreTest {};

TEST_P(OwnedResourceStoreTest, AnotherOwnersRowIsNotFound) {
  ASSERT_TRUE(R().owner_scoped);
  auto row = MakeRow(alice_);
  ASSERT_TRUE(row.ok());
  const std::string id = *row->at("id");
  EXPECT_EQ(Get(R(), bob_, id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Update(R(), bob_, id, GetParam().patch).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Delete(db(), R(), bob_, id).code(), ErrorCode::kNotFound);
  auto intact = Get(R(), alice_, id);
  ASSERT_TRUE(intact.ok());
  EXPECT_EQ(*intact, *row);
}

TEST_P(OwnedResourceStoreTest, FiftyEachListsExactlyFifty) {  // RELIABILITY 45
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(MakeRow(alice_).ok());
    ASSERT_TRUE(MakeRow(bob_).ok());
  }
  for (const std::string& user : {alice_, bob_}) {
    auto page = List(R(), user, "limit=100");
    ASSERT_TRUE(page.ok()) << page.status().message();
    EXPECT_EQ(page->total, 50);
    EXPECT_EQ(page->Column("user_id"), std::vector<std::string>(50, user));
  }
}

TEST_P(OwnedResourceStoreTest, PagesAreStableWhenTimestampsTie) {
  // Same created_at for every row: id breaks the tie, so pages never overlap or skip.
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(MakeRow(alice_).ok());
  db::Params p;
  p.Add(alice_);
  ASSERT_TRUE(db().ExecuteDynamic("UPDATE " + std::string(R().table) +
                                      " SET created_at = '2025-01-01T00:00:00Z' WHERE user_id = $1",
                                  p)
                  .ok());
  std::vector<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    auto r = List(R(), alice_, "limit=2&page=" + std::to_string(page));
    ASSERT_TRUE(r.ok());
    for (const std::string& id : r->Column("id")) seen.push_back(id);
  }
  std::ranges::sort(seen);
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_EQ(seen.size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(Owned, OwnedResourceStoreTest,
                         ::testing::Values(kCases[0], kCases[1], kCases[2]), CaseName);

// List features on projects (the machinery is shared; tasks_store_test.cc has the rest).
class ProjectListTest : public test::ResourceTest {};

TEST_F(ProjectListTest, ScopedSortedSearchedAndPaginated) {
  const Resource& r = projects::kProjects;
  for (int i = 0; i < 7; ++i) MakeProject(alice_, "Alpha " + std::to_string(i));
  for (int i = 0; i < 3; ++i) MakeProject(alice_, "Beta 50%_" + std::to_string(i));
  for (int i = 0; i < 4; ++i) MakeProject(bob_, "Alpha bob " + std::to_string(i));

  auto all = List(r, alice_, "");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 10);
  EXPECT_EQ(all->Column("title").front(), "Beta 50%_2");  // newest first by default

  auto page2 = List(r, alice_, "sort=title&limit=4&page=2");
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->total, 10);
  EXPECT_EQ(page2->Column("title"),
            (std::vector<std::string>{"Alpha 4", "Alpha 5", "Alpha 6", "Beta 50%_0"}));

  // q: case-insensitive, % and _ are literal.
  auto searched = List(r, alice_, "q=50%25_&limit=2");
  ASSERT_TRUE(searched.ok());
  EXPECT_EQ(searched->total, 3);
  EXPECT_EQ(searched->rows.size(), 2u);
  EXPECT_EQ(List(r, alice_, "q=%25%25x")->total, 0);
  EXPECT_EQ(List(r, alice_, "q=ALPHA")->total, 7);

  // A page past the end still reports the total.
  auto past = List(r, alice_, "limit=5&page=9");
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->rows.empty());
  EXPECT_EQ(past->total, 10);
}

}  // namespace
}  // namespace keel::resource
