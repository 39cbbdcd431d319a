// Tests for ParseJsonBody (RELIABILITY 19, 20) and for JSON, form and multipart bodies
// producing the same Fields (RELIABILITY 21).
#include "http/json_body.h"

#include <gtest/gtest.h>

#include <string>

#include "http/form_urlencoded.h"
#include "http/multipart.h"
#include "unit/http/fields_test_util.h"

namespace keel::http {
namespace {

using test_util::Describe;
using test_util::IsSafeMessage;
using test_util::Outcome;

struct Case {
  const char* name;
  std::string body;
  std::string expected;  // Describe() of the fields, or "error <status>"
};

std::string Nested(int depth) {
  // depth levels in total, the root object included: {"a":[[...]]}
  return "{\"a\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
}

TEST(JsonBodyTest, Table) {
  const Case cases[] = {
      {"empty body is an empty object", "", ""},
      {"empty object", "{}", ""},
      {"whitespace around", " \r\n\t{} \n", ""},
      {"kinds", R"({"n":null,"t":true,"f":false,"i":-42,"d":1.5,"s":"x","a":[1,"2"],"o":{"k":[]}})",
       R"(n=null|t=bool:true|f=bool:false|i=int:-42|d=num:1.5|s=str:x|a=arr:[1,"2"]|o=obj:{"k":[]})"},
      {"int64 bounds", R"({"max":9223372036854775807,"min":-9223372036854775808})",
       "max=int:9223372036854775807|min=int:-9223372036854775808"},
      {"exponent is a number", R"({"e":1e3})", "e=num:1000"},
      {"decimal one is a number", R"({"x":1.0})", "x=num:1"},
      {"compact nested text", "{\"a\" : [ 1 , { \"b\" : null } ] }", "a=arr:[1,{\"b\":null}]"},
      {"escapes decoded", R"({"s":"a\"b\\c\n\u00e9"})", "s=str:a\"b\\c\\x0A\xC3\xA9"},
      {"nested control kept escaped", R"({"a":["\u0001"]})", "a=arr:[\"\\u0001\"]"},
      {"depth 32 ok", Nested(32), "a=arr:" + std::string(31, '[') + std::string(31, ']')},
      // Refusals.
      {"depth 33", Nested(33), "error 400"},
      {"nesting bomb", std::string(100 * 1024, '['), "error 400"},
      {"object bomb", std::string(100 * 1024, '{'), "error 400"},
      {"mixed bomb",
       [] {
         std::string s;
         for (int i = 0; i < 50000; ++i) s += "{\"a\":[";
         return s;
       }(),
       "error 400"},
      {"duplicate key", R"({"a":1,"a":2})", "error 400"},
      {"duplicate key via escape", R"({"a":1,"\u0061":2})", "error 400"},
      {"integer beyond uint64", R"({"n":18446744073709551616})", "error 400"},
      {"integer beyond int64", R"({"n":9223372036854775808})", "error 400"},
      {"huge exponent", R"({"n":1e400})", "error 400"},
      {"negative huge exponent", R"({"n":-1e400})", "error 400"},
      {"nul escape", R"({"s":"\u0000"})", "error 400"},
      {"nul escape in key", R"({"\u0000":1})", "error 400"},
      {"raw invalid utf8", "{\"s\":\"\xFF\"}", "error 400"},
      {"overlong utf8", "{\"s\":\"\xC0\xAF\"}", "error 400"},
      {"lone surrogate escape", R"({"s":"\ud800"})", "error 400"},
      {"lone low surrogate", R"({"s":"\udc00"})", "error 400"},
      {"lone low surrogate in key", R"({"\uDDDD":1})", "error 400"},
      {"lone low surrogate nested", R"({"a":["\udc00"]})", "error 400"},
      {"lone low surrogate nested key", R"({"a":{"\udfff":1}})", "error 400"},
      {"surrogate pair ok", R"({"s":"\ud83d\ude00"})", "s=str:\xF0\x9F\x98\x80"},
      {"top-level array", "[]", "error 400"},
      {"top-level string", "\"x\"", "error 400"},
      {"top-level number", "1", "error 400"},
      {"top-level null", "null", "error 400"},
      {"only whitespace", "  ", "error 400"},
      {"trailing garbage", "{} x", "error 400"},
      {"two objects", "{}{}", "error 400"},
      {"nul after object", std::string("{}\0x", 4), "error 400"},
      {"nul after object alone", std::string("{}\0", 3), "error 400"},
      {"truncated", R"({"a":)", "error 400"},
      {"single quotes", "{'a':1}", "error 400"},
      {"trailing comma", R"({"a":1,})", "error 400"},
      {"comment", "{/*x*/}", "error 400"},
      {"NaN", R"({"a":NaN})", "error 400"},
      {"control escape in value", R"({"s":"\u001b[2J"})", "error 400"},
      {"control escape in key", R"({"a\n":1})", "error 400"},
      {"empty key", R"({"":1})", "error 400"},
      {"key too long", "{\"" + std::string(129, 'k') + "\":1}", "error 400"},
  };
  for (const Case& c : cases) {
    StatusOr<Fields> got = ParseJsonBody(c.body);
    EXPECT_EQ(Outcome(got), c.expected) << c.name;
    if (got.ok()) {
      EXPECT_FALSE(got->from_form()) << c.name;
    } else {
      EXPECT_TRUE(IsSafeMessage(got.status().message()))
          << c.name << ": " << got.status().message();
    }
  }
}

TEST(JsonBodyTest, RootMustBeAnObject) {
  StatusOr<Fields> got = ParseJsonBody("[1,2]");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(got.status().message(), "request body must be a JSON object");
}

TEST(JsonBodyTest, IntegerAlsoSetsNumber) {
  StatusOr<Fields> got = ParseJsonBody(R"({"i":7})");
  ASSERT_TRUE(got.ok());
  const FieldValue* i = got->Find("i");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->kind, FieldValue::Kind::kInteger);
  EXPECT_EQ(i->integer, 7);
  EXPECT_EQ(i->number, 7.0);
}

TEST(JsonBodyTest, Limits) {
  std::string body = "{";
  for (int i = 0; i < 257; ++i) body += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  body += "}";
  StatusOr<Fields> got = ParseJsonBody(body);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "too many fields (at most 256)");

  FormLimits limits;
  limits.max_value_bytes = 2;
  EXPECT_TRUE(ParseJsonBody(R"({"s":"ab"})", limits).ok());
  StatusOr<Fields> big = ParseJsonBody(R"({"s":"abc"})", limits);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kPayloadTooLarge);
}

TEST(JsonBodyTest, DuplicateKeyMessageIsSafe) {
  // The duplicate key holds a newline and an escape sequence; neither reaches the message.
  StatusOr<Fields> got = ParseJsonBody(R"({"a\n\u001b[2J":1,"a\n\u001b[2J":2})");
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(IsSafeMessage(got.status().message())) << got.status().message();
}

// The same data sent as JSON (strings), as a form and as multipart must give the same
// fields; only from_form() differs.
TEST(JsonBodyTest, SameFieldsAsFormAndMultipart) {
  StatusOr<Fields> json = ParseJsonBody(
      R"({"title":"Hello world","description":"a&b=c\r\nline 2 caf\u00e9","completed":"true",)"
      R"("priority":"high","due_date":"2024-05-01T12:00:00Z"})");
  StatusOr<Fields> form = ParseFormUrlencoded(
      "title=Hello+world&description=a%26b%3Dc%0D%0Aline%202%20caf%C3%A9&completed=true&"
      "priority=high&due_date=2024-05-01T12%3A00%3A00Z");
  const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  auto part = [&](const std::string& name, const std::string& value) {
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
           value + "\r\n";
  };
  StatusOr<Fields> multipart = ParseMultipartFormData(
      part("title", "Hello world") + part("description", "a&b=c\r\nline 2 caf\xC3\xA9") +
          part("completed", "true") + part("priority", "high") +
          part("due_date", "2024-05-01T12:00:00Z") + "--" + kBoundary + "--\r\n",
      kBoundary);
  ASSERT_TRUE(json.ok()) << json.status().message();
  ASSERT_TRUE(form.ok()) << form.status().message();
  ASSERT_TRUE(multipart.ok()) << multipart.status().message();
  EXPECT_EQ(Describe(*json), Describe(*form));
  EXPECT_EQ(Describe(*json), Describe(*multipart));
  EXPECT_EQ(json->size(), 5u);
  EXPECT_FALSE(json->from_form());
  EXPECT_TRUE(form->from_form());
  EXPECT_TRUE(multipart->from_form());
}

}  // namespace
}  // namespace keel::http
