// RFC 3339 parsing and formatting (base/rfc3339.h).
#include "base/rfc3339.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

TEST(Rfc3339, ParsesDateTimesWithOffsets) {
  EXPECT_EQ(ParseRfc3339Millis("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339Millis("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(ParseRfc3339Millis("1970-01-01T02:00:00+02:00"), 0);
  EXPECT_EQ(ParseRfc3339Millis("1969-12-31T23:00:00-01:00"), 0);
  EXPECT_EQ(ParseRfc3339Millis("2021-02-25T15:02:10Z"), int64_t{1614265330} * 1000);
  EXPECT_EQ(ParseRfc3339Millis("2024-02-29"), int64_t{1709164800} * 1000);
  EXPECT_EQ(ParseRfc3339Millis("2016-12-31T23:59:60Z"), int64_t{1483228799} * 1000 + 999);
  EXPECT_EQ(ParseRfc3339Millis("2025-01-01t00:00:00.123456789z"), int64_t{1735689600123});
}

TEST(Rfc3339, RefusesMalformed) {
  for (const char* bad :
       {"", "2025", "2025-13-01", "2025-02-29", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00",
        "2025-01-01T00:00:00+0200", "2025-01-01T00:00Z", "0000-01-01", "2025-01-01T00:00:00.Z",
        "2025-01-01X00:00:00Z", "2025-01-01T00:00:00Z trailing"}) {
    EXPECT_FALSE(ParseRfc3339Millis(bad).has_value()) << bad;
  }
}

TEST(Rfc3339, FormatsAnyYear) {
  EXPECT_EQ(FormatRfc3339Utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339Utc(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339Utc(int64_t{1614265330} * 1000 + 42), "2021-02-25T15:02:10.042Z");
  for (const char* text : {"0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                           "2000-02-29T12:34:56.789Z", "1900-03-01T00:00:00.000Z"}) {
    auto ms = ParseRfc3339Millis(text);
    ASSERT_TRUE(ms.has_value()) << text;
    EXPECT_EQ(FormatRfc3339Utc(*ms), text);
  }
}

}  // namespace
}  // namespace keel
