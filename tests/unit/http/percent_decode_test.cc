// Tests for percent-decoding, UTF-8 validation, the field text rules and SafeExcerpt.
#include "http/percent_decode.h"

#include <gtest/gtest.h>

#include <string>

#include "unit/http/fields_test_util.h"

namespace keel::http {
namespace {

using test_util::IsSafeMessage;

struct DecodeCase {
  const char* name;
  std::string input;
  PlusMode plus;
  bool ok;
  std::string expected;
};

TEST(PercentDecodeTest, Table) {
  const DecodeCase cases[] = {
      {"plain", "abc", PlusMode::kSpace, true, "abc"},
      {"empty", "", PlusMode::kSpace, true, ""},
      {"escape", "a%20b", PlusMode::kSpace, true, "a b"},
      {"lower hex", "%2f%2F", PlusMode::kSpace, true, "//"},
      {"plus form", "a+b", PlusMode::kSpace, true, "a b"},
      {"plus literal", "a+b", PlusMode::kLiteral, true, "a+b"},
      {"escaped plus", "%2B", PlusMode::kSpace, true, "+"},
      {"decoded once", "%2527", PlusMode::kSpace, true, "%27"},
      {"double escape stays", "%25%32%37", PlusMode::kSpace, true, "%27"},
      {"utf8", "%C3%A9", PlusMode::kSpace, true, "\xC3\xA9"},
      {"nul decodes (rules refuse it)", "%00", PlusMode::kSpace, true, std::string(1, '\0')},
      {"bad hex", "%zz", PlusMode::kSpace, false, ""},
      {"one digit", "%2", PlusMode::kSpace, false, ""},
      {"one digit then text", "%2g", PlusMode::kSpace, false, ""},
      {"trailing percent", "abc%", PlusMode::kSpace, false, ""},
      {"lone percent", "%", PlusMode::kSpace, false, ""},
      {"sign is not hex", "%+1", PlusMode::kSpace, false, ""},
  };
  for (const DecodeCase& c : cases) {
    StatusOr<std::string> got = PercentDecode(c.input, c.plus);
    EXPECT_EQ(got.ok(), c.ok) << c.name;
    if (c.ok && got.ok()) {
      EXPECT_EQ(*got, c.expected) << c.name;
    }
    if (!c.ok && !got.ok()) {
      EXPECT_EQ(got.status().code(), ErrorCode::kBadRequest) << c.name;
    }
  }
}

TEST(PercentDecodeTest, Utf8Validation) {
  const struct {
    const char* name;
    std::string text;
    bool valid;
  } cases[] = {
      {"ascii", "hello", true},
      {"two byte", "\xC3\xA9", true},
      {"three byte", "\xE2\x82\xAC", true},
      {"four byte", "\xF0\x9F\x98\x80", true},
      {"max code point", "\xF4\x8F\xBF\xBF", true},
      {"lone continuation", "\x80", false},
      {"overlong slash", "\xC0\xAF", false},
      {"overlong three byte", "\xE0\x80\xAF", false},
      {"surrogate", "\xED\xA0\x80", false},
      {"above max", "\xF4\x90\x80\x80", false},
      {"truncated", "\xE2\x82", false},
      {"ff byte", "\xFF", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.text), c.valid) << c.name;
}

TEST(PercentDecodeTest, FieldNameRules) {
  EXPECT_TRUE(DecodeFieldName("title", PlusMode::kSpace, 128).ok());
  EXPECT_TRUE(DecodeFieldName("caf%C3%A9", PlusMode::kSpace, 128).ok());
  for (const char* bad : {"", "%00", "a%0Ab", "a%09b", "a%7F", "%C2%85", "%FF", "%zz"}) {
    StatusOr<std::string> got = DecodeFieldName(bad, PlusMode::kSpace, 128);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.status().code(), ErrorCode::kBadRequest) << bad;
    EXPECT_TRUE(IsSafeMessage(got.status().message())) << got.status().message();
  }
  EXPECT_TRUE(DecodeFieldName(std::string(128, 'n'), PlusMode::kSpace, 128).ok());
  EXPECT_FALSE(DecodeFieldName(std::string(129, 'n'), PlusMode::kSpace, 128).ok());
}

TEST(PercentDecodeTest, FieldValueRules) {
  for (const char* good : {"", "x", "a%0Ab", "a%0D%0Ab", "a%09b", "%C3%A9", "%C2%85"}) {
    EXPECT_TRUE(DecodeFieldValue("f", good, PlusMode::kSpace, 100).ok()) << good;
  }
  for (const char* bad : {"%00", "a%01", "%1B[31m", "%7F", "%FF", "%C0%AF", "%ED%A0%80", "%2"}) {
    StatusOr<std::string> got = DecodeFieldValue("f", bad, PlusMode::kSpace, 100);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.status().code(), ErrorCode::kBadRequest) << bad;
    EXPECT_NE(got.status().message().find("\"f\""), std::string::npos) << bad;
  }
  StatusOr<std::string> big = DecodeFieldValue("f", std::string(101, 'v'), PlusMode::kSpace, 100);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kPayloadTooLarge);
}

TEST(PercentDecodeTest, SafeExcerpt) {
  EXPECT_EQ(SafeExcerpt("hello"), "hello");
  EXPECT_EQ(SafeExcerpt("a\r\nb\x1b"), "a??b?");
  EXPECT_EQ(SafeExcerpt("\xFF\xC3\xA9"), "?\xC3\xA9");
  EXPECT_EQ(SafeExcerpt("a\xE2\x80\xAE"
                        "b"),
            "a?b");  // right-to-left override
  EXPECT_EQ(SafeExcerpt(std::string(100, 'x')), std::string(64, 'x') + "...");
  // A multi-byte character is never split at the cut.
  std::string text = std::string(63, 'x') + "\xC3\xA9";
  EXPECT_EQ(SafeExcerpt(text), std::string(63, 'x') + "...");
  EXPECT_TRUE(IsValidUtf8(SafeExcerpt(text)));
}

}  // namespace
}  // namespace keel::http
