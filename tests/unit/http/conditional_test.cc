// Entity tags and If-None-Match / If-Match list matching (http/conditional.h).
#include "http/conditional.h"

#include <gtest/gtest.h>

namespace keel::http {
namespace {

TEST(EntityTagTest, QuotedHexThatFollowsTheBody) {
  std::string a = EntityTag(R"({"success":true,"data":{"id":1}})");
  EXPECT_EQ(a.size(), 18u);
  EXPECT_EQ(a.front(), '"');
  EXPECT_EQ(a.back(), '"');
  EXPECT_EQ(a, EntityTag(R"({"success":true,"data":{"id":1}})"));
  EXPECT_NE(a, EntityTag(R"({"success":true,"data":{"id":2}})"));
}

TEST(TagListNamesTest, MatchesListsStarAndWeakPrefix) {
  std::string tag = EntityTag("body");
  EXPECT_TRUE(TagListNames(tag, tag));
  EXPECT_TRUE(TagListNames("*", tag));
  EXPECT_TRUE(TagListNames("W/" + tag, tag));
  EXPECT_TRUE(TagListNames("\"a\", " + tag + " ,\"b\"", tag));
  EXPECT_FALSE(TagListNames("\"a\", \"b\"", tag));
  EXPECT_FALSE(TagListNames("", tag));
  EXPECT_FALSE(TagListNames("garbage", tag));
  EXPECT_FALSE(TagListNames("\"unterminated", tag));
}

}  // namespace
}  // namespace keel::http
