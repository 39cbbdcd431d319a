// Tests for Cookie header parsing, Set-Cookie formatting and the cookie prefix rules.
#include "http/cookies.h"

#include <gtest/gtest.h>

#include <string>

namespace keel::http {
namespace {

// Renders parsed cookies as `name=value|...`, or "error <status>".
std::string Render(const StatusOr<Cookies>& got) {
  if (!got.ok()) return "error " + std::to_string(HttpStatusOf(got.status().code()));
  std::string out;
  for (const auto& [name, value] : got->all()) {
    if (!out.empty()) out += "|";
    out += name + "=" + value;
  }
  return out;
}

std::string ManyCookies(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += (i ? "; c" : "c") + std::to_string(i) + "=v";
  return out;
}

TEST(CookieParseTest, Table) {
  const struct {
    const char* name;
    std::string header;
    std::string expected;
  } cases[] = {
      {"empty", "", ""},
      {"one", "a=1", "a=1"},
      {"two", "a=1; b=2", "a=1|b=2"},
      {"no space", "a=1;b=2", "a=1|b=2"},
      {"extra spaces", "  a = 1 ;   b=2  ;", "a=1|b=2"},
      {"quoted", "a=\"xyz\"", "a=xyz"},
      {"quoted empty", "a=\"\"", "a="},
      {"empty value", "a=; b=2", "a=|b=2"},
      {"value with =", "t=abc==", "t=abc=="},
      {"jwt", "__Host-keel_access=eyJ.eyJ.sig", "__Host-keel_access=eyJ.eyJ.sig"},
      {"not decoded", "a=%41+b", "a=%41+b"},
      {"first wins", "a=specific; a=general", "a=specific"},
      {"malformed skipped: no =", "junk; a=1", "a=1"},
      {"malformed skipped: empty name", "=x; a=1", "a=1"},
      {"malformed skipped: space in value", "a=x y; b=2", "b=2"},
      {"malformed skipped: comma", "a=x,y; b=2", "b=2"},
      {"malformed skipped: lone quote", "a=\"x; b=2", "b=2"},
      {"malformed skipped: control", "a=\x01; b=2", "b=2"},
      {"malformed skipped: non-ascii", "a=\xC3\xA9; b=2", "b=2"},
      {"malformed skipped: bad name", "a b=1; {c}=2; d=3", "d=3"},
      {"only separators", ";;; ;", ""},
      {"65 cookies", ManyCookies(65), "error 400"},
      {"too large", "a=" + std::string(8200, 'x'), "error 400"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Render(ParseCookieHeader(c.header)), c.expected) << c.name;
  }
}

TEST(CookieParseTest, LimitsAndLookup) {
  StatusOr<Cookies> many = ParseCookieHeader(ManyCookies(64));
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->size(), 64u);
  ASSERT_NE(many->Find("c63"), nullptr);
  EXPECT_EQ(*many->Find("c63"), "v");
  EXPECT_EQ(many->Find("c64"), nullptr);
  EXPECT_EQ(many->Find("C0"), nullptr);  // names are case-sensitive

  // Duplicates do not count towards the limit: the 65th pair repeats a name.
  EXPECT_TRUE(ParseCookieHeader(ManyCookies(64) + "; c0=again").ok());

  std::string at_limit = "a=" + std::string(kMaxCookieHeaderBytes - 2, 'x');
  EXPECT_TRUE(ParseCookieHeader(at_limit).ok());
  EXPECT_FALSE(ParseCookieHeader(at_limit + "x").ok());
  // 16 KB, as RELIABILITY 25 sends.
  StatusOr<Cookies> huge = ParseCookieHeader("a=" + std::string(16 * 1024, 'x'));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().code(), ErrorCode::kBadRequest);
}

SetCookie Base(std::string name, std::string value) {
  SetCookie c;
  c.name = std::move(name);
  c.value = std::move(value);
  return c;
}

TEST(CookieFormatTest, ExactStrings) {
  SetCookie access = Base("__Host-keel_access", "eyJ.eyJ.sig");
  access.max_age = 900;
  EXPECT_EQ(*FormatSetCookie(access),
            "__Host-keel_access=eyJ.eyJ.sig; Path=/; Max-Age=900; Secure; HttpOnly; SameSite=Lax");

  SetCookie refresh = Base("__Secure-keel_refresh", "abc_-123");
  refresh.path = "/api";
  refresh.max_age = 604800;
  refresh.same_site = SameSite::kStrict;
  EXPECT_EQ(*FormatSetCookie(refresh),
            "__Secure-keel_refresh=abc_-123; Path=/api; Max-Age=604800; Secure; HttpOnly; "
            "SameSite=Strict");

  SetCookie csrf = Base("__Host-keel_csrf", "tok");
  csrf.http_only = false;
  EXPECT_EQ(*FormatSetCookie(csrf), "__Host-keel_csrf=tok; Path=/; Secure; SameSite=Lax");

  SetCookie gone = Base("__Host-keel_access", "");
  gone.max_age = 0;
  EXPECT_EQ(*FormatSetCookie(gone),
            "__Host-keel_access=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");

  SetCookie plain = Base("pref", "dark");
  plain.secure = false;
  plain.http_only = false;
  plain.same_site = SameSite::kLax;
  EXPECT_EQ(*FormatSetCookie(plain), "pref=dark; Path=/; SameSite=Lax");

  SetCookie none = Base("x", "1");
  none.same_site = SameSite::kNone;
  EXPECT_EQ(*FormatSetCookie(none), "x=1; Path=/; Secure; HttpOnly; SameSite=None");
}

TEST(CookieFormatTest, RefusesInjection) {
  const char* bad_values[] = {"a; Domain=evil.com", "a b",      "a,b",  "\"q\"", "a\\b",
                              "a\r\nX: y",          "\xC3\xA9", "a\x7F"};
  for (const char* value : bad_values) {
    StatusOr<std::string> got = FormatSetCookie(Base("n", value));
    ASSERT_FALSE(got.ok()) << value;
    EXPECT_EQ(got.status().code(), ErrorCode::kInternal) << value;
    EXPECT_EQ(got.status().message(), "internal error") << value;  // detail only in the log
    EXPECT_FALSE(got.status().log_detail().empty());
  }
  for (const char* name : {"", "a=b", "a;b", "a b", "a\tb", "(x)", "n\xC3\xA9"}) {
    EXPECT_FALSE(FormatSetCookie(Base(name, "v")).ok()) << name;
  }
  SetCookie path = Base("n", "v");
  for (const char* p : {"", "api", "/a;b", "/a\nb"}) {
    path.path = p;
    EXPECT_FALSE(FormatSetCookie(path).ok()) << p;
  }
  SetCookie negative = Base("n", "v");
  negative.max_age = -1;
  EXPECT_FALSE(FormatSetCookie(negative).ok());
  SetCookie big = Base("n", std::string(4096, 'v'));
  EXPECT_FALSE(FormatSetCookie(big).ok());
}

TEST(CookieFormatTest, PrefixRules) {
  const struct {
    const char* name;
    SetCookie cookie;
    bool ok;
  } cases[] = {
      {"host ok", Base("__Host-a", "v"), true},
      {"host without secure",
       [] {
         SetCookie c = Base("__Host-a", "v");
         c.secure = false;
         return c;
       }(),
       false},
      {"host with path",
       [] {
         SetCookie c = Base("__Host-a", "v");
         c.path = "/api";
         return c;
       }(),
       false},
      {"secure ok with path",
       [] {
         SetCookie c = Base("__Secure-a", "v");
         c.path = "/api";
         return c;
       }(),
       true},
      {"secure without secure",
       [] {
         SetCookie c = Base("__Secure-a", "v");
         c.secure = false;
         return c;
       }(),
       false},
      {"samesite none without secure",
       [] {
         SetCookie c = Base("a", "v");
         c.secure = false;
         c.same_site = SameSite::kNone;
         return c;
       }(),
       false},
      {"plain insecure ok",
       [] {
         SetCookie c = Base("a", "v");
         c.secure = false;
         return c;
       }(),
       true},
  };
  for (const auto& c : cases) EXPECT_EQ(CheckSetCookie(c.cookie).ok(), c.ok) << c.name;
}

}  // namespace
}  // namespace keel::http
