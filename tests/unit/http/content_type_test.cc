// Tests for ParseContentType.
#include "http/content_type.h"

#include <gtest/gtest.h>

#include <string>

namespace keel::http {
namespace {

struct Case {
  const char* name;
  std::string header;
  bool ok;
  std::string type, subtype, charset, boundary;
};

TEST(ContentTypeTest, Table) {
  const Case cases[] = {
      {"json", "application/json", true, "application", "json", "", ""},
      {"case folded", "Application/JSON; Charset=UTF-8", true, "application", "json", "utf-8", ""},
      {"spaces", "  application/json ;  charset = utf-8  ", true, "application", "json", "utf-8",
       ""},
      {"quoted charset", "application/json; charset=\"utf-8\"", true, "application", "json",
       "utf-8", ""},
      {"boundary case kept", "multipart/form-data; boundary=AbC", true, "multipart", "form-data",
       "", "AbC"},
      {"quoted boundary with space", "multipart/form-data; boundary=\"a b:c\"", true, "multipart",
       "form-data", "", "a b:c"},
      {"quoted-pair", "multipart/form-data; boundary=\"a\\\"b\"", true, "multipart", "form-data",
       "", "a\"b"},
      {"unknown parameter ignored", "text/plain; format=flowed", true, "text", "plain", "", ""},
      {"trailing semicolon", "application/json;", true, "application", "json", "", ""},
      {"empty parameter", "application/json;; charset=utf-8", true, "application", "json", "utf-8",
       ""},
      {"suffix type", "application/vnd.api+json", true, "application", "vnd.api+json", "", ""},
      {"tab whitespace", "application/json;\tcharset=utf-8", true, "application", "json", "utf-8",
       ""},
      // Refusals.
      {"empty", "", false, "", "", "", ""},
      {"blank", "   ", false, "", "", "", ""},
      {"no subtype", "application", false, "", "", "", ""},
      {"empty subtype", "application/", false, "", "", "", ""},
      {"empty type", "/json", false, "", "", "", ""},
      {"junk after subtype", "application/json x", false, "", "", "", ""},
      {"parameter without value", "application/json; charset", false, "", "", "", ""},
      {"empty value", "application/json; charset=", false, "", "", "", ""},
      {"empty quoted value", "multipart/form-data; boundary=\"\"", false, "", "", "", ""},
      {"unterminated quote", "multipart/form-data; boundary=\"abc", false, "", "", "", ""},
      {"charset twice", "application/json; charset=utf-8; charset=latin1", false, "", "", "", ""},
      {"boundary twice", "multipart/form-data; boundary=a; boundary=b", false, "", "", "", ""},
      {"nul", std::string("application/json\0", 17), false, "", "", "", ""},
      {"newline", "application/json\r\nX: y", false, "", "", "", ""},
      {"non-ascii", "application/j\xC3\xA9son", false, "", "", "", ""},
      {"too long", "application/json; x=" + std::string(1100, 'a'), false, "", "", "", ""},
      {"too many parameters",
       "text/plain" +
           [] {
             std::string s;
             for (int i = 0; i < 17; ++i) s += "; p" + std::to_string(i) + "=1";
             return s;
           }(),
       false, "", "", "", ""},
  };
  for (const Case& c : cases) {
    StatusOr<ContentType> got = ParseContentType(c.header);
    ASSERT_EQ(got.ok(), c.ok) << c.name;
    if (got.ok()) {
      EXPECT_EQ(got->type, c.type) << c.name;
      EXPECT_EQ(got->subtype, c.subtype) << c.name;
      EXPECT_EQ(got->charset, c.charset) << c.name;
      EXPECT_EQ(got->boundary, c.boundary) << c.name;
    } else {
      EXPECT_EQ(got.status().code(), ErrorCode::kUnsupportedMedia) << c.name;
    }
  }
}

TEST(ContentTypeTest, Is) {
  StatusOr<ContentType> got = ParseContentType("Multipart/Form-Data; boundary=x");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->Is("multipart", "form-data"));
  EXPECT_FALSE(got->Is("multipart", "mixed"));
}

}  // namespace
}  // namespace keel::http
