// Tests for JsonWriter: its shortcut for strings with nothing to escape writes exactly
// what RapidJSON's own Writer writes, for strings on both sides of every 16-byte chunk.
#include "http/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

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

// The member-by-member path (BeginObjectBytes) writes what RapidJSON writes, in an array
// of two objects (the comma between them), for strings that need escaping or not,
// numbers, literals and an empty object.
TEST(JsonWriterTest, ObjectBytesSameAsRapidJson) {
  const std::string texts[] = {"", "plain", "say \"hi\"\n", std::string(40, 'x') + "\t",
                               "caf\xc3\xa9"};
  for (const std::string& text : texts) {
    rapidjson::StringBuffer rb;
    rapidjson::Writer<rapidjson::StringBuffer> r(rb);
    rapidjson::StringBuffer ob;
    JsonWriter o(ob);
    r.StartArray();
    o.StartArray();
    for (int i = 0; i < 2; ++i) {
      r.StartObject();
      r.Key("title");
      r.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
      r.Key("n");
      r.RawValue("42", 2, rapidjson::kNumberType);
      r.Key("x");
      r.Double(0.1 + i);
      r.Key("ok");
      r.Bool(i == 0);
      r.Key("none");
      r.Null();
      r.EndObject();
      o.BeginObjectBytes();
      o.AppendKey("title");
      o.AppendString(text);
      o.AppendKey("n");
      o.AppendJson("42");
      o.AppendKey("x");
      o.AppendDouble(0.1 + i);
      o.AppendKey("ok");
      o.AppendJson(i == 0 ? "true" : "false");
      o.AppendKey("none");
      o.AppendJson("null");
      o.EndObjectBytes();
    }
    r.StartObject();
    r.EndObject();
    o.BeginObjectBytes();
    o.EndObjectBytes();
    r.EndArray();
    o.EndArray();
    EXPECT_EQ(std::string(ob.GetString()), std::string(rb.GetString())) << text;
  }
  rapidjson::StringBuffer b;
  JsonWriter w(b);
  w.BeginObjectBytes();
  w.AppendKey("nan");
  w.AppendDouble(std::nan(""));
  w.EndObjectBytes();
  EXPECT_EQ(std::string(b.GetString()), "{\"nan\":null}");
}

// A prepared key (JsonKey) writes what the name itself writes: short names through the
// padded copy, a name too long to pad the long way, first member or not.
TEST(JsonWriterTest, PreparedKeysSameAsNames) {
  for (const std::string& name :
       std::vector<std::string>{"id", "duration_minutes", std::string(28, 'k'),
                                std::string(29, 'k'), std::string(80, 'k')}) {
    const JsonKey key(name);
    rapidjson::StringBuffer a, b;
    JsonWriter by_name(a), by_key(b);
    by_name.StartArray();
    by_key.StartArray();
    for (int i = 0; i < 2; ++i) {
      by_name.BeginObjectBytes();
      by_key.BeginObjectBytes();
      for (int member = 0; member < 2; ++member) {
        by_name.AppendKey(std::string_view(name));
        by_key.AppendKey(key);
        by_name.AppendJson("1");
        by_key.AppendJson("1");
      }
      by_name.EndObjectBytes();
      by_key.EndObjectBytes();
    }
    by_name.EndArray();
    by_key.EndArray();
    EXPECT_EQ(std::string(b.GetString()), std::string(a.GetString())) << name;
    EXPECT_EQ(std::string(b.GetString()).substr(0, 5 + name.size()), "[{\"" + name + "\":");
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
