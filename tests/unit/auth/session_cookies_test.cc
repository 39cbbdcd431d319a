// The session cookies, byte for byte (CONTRACT §4.3, RELIABILITY test 41): names with
// their __Host-/__Secure- prefixes, Path, Max-Age, Secure, HttpOnly and SameSite.
#include "auth/session_cookies.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keel::auth {
namespace {

TEST(SessionCookiesTest, SetOnSignIn) {
  Config config;
  config.access_ttl_seconds = 900;
  config.refresh_ttl_seconds = 604800;
  StatusOr<std::vector<std::string>> headers =
      SessionCookieHeaders({"aaa.bbb.ccc", "REFRESH-token_1", "CSRF-token_2"}, config);
  ASSERT_TRUE(headers.ok());
  ASSERT_EQ(headers->size(), 3u);
  EXPECT_EQ((*headers)[0],
            "__Host-keel_access=aaa.bbb.ccc; Path=/; Max-Age=900; Secure; HttpOnly; SameSite=Lax");
  EXPECT_EQ((*headers)[1],
            "__Secure-keel_refresh=REFRESH-token_1; Path=/api; Max-Age=604800; Secure; HttpOnly; "
            "SameSite=Strict");
  EXPECT_EQ((*headers)[2],
            "__Host-keel_csrf=CSRF-token_2; Path=/; Max-Age=604800; Secure; SameSite=Strict");
}

TEST(SessionCookiesTest, FollowTheConfiguredLifetimes) {
  Config config;
  config.access_ttl_seconds = 60;
  config.refresh_ttl_seconds = 3600;
  auto headers = SessionCookieHeaders({"a", "r", "c"}, config);
  ASSERT_TRUE(headers.ok());
  EXPECT_NE((*headers)[0].find("; Max-Age=60;"), std::string::npos);
  EXPECT_NE((*headers)[1].find("; Max-Age=3600;"), std::string::npos);
  EXPECT_NE((*headers)[2].find("; Max-Age=3600;"), std::string::npos);
}

TEST(SessionCookiesTest, ClearedOnLogout) {
  std::vector<std::string> headers = ClearedCookieHeaders();
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0], "__Host-keel_access=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
  EXPECT_EQ(headers[1],
            "__Secure-keel_refresh=; Path=/api; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(headers[2], "__Host-keel_csrf=; Path=/; Max-Age=0; Secure; SameSite=Strict");
}

TEST(SessionCookiesTest, ValuesThatCouldInjectAttributesAreRefused) {
  Config config;
  for (const char* bad : {"a; Domain=evil.example", "a b", "a,b", "a\"b", "a\r\nSet-Cookie: x=y"}) {
    EXPECT_FALSE(SessionCookieHeaders({bad, "r", "c"}, config).ok()) << bad;
    EXPECT_FALSE(SessionCookieHeaders({"a", bad, "c"}, config).ok()) << bad;
    EXPECT_FALSE(SessionCookieHeaders({"a", "r", bad}, config).ok()) << bad;
  }
}

}  // namespace
}  // namespace keel::auth
