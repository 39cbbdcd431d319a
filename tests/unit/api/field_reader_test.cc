// FieldReader: the same rules for JSON and form values; every bad field reported.
#include "api/field_reader.h"

#include <gtest/gtest.h>

namespace keel::api {
namespace {

http::FieldValue Str(std::string s) {
  http::FieldValue v;
  v.kind = http::FieldValue::Kind::kString;
  v.text = std::move(s);
  return v;
}
http::FieldValue Int(int64_t n) {
  http::FieldValue v;
  v.kind = http::FieldValue::Kind::kInteger;
  v.integer = n;
  v.number = static_cast<double>(n);
  return v;
}
http::FieldValue Bool(bool b) {
  http::FieldValue v;
  v.kind = http::FieldValue::Kind::kBool;
  v.boolean = b;
  return v;
}
http::FieldValue Null() { return http::FieldValue{}; }

TEST(FieldReader, JsonAndFormGiveTheSameValues) {
  http::Fields json;
  json.Add("title", Str("  Write tests "));
  json.Add("completed", Bool(true));
  json.Add("estimate", Int(3));
  json.Add("due_date", Str("2026-02-28"));
  http::Fields form;
  form.set_from_form(true);
  form.Add("title", Str("  Write tests "));
  form.Add("completed", Str("true"));
  form.Add("estimate", Str("3"));
  form.Add("due_date", Str("2026-02-28"));
  for (const http::Fields* fields : {&json, &form}) {
    FieldReader r(*fields);
    auto title = r.String("title", {.required = true});
    auto completed = r.Bool("completed", false);
    auto estimate = r.Integer("estimate", 0, 10, false);
    auto due = r.Date("due_date", false);
    ASSERT_TRUE(r.Finish().ok());
    EXPECT_EQ(title.value, "Write tests");
    EXPECT_TRUE(completed.value);
    EXPECT_EQ(estimate.value, 3);
    EXPECT_EQ(due.value, "2026-02-28");
  }
}

TEST(FieldReader, ReportsEveryBadFieldAndUnknownOnes) {
  http::Fields f;
  f.Add("title", Str(""));
  f.Add("priority", Str("urgent"));
  f.Add("owner_id", Str("x"));
  f.Add("id", Str("ignored"));
  f.Add("_csrf", Str("ignored"));
  FieldReader r(f);
  r.String("title", {.required = true});
  r.Enum("priority", {"low", "medium", "high"}, false);
  Status s = r.Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kValidation);
  EXPECT_EQ(s.field(), "title");
  ASSERT_EQ(s.details().size(), 3u);
  EXPECT_EQ(s.details()[1].field, "priority");
  EXPECT_EQ(s.details()[2].field, "owner_id");
}

TEST(FieldReader, TypesAreStrictForJson) {
  http::Fields f;
  f.Add("completed", Str("true"));  // a JSON string is not a boolean
  f.Add("count", Str("3"));
  FieldReader r(f);
  r.Bool("completed", false);
  r.Integer("count", 0, 10, false);
  EXPECT_EQ(r.Finish().details().size(), 2u);
}

TEST(FieldReader, NullAndAbsent) {
  http::Fields f;
  f.Add("description", Null());
  FieldReader r(f);
  auto d = r.String("description", {.max_length = 10000, .single_line = false});
  auto missing = r.String("other", {});
  EXPECT_TRUE(d.present);
  EXPECT_TRUE(d.is_null);
  EXPECT_FALSE(missing.present);
  EXPECT_TRUE(r.Finish().ok());
}

TEST(FieldReader, LengthsCountCharactersNotBytes) {
  http::Fields f;
  f.Add("title", Str(std::string(255, 'a')));
  f.Add("name", Str("\xC3\xA9\xC3\xA9"));  // "éé": 2 characters, 4 bytes
  FieldReader r(f);
  r.String("title", {.max_length = 255});
  auto name = r.String("name", {.max_length = 2});
  EXPECT_TRUE(r.Finish().ok());
  http::Fields g;
  g.Add("title", Str(std::string(256, 'a')));
  FieldReader r2(g);
  r2.String("title", {.max_length = 255});
  EXPECT_FALSE(r2.Finish().ok());
}

struct ValueCase {
  const char* text;
  bool valid;
};

class Timestamps : public testing::TestWithParam<ValueCase> {};
TEST_P(Timestamps, Rfc3339) { EXPECT_EQ(IsRfc3339Timestamp(GetParam().text), GetParam().valid); }
INSTANTIATE_TEST_SUITE_P(
    Table, Timestamps,
    testing::Values(
        ValueCase{"2026-01-31T09:00:00Z", true}, ValueCase{"2026-01-31T09:00:00.123456Z", true},
        ValueCase{"2026-01-31T09:00:00+02:00", true}, ValueCase{"2026-01-31 09:00:00Z", true},
        ValueCase{"2026-01-31", false}, ValueCase{"2026-02-30T09:00:00Z", false},
        ValueCase{"2026-01-31T24:00:00Z", false}, ValueCase{"2026-01-31T09:00:00", false},
        ValueCase{"2026-01-31T09:00:00+0200", false}, ValueCase{"2024-02-29T00:00:00Z", true},
        ValueCase{"2023-02-29T00:00:00Z", false}, ValueCase{"yesterday", false}));

class Uuids : public testing::TestWithParam<ValueCase> {};
TEST_P(Uuids, Canonical) { EXPECT_EQ(IsUuid(GetParam().text), GetParam().valid); }
INSTANTIATE_TEST_SUITE_P(Table, Uuids,
                         testing::Values(ValueCase{"123e4567-e89b-12d3-a456-426614174000", true},
                                         ValueCase{"123E4567-E89B-12D3-A456-426614174000", true},
                                         ValueCase{"123e4567e89b12d3a456426614174000", false},
                                         ValueCase{"123e4567-e89b-12d3-a456-42661417400", false},
                                         ValueCase{"' OR 1=1 --", false}));

TEST(FieldReader, EmailNormalisedAndValidated) {
  http::Fields f;
  f.Add("email", Str("  Alice@Example.COM "));
  FieldReader r(f);
  auto e = r.Email("email", true);
  ASSERT_TRUE(r.Finish().ok());
  EXPECT_EQ(e.value, "alice@example.com");
  for (const char* bad : {"alice", "@example.com", "a@b", "a b@example.com", "a@@example.com"}) {
    http::Fields g;
    g.Add("email", Str(bad));
    FieldReader r2(g);
    r2.Email("email", true);
    EXPECT_FALSE(r2.Finish().ok()) << bad;
  }
}

}  // namespace
}  // namespace keel::api
