// The list-parameter parser (CONTRACT §3 "Lists") as a table of cases, against the tasks
// spec of seed 004 and a spec with every field type.
#include "api/list_params.h"

#include <gtest/gtest.h>

#include "http/query_string.h"
#include "resource/store.h"
#include "tasks/task_resource.h"

namespace keel::api {
namespace {

constexpr std::string_view kColors[] = {"red", "green"};
constexpr db::ListField kTypedFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "n",
     .column = "n",
     .type = db::FieldType::kInteger,
     .sortable = true,
     .filterable = true,
     .ranged = true},
    {.name = "x",
     .column = "x",
     .type = db::FieldType::kNumber,
     .filterable = true,
     .ranged = true},
    {.name = "flag", .column = "flag", .type = db::FieldType::kBool, .filterable = true},
    {.name = "ref", .column = "ref", .type = db::FieldType::kUuid, .filterable = true},
    {.name = "color",
     .column = "color",
     .type = db::FieldType::kEnum,
     .filterable = true,
     .values = kColors},
    {.name = "name", .column = "name", .type = db::FieldType::kText, .filterable = true},
    {.name = "day",
     .column = "day",
     .type = db::FieldType::kDate,
     .filterable = true,
     .ranged = true},
};
constexpr db::ListSpec kTypedSpec{.fields = kTypedFields};  // no search column

const char* OpName(db::FilterOp op) {
  switch (op) {
    case db::FilterOp::kEq:
      return "=";
    case db::FilterOp::kGt:
      return ">";
    case db::FilterOp::kGte:
      return ">=";
    case db::FilterOp::kLt:
      return "<";
    case db::FilterOp::kLte:
      return "<=";
  }
  return "?";
}

// "page=1 limit=20 sort=-created_at [f op v]... [q=...]" or "error <field>,<field>".
std::string Describe(const std::string& query_string, const db::ListSpec& spec) {
  auto fields = http::ParseQueryString(query_string);
  if (!fields.ok()) return "query error";
  auto q = ParseListQuery(*fields, spec);
  if (!q.ok()) {
    std::string out = "error ";
    for (size_t i = 0; i < q.status().details().size(); ++i) {
      out += (i ? "," : "") + q.status().details()[i].field;
    }
    return out;
  }
  std::string out =
      "page=" + std::to_string(q->page) + " limit=" + std::to_string(q->limit) + " sort=";
  for (size_t i = 0; i < q->sort.size(); ++i) {
    out += (i ? "," : "") + std::string(q->sort[i].descending ? "-" : "") +
           std::string(q->sort[i].field->name);
  }
  for (const db::Filter& f : q->filters) {
    out += " " + std::string(f.field->name) + OpName(f.op) + f.value;
  }
  if (!q->search.empty()) out += " q=" + q->search;
  return out;
}

struct Case {
  const char* name;
  const char* query;
  const char* expected;
};

TEST(ListQuery, TasksSpec) {
  const Case cases[] = {
      {"defaults", "", "page=1 limit=20 sort=-created_at"},
      {"seed 004 pagination", "page=1&limit=20&sort=-created_at",
       "page=1 limit=20 sort=-created_at"},
      {"seed 004 filter", "status=active&due_date_gt=2025-01-01",
       "page=1 limit=20 sort=-created_at status=active due_date>2025-01-01"},
      {"multi sort", "sort=-priority,title", "page=1 limit=20 sort=-priority,title"},
      {"every sortable field", "sort=created_at,-updated_at,due_date,priority,title",
       "page=1 limit=20 sort=created_at,-updated_at,due_date,priority,title"},
      {"limit bounds ok", "limit=1&page=7", "page=7 limit=1 sort=-created_at"},
      {"limit 100", "limit=100", "page=1 limit=100 sort=-created_at"},
      {"ranges",
       "due_date_gte=2025-01-01&due_date_lte=2025-12-31&created_at_lt=2025-06-01T00:00:00Z",
       "page=1 limit=20 sort=-created_at due_date>=2025-01-01 due_date<=2025-12-31 "
       "created_at<2025-06-01T00:00:00Z"},
      {"due date from a timestamp", "due_date=2025-01-01T10:00:00Z",
       "page=1 limit=20 sort=-created_at due_date=2025-01-01"},
      {"booleans normalised", "completed=1", "page=1 limit=20 sort=-created_at completed=true"},
      {"uuid lower-cased", "project_id=0E4F7DB0-757A-4385-8996-A7CFD685B78B",
       "page=1 limit=20 sort=-created_at project_id=0e4f7db0-757a-4385-8996-a7cfd685b78b"},
      {"search", "q=50%25+done", "page=1 limit=20 sort=-created_at q=50% done"},
      {"empty values are absent", "status=&q=&page=&sort=", "page=1 limit=20 sort=-created_at"},
      {"underscore ignored", "_=123&_cache=1", "page=1 limit=20 sort=-created_at"},
      {"priority filter", "priority=high", "page=1 limit=20 sort=-created_at priority=high"},
      // Refusals.
      {"page 0", "page=0", "error page"},
      {"page negative", "page=-1", "error page"},
      {"page not a number", "page=two", "error page"},
      {"page huge", "page=99999999999999999999", "error page"},
      {"limit 0", "limit=0", "error limit"},
      {"limit 101", "limit=101", "error limit"},
      {"unknown sort", "sort=password_hash", "error sort"},
      {"sort on a filter-only field", "sort=status", "error sort"},
      {"sort twice", "sort=title,-title", "error sort"},
      {"empty sort item", "sort=title,", "error sort"},
      {"sql in sort", "sort=title;DROP TABLE tasks", "error sort"},
      {"unknown filter", "owner_id=1", "error owner_id"},
      {"bad enum", "status=done", "error status"},
      {"bad date", "due_date_gt=yesterday", "error due_date_gt"},
      {"range on an equality-only field", "status_gt=active", "error status_gt"},
      {"unknown operator", "due_date_ne=2025-01-01", "error due_date_ne"},
      {"bad bool", "completed=yes", "error completed"},
      {"bad uuid", "project_id=1", "error project_id"},
      {"every error listed", "page=0&limit=1000&bogus=1&sort=x", "error page,limit,bogus,sort"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Describe(c.query, resource::ListSpecOf(tasks::kTasks)), c.expected) << c.name;
  }
}

TEST(ListQuery, FieldTypes) {
  const Case cases[] = {
      {"integer", "n=42&n_gt=-3", "page=1 limit=20 sort=-created_at n=42 n>-3"},
      {"integer refuses fractions", "n=4.2", "error n"},
      {"number", "x_lte=2.5e3", "page=1 limit=20 sort=-created_at x<=2.5e3"},
      {"number refuses nan", "x=nan", "error x"},
      {"number refuses inf", "x=inf", "error x"},
      {"bool false", "flag=false", "page=1 limit=20 sort=-created_at flag=false"},
      {"bool 0", "flag=0", "page=1 limit=20 sort=-created_at flag=false"},
      {"enum", "color=green", "page=1 limit=20 sort=-created_at color=green"},
      {"enum is case-sensitive", "color=Green", "error color"},
      {"text", "name=O'Brien", "page=1 limit=20 sort=-created_at name=O'Brien"},
      {"text one line", "name=a%0Ab", "error name"},
      {"timestamp as date", "created_at_gte=2025-01-01",
       "page=1 limit=20 sort=-created_at created_at>=2025-01-01"},
      {"timestamp refuses no offset", "created_at_gte=2025-01-01T00:00:00", "error created_at_gte"},
      {"date", "day_lt=2025-03-01", "page=1 limit=20 sort=-created_at day<2025-03-01"},
      {"impossible date", "day=2025-02-30", "error day"},
      {"no q without a search column", "q=x", "error q"},
      {"timestamp is not equality-filterable here", "created_at=2025-01-01", "error created_at"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Describe(c.query, kTypedSpec), c.expected) << c.name;
  }
}

TEST(ListQuery, OffsetFollowsPageAndLimit) {
  auto fields = http::ParseQueryString("page=3&limit=25");
  ASSERT_TRUE(fields.ok());
  auto q = ParseListQuery(*fields, resource::ListSpecOf(tasks::kTasks));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->offset(), 50);
}

TEST(ListQuery, SortMapsToTheAllowListedColumn) {
  auto fields = http::ParseQueryString("sort=priority");
  ASSERT_TRUE(fields.ok());
  auto q = ParseListQuery(*fields, resource::ListSpecOf(tasks::kTasks));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->sort[0].field->order_by(), "priority_rank");
}

TEST(ListQuery, ExtraNamesAreLeftToTheRoute) {
  auto fields = http::ParseQueryString("include=all&page=2");
  ASSERT_TRUE(fields.ok());
  EXPECT_FALSE(ParseListQuery(*fields, resource::ListSpecOf(tasks::kTasks)).ok());
  auto q = ParseListQuery(*fields, resource::ListSpecOf(tasks::kTasks), {"include"});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->page, 2);
}

}  // namespace
}  // namespace keel::api
