// The body reader of declared resources (api/resource_body.h) on tasks: what a create,
// a PUT and a PATCH set, and every refusal reported at once. JSON and form values alike.
#include "api/resource_body.h"

#include <gtest/gtest.h>

#include "dashboard/item_resource.h"
#include "tasks/task_resource.h"

namespace keel::api {
namespace {

using Kind = http::FieldValue::Kind;

http::FieldValue Str(std::string s) { return {.kind = Kind::kString, .text = std::move(s)}; }
http::FieldValue Bool(bool b) { return {.kind = Kind::kBool, .boolean = b, .text = {}}; }
http::FieldValue Null() { return {}; }

// "name=value name=null ..." for the columns the changes set (in declaration order), or
// "error f1,f2" with the fields of every problem.
std::string Describe(const resource::Resource& r, WriteMode mode,
                     std::vector<std::pair<std::string, http::FieldValue>> body,
                     bool form = false) {
  http::Fields fields;
  fields.set_from_form(form);
  for (auto& [name, value] : body) fields.Add(name, std::move(value));
  FieldReader reader(fields);
  resource::Changes changes = ReadChanges(reader, r, mode);
  Status s = reader.Finish();
  std::string out;
  if (!s.ok()) {
    out = "error ";
    for (size_t i = 0; i < s.details().size(); ++i) out += (i ? "," : "") + s.details()[i].field;
    return out;
  }
  for (size_t i = 0; i < r.columns.size(); ++i) {
    if (!changes[i].set) continue;
    out += (out.empty() ? "" : " ") + std::string(r.columns[i].name) + "=" +
           changes[i].value.value_or("null");
  }
  return out;
}

std::string Task(WriteMode mode, std::vector<std::pair<std::string, http::FieldValue>> body,
                 bool form = false) {
  return Describe(tasks::kTasks, mode, std::move(body), form);
}

constexpr char kDefaults[] =
    "project_id=null title=Plan description=null status=active priority=medium due_date=null "
    "completed=false";

TEST(ResourceBody, CreateAndPutSetEveryWritableColumn) {
  for (WriteMode mode : {WriteMode::kCreate, WriteMode::kReplace}) {
    EXPECT_EQ(Task(mode, {{"title", Str("  Plan ")}}), kDefaults);
    // Null stores the default for a column that cannot be null; "" is null.
    EXPECT_EQ(Task(mode, {{"title", Str("Plan")},
                          {"status", Null()},
                          {"completed", Null()},
                          {"description", Str("")}}),
              kDefaults);
    EXPECT_EQ(Task(mode, {}), "error title");
    EXPECT_EQ(Task(mode, {{"title", Null()}}), "error title");
  }
  EXPECT_EQ(Task(WriteMode::kCreate, {{"title", Str("Plan")},
                                      {"project_id", Str("0E4F7DB0-757A-4385-8996-A7CFD685B78B")},
                                      {"description", Str(" line 1\n line 2 ")},
                                      {"status", Str("draft")},
                                      {"priority", Str("high")},
                                      {"due_date", Str("2026-03-01T10:00:00Z")},
                                      {"completed", Bool(true)}}),
            "project_id=0e4f7db0-757a-4385-8996-a7cfd685b78b title=Plan "
            "description= line 1\n line 2  status=draft priority=high due_date=2026-03-01 "
            "completed=true");
}

TEST(ResourceBody, PatchSetsOnlyWhatWasSent) {
  EXPECT_EQ(Task(WriteMode::kPatch, {}), "");
  EXPECT_EQ(Task(WriteMode::kPatch, {{"completed", Bool(true)}}), "completed=true");
  EXPECT_EQ(Task(WriteMode::kPatch, {{"description", Str("")}, {"due_date", Null()}}),
            "description=null due_date=null");
  EXPECT_EQ(Task(WriteMode::kPatch, {{"project_id", Null()}}), "project_id=null");
  // A column that cannot be null needs a value when a PATCH names it.
  EXPECT_EQ(Task(WriteMode::kPatch, {{"title", Null()}, {"status", Null()}, {"completed", Null()}}),
            "error title,status,completed");
  EXPECT_EQ(Task(WriteMode::kPatch, {{"title", Str("  ")}}), "error title");
}

TEST(ResourceBody, EveryRefusalIsReported) {
  EXPECT_EQ(Task(WriteMode::kCreate, {{"title", Str(std::string(256, 'a'))},
                                      {"project_id", Str("1")},
                                      {"description", Str(std::string(20001, 'a'))},
                                      {"status", Str("done")},
                                      {"priority", Str("High")},
                                      {"due_date", Str("2025-02-30")},
                                      {"completed", Str("true")},  // a JSON string: no bool
                                      {"owner", Str("x")}}),
            "error project_id,title,description,status,priority,due_date,completed,owner");
  EXPECT_EQ(Task(WriteMode::kCreate, {{"title", Str("a\nb")}}), "error title");  // one line
  // What a client read may be sent back: the read-only columns are ignored.
  EXPECT_EQ(Task(WriteMode::kReplace, {{"title", Str("Plan")},
                                       {"id", Str("x")},
                                       {"user_id", Str("x")},
                                       {"created_at", Str("x")},
                                       {"updated_at", Str("x")}}),
            kDefaults);
}

TEST(ResourceBody, FormValues) {
  EXPECT_EQ(Task(WriteMode::kCreate,
                 {{"title", Str("Plan")},
                  {"completed", Str("true")},
                  {"due_date", Str("")},
                  {"project_id", Str("")},
                  {"status", Str("archived")}},
                 /*form=*/true),
            "project_id=null title=Plan description=null status=archived priority=medium "
            "due_date=null completed=true");
  EXPECT_EQ(Task(WriteMode::kPatch, {{"due_date", Str("")}, {"completed", Str("0")}}, true),
            "due_date=null completed=false");
  EXPECT_EQ(Task(WriteMode::kPatch, {{"completed", Str("maybe")}}, true), "error completed");
  // In JSON, "" is not a UUID or a date (only a form's emptied field is null).
  EXPECT_EQ(Task(WriteMode::kPatch, {{"due_date", Str("")}, {"project_id", Str("")}}),
            "error project_id,due_date");
}

TEST(ResourceBody, SharedItemsTakeBackWhatTheyGave) {
  // A PUT of an item as it was read: created_by is read-only like id and the timestamps
  // (resource/resource.h: a client may echo a column it cannot write, and it is ignored).
  EXPECT_EQ(Describe(dashboard::kItems, WriteMode::kReplace,
                     {{"id", Str("0e4f7db0-757a-4385-8996-a7cfd685b78b")},
                      {"title", Str("Welcome")},
                      {"content", Null()},
                      {"created_by", Str("0e4f7db0-757a-4385-8996-a7cfd685b78b")},
                      {"created_at", Str("2026-01-31T09:00:00.000Z")},
                      {"updated_at", Str("2026-01-31T09:00:00.000Z")}}),
            "title=Welcome content=null");
}

}  // namespace
}  // namespace keel::api
