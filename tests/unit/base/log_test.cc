// Log lines: one JSON object per line; CR/LF in values cannot forge a second line.
#include "base/log.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace keel::log {
namespace {

TEST(Log, CrLfInValueStaysOnOneLine) {
  std::string line = FormatLine(
      Level::kInfo, "request",
      {{"user_agent", "evil\r\n{\"level\":\"error\",\"msg\":\"forged\"}"}, {"status", 200}});
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.find('\r'), std::string::npos);
  rapidjson::Document doc;
  doc.Parse(line.c_str());
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_TRUE(doc["user_agent"].IsString());
  EXPECT_EQ(std::string(doc["user_agent"].GetString()),
            "evil\r\n{\"level\":\"error\",\"msg\":\"forged\"}");
  EXPECT_EQ(doc["status"].GetInt64(), 200);
  EXPECT_STREQ(doc["level"].GetString(), "info");
}

TEST(Log, LevelsFilter) {
  SetLevel(Level::kWarn);
  EXPECT_FALSE(Enabled(Level::kInfo));
  EXPECT_TRUE(Enabled(Level::kError));
  SetLevel(Level::kInfo);
  Level parsed;
  EXPECT_TRUE(ParseLevel("debug", parsed));
  EXPECT_EQ(parsed, Level::kDebug);
  EXPECT_FALSE(ParseLevel("verbose", parsed));
}

}  // namespace
}  // namespace keel::log
