// Tests for JsonWriter: its shortcut for strings with nothing to escape writes exactly
// what RapidJSON's own Writer writes, for strings on both sides of every 16-byte chunk.
#include "http/json_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace keel::http {
namespace {

std::string Rapid(const std::string& s) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  w.StartObject();
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  w.EndObject();
  return b.GetString();
}

std::string Ours(const std::string& s) {
  rapidjson::StringBuffer b;
  JsonWriter w(b);
  w.StartObject();
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  w.String(s);
  w.EndObject();
  return b.GetString();
}

TEST(JsonWriterTest, SameBytesAsRapidJson) {
  const std::string specials[] = {
      "\"", "\\", std::string(1, '\0'), "\n", "\x1f", "\x7f", "\xc3\xa9", " ", "/"};
  for (size_t len : {0u, 1u, 15u, 16u, 17u, 31u, 32u, 33u, 100u}) {
    const std::string plain(len, 'a');
    EXPECT_EQ(Ours(plain), Rapid(plain)) << len;
    for (size_t at = 0; at < len; ++at) {
      for (const std::string& sp : specials) {
        std::string s = plain;
        s.replace(at, 1, sp);
        ASSERT_EQ(Ours(s), Rapid(s)) << "length " << len << " at " << at;
      }
    }
  }
}

TEST(JsonWriterTest, PlainPrefix) {
  EXPECT_EQ(PlainJsonPrefix(""), 0u);
  EXPECT_EQ(PlainJsonPrefix("2026-12-06T09:00:00Z"), 20u);
  EXPECT_EQ(PlainJsonPrefix(std::string(20, 'x') + "\"" + std::string(20, 'y')), 20u);
  EXPECT_EQ(PlainJsonPrefix(std::string(40, 'x') + "\t"), 40u);
  EXPECT_EQ(PlainJsonPrefix("caf\xc3\xa9"), 5u);
}

TEST(JsonWriterTest, LiteralKeysAndNesting) {
  rapidjson::StringBuffer b;
  JsonWriter w(b);
  w.StartObject();
  w.Key("a");
  w.StartArray();
  w.String("x\"y");
  w.String("plain");
  w.Bool(true);
  w.EndArray();
  w.Key("b");
  w.Null();
  w.EndObject();
  EXPECT_STREQ(b.GetString(), R"({"a":["x\"y","plain",true],"b":null})");
}

}  // namespace
}  // namespace keel::http
