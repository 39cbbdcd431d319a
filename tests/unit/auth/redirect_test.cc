// The `next` (and `error`) targets of the no-JavaScript form login: relative paths of
// this site only, never an open redirect (CONTRACT §4.3).
#include "auth/redirect.h"

#include <gtest/gtest.h>

#include <string>

namespace keel::auth {
namespace {

TEST(RedirectTest, SafeRedirectPathTable) {
  const struct {
    const char* name;
    std::string target;
    bool safe;
  } cases[] = {
      {"root", "/", true},
      {"page", "/dashboard", true},
      {"query and fragment", "/tasks?status=active#top", true},
      {"encoded slash stays a path", "/%2F%2Fevil.example", true},
      {"dot segments stay on the site", "/./..//x", true},
      {"utf-8 path", "/caf\xC3\xA9", true},
      {"512 bytes", "/" + std::string(511, 'a'), true},
      {"513 bytes", "/" + std::string(512, 'a'), false},
      {"empty", "", false},
      {"absolute https", "https://evil.example/", false},
      {"absolute http", "http://evil.example", false},
      {"protocol-relative", "//evil.example", false},
      {"protocol-relative with path", "//evil.example/path", false},
      {"backslash after slash", "/\\evil.example", false},
      {"backslash inside", "/a\\b", false},
      {"triple slash", "///evil.example", false},
      {"relative without slash", "dashboard", false},
      {"javascript scheme", "javascript:alert(1)", false},
      {"data scheme", "data:text/html,x", false},
      {"CR LF injection", "/a\r\nSet-Cookie: x=y", false},
      {"LF", "/a\nb", false},
      {"tab that browsers strip", "/\t/evil.example", false},
      {"space", "/a b", false},
      {"NUL", std::string("/a\0b", 4), false},
      {"DEL", "/a\x7f", false},
      {"leading space", " /dashboard", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(IsSafeRedirectPath(c.target), c.safe) << c.name;
  }
}

TEST(RedirectTest, WithQueryParam) {
  EXPECT_EQ(WithQueryParam("/login", "error", "UNAUTHORIZED"), "/login?error=UNAUTHORIZED");
  EXPECT_EQ(WithQueryParam("/login?next=/x", "error", "RATE_LIMITED"),
            "/login?next=/x&error=RATE_LIMITED");
  EXPECT_EQ(WithQueryParam("/login#form", "error", "a b&c"), "/login?error=a%20b%26c#form");
}

}  // namespace
}  // namespace keel::auth
