// Tests for ParseFormUrlencoded and ParseQueryString, including RELIABILITY 21's cases.
#include "http/form_urlencoded.h"

#include <gtest/gtest.h>

#include <string>

#include "http/query_string.h"
#include "unit/http/fields_test_util.h"

namespace keel::http {
namespace {

using test_util::IsSafeMessage;
using test_util::Outcome;

struct Case {
  const char* name;
  std::string input;
  std::string expected;  // Describe() of the fields, or "error <status>"
};

std::string Params(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += (i ? "&p" : "p") + std::to_string(i) + "=1";
  return out;
}

const Case kCases[] = {
    {"two pairs", "a=1&b=2", "a=str:1|b=str:2"},
    {"empty body", "", ""},
    {"empty pairs skipped", "a=1&&b=2", "a=str:1|b=str:2"},
    {"leading and trailing &", "&a=1&", "a=str:1"},
    {"only separators", "&&&", ""},
    {"no = is empty value", "a&b=2", "a=str:|b=str:2"},
    {"empty value", "a=", "a=str:"},
    {"value with =", "a=b=c", "a=str:b=c"},
    {"plus is space", "q=hello+world", "q=str:hello world"},
    {"plus in name", "a+b=1", "a b=str:1"},
    {"escaped plus", "q=1%2B1", "q=str:1+1"},
    {"decoded once", "a=%2527", "a=str:%27"},
    {"utf8", "name=caf%C3%A9", "name=str:caf\xC3\xA9"},
    {"raw utf8", "name=caf\xC3\xA9", "name=str:caf\xC3\xA9"},
    {"multiline value", "d=a%0D%0Ab%09c", "d=str:a\\x0D\\x0Ab\\x09c"},
    {"semicolon is not a separator", "a=1;b=2", "a=str:1;b=2"},
    // Refusals.
    {"duplicate", "a=1&a=2", "error 400"},
    {"duplicate after decoding", "a=1&%61=2", "error 400"},
    {"nul escape", "a=%00", "error 400"},
    {"nul escape in name", "%00=1", "error 400"},
    {"raw nul", std::string("a=x\0y", 5), "error 400"},
    {"bad escape", "a=%zz", "error 400"},
    {"short escape", "a=%2", "error 400"},
    {"trailing percent", "a=1%", "error 400"},
    {"bad escape in name", "%zz=1", "error 400"},
    {"empty name", "=1", "error 400"},
    {"invalid utf8", "a=%FF", "error 400"},
    {"overlong utf8", "a=%C0%AF", "error 400"},
    {"raw invalid utf8", "a=\xFF", "error 400"},
    {"escape sequence", "a=%1B%5B2J", "error 400"},
    {"control in name", "a%0A=1", "error 400"},
    {"tab in name", "a%09=1", "error 400"},
    {"name at limit", std::string(128, 'n') + "=1", std::string(128, 'n') + "=str:1"},
    {"name over limit", std::string(129, 'n') + "=1", "error 400"},
    {"257 fields", Params(257), "error 400"},
    {"1001 fields", Params(1001), "error 400"},
};

TEST(FormUrlencodedTest, Table) {
  for (const Case& c : kCases) {
    StatusOr<Fields> got = ParseFormUrlencoded(c.input);
    EXPECT_EQ(Outcome(got), c.expected) << c.name;
    if (got.ok()) {
      EXPECT_TRUE(got->from_form()) << c.name;
    } else {
      EXPECT_TRUE(IsSafeMessage(got.status().message())) << c.name;
    }
  }
}

TEST(FormUrlencodedTest, AllValuesAreStrings) {
  StatusOr<Fields> got = ParseFormUrlencoded("n=5&b=true&z=");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->from_form());
  for (const Field& f : got->all()) EXPECT_EQ(f.value.kind, FieldValue::Kind::kString);
}

TEST(FormUrlencodedTest, FieldLimit) {
  StatusOr<Fields> at_limit = ParseFormUrlencoded(Params(256));
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(at_limit->size(), 256u);

  StatusOr<Fields> over = ParseFormUrlencoded(Params(257));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(over.status().message(), "too many fields (at most 256)");

  FormLimits small;
  small.max_fields = 2;
  EXPECT_TRUE(ParseFormUrlencoded("a=1&b=2", small).ok());
  EXPECT_FALSE(ParseFormUrlencoded("a=1&b=2&c=3", small).ok());
  // Skipped empty pairs do not count.
  EXPECT_TRUE(ParseFormUrlencoded("&&a=1&&&b=2&&", small).ok());
}

TEST(FormUrlencodedTest, DuplicateNamesTheField) {
  StatusOr<Fields> got = ParseFormUrlencoded("title=x&title=y");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(HttpStatusOf(got.status().code()), 400);
  EXPECT_EQ(got.status().field(), "title");
  EXPECT_EQ(got.status().message(), "duplicate field \"title\"");
}

TEST(FormUrlencodedTest, ValueLimitIs413) {
  FormLimits limits;
  limits.max_value_bytes = 4;
  EXPECT_TRUE(ParseFormUrlencoded("a=1234", limits).ok());
  StatusOr<Fields> got = ParseFormUrlencoded("a=12345", limits);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kPayloadTooLarge);
}

TEST(FormUrlencodedTest, MessagesNeverEchoRawInput) {
  std::string evil = "%zz\r\nX-Injected: 1" + std::string(500, 'A');
  for (const std::string& body : {evil + "=1", "a" + evil, "a=" + evil,
                                  std::string(200, 'n') + "\x1b=1", std::string("\x01\x02=1")}) {
    StatusOr<Fields> got = ParseFormUrlencoded(body);
    ASSERT_FALSE(got.ok()) << body;
    EXPECT_TRUE(IsSafeMessage(got.status().message())) << got.status().message();
    EXPECT_TRUE(IsSafeMessage(got.status().field())) << got.status().field();
  }
}

TEST(QueryStringTest, Table) {
  const Case cases[] = {
      {"empty", "", ""},
      {"list params", "page=2&limit=50&sort=-created_at",
       "page=str:2|limit=str:50|sort=str:-created_at"},
      {"filter with plus", "q=hello+world", "q=str:hello world"},
      {"escaped date", "start_time_gte=2024-01-01T00%3A00%3A00Z",
       "start_time_gte=str:2024-01-01T00:00:00Z"},
      {"underscore kept", "_=123&page=1", "_=str:123|page=str:1"},
      {"flag without value", "completed", "completed=str:"},
      {"duplicate", "page=1&page=2", "error 400"},
      {"nul", "q=%00", "error 400"},
      {"bad escape", "q=%zz", "error 400"},
      {"decoded once", "q=%2527", "q=str:%27"},
      {"too many", Params(257), "error 400"},
  };
  for (const Case& c : cases) {
    StatusOr<Fields> got = ParseQueryString(c.input);
    EXPECT_EQ(Outcome(got), c.expected) << c.name;
    if (got.ok()) {
      EXPECT_TRUE(got->from_form()) << c.name;
    }
  }
}

TEST(QueryStringTest, DuplicateNamesTheParameter) {
  StatusOr<Fields> got = ParseQueryString("sort=a&sort=b");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().field(), "sort");
  EXPECT_EQ(got.status().message(), "duplicate query parameter \"sort\"");
  StatusOr<Fields> many = ParseQueryString(Params(300));
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.status().message(), "too many query parameters (at most 256)");
}

}  // namespace
}  // namespace keel::http
