// Tests for ParseBody: Content-Type dispatch and refusals (RELIABILITY 22, 39).
#include "http/body.h"

#include <gtest/gtest.h>

#include <string>

#include "unit/http/fields_test_util.h"

namespace keel::http {
namespace {

using test_util::Outcome;

struct Case {
  const char* name;
  std::string content_type;
  std::string body;
  std::string expected;  // Describe() of the fields, or "error <status>"
};

const std::string kMultipart =
    "--b1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b1--\r\n";

TEST(BodyTest, Table) {
  const Case cases[] = {
      {"json", "application/json", R"({"a":1})", "a=int:1"},
      {"json utf-8", "application/json; charset=UTF-8", R"({"a":"1"})", "a=str:1"},
      {"json suffix", "application/merge-patch+json", R"({"a":null})", "a=null"},
      {"json empty body", "application/json", "", ""},
      {"form", "application/x-www-form-urlencoded", "a=1", "a=str:1"},
      {"form charset", "application/x-www-form-urlencoded; charset=utf-8", "a=1", "a=str:1"},
      {"form empty body", "application/x-www-form-urlencoded", "", ""},
      {"multipart", "multipart/form-data; boundary=b1", kMultipart, "a=str:1"},
      {"multipart quoted boundary", "multipart/form-data; boundary=\"b1\"", kMultipart, "a=str:1"},
      {"no type, no body", "", "", ""},
      {"blank type, no body", "  ", "", ""},
      // Refusals.
      {"no type with body", "", "a=1", "error 415"},
      {"text/plain", "text/plain", "a=1", "error 415"},
      {"text/plain empty", "text/plain", "", "error 415"},
      {"xml", "application/xml", "<a/>", "error 415"},
      {"octet-stream", "application/octet-stream", "x", "error 415"},
      {"multipart mixed", "multipart/mixed; boundary=b1", kMultipart, "error 415"},
      {"json suffix alone", "application/+json", "{}", "error 415"},
      {"latin1 json", "application/json; charset=iso-8859-1", "{}", "error 415"},
      {"utf-16 form", "application/x-www-form-urlencoded; charset=utf-16", "a=1", "error 415"},
      {"malformed type", "application/json;;=", "{}", "error 415"},
      {"garbage type", "\x01\x02", "{}", "error 415"},
      {"multipart without boundary", "multipart/form-data", kMultipart, "error 400"},
      {"multipart wrong boundary", "multipart/form-data; boundary=zz", kMultipart, "error 400"},
      {"multipart bad boundary", "multipart/form-data; boundary=\"a;b\"", kMultipart, "error 400"},
      {"json errors pass through", "application/json", "[]", "error 400"},
      {"form errors pass through", "application/x-www-form-urlencoded", "a=%zz", "error 400"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Outcome(ParseBody(c.content_type, c.body)), c.expected) << c.name;
  }
}

TEST(BodyTest, FormFlag) {
  StatusOr<Fields> json = ParseBody("application/json", R"({"a":"1"})");
  StatusOr<Fields> form = ParseBody("application/x-www-form-urlencoded", "a=1");
  ASSERT_TRUE(json.ok());
  ASSERT_TRUE(form.ok());
  EXPECT_FALSE(json->from_form());
  EXPECT_TRUE(form->from_form());
}

TEST(BodyTest, UnsupportedMessage) {
  StatusOr<Fields> got = ParseBody("text/plain", "a=1");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(got.status().message().rfind("unsupported content type", 0), 0u);
}

}  // namespace
}  // namespace keel::http
