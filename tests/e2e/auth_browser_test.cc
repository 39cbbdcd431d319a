// Auth through the real stack the way a browser uses it (CONTRACT §4.3, RELIABILITY
// tests 39 and 41): the three cookies and their attributes, cookie authentication with
// the X-CSRF-Token header (missing or wrong → 403), the Origin and Sec-Fetch-Site
// checks, refresh by cookie, logout clearing the cookies, and the no-JavaScript form
// login with its 303 and the refused open redirects.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/auth_e2e_util.h"
#include "support/http_client.h"

namespace keel::test {
namespace {

const char kAccess[] = "__Host-keel_access";
const char kRefresh[] = "__Secure-keel_refresh";
const char kCsrf[] = "__Host-keel_csrf";

std::string SiteOrigin() { return "Origin: " + EnvOr("KEEL_TEST_BASE_URL", ""); }

TEST(AuthBrowser, CookiesHaveTheContractAttributes) {
  HttpClient client;
  std::string email = UniqueEmail("cookies");
  HttpResponse r = client.PostJson("/api/v1/auth/register", Credentials(email, kE2ePassword));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string access = SetCookieFor(r, kAccess);
  std::string refresh = SetCookieFor(r, kRefresh);
  std::string csrf = SetCookieFor(r, kCsrf);
  EXPECT_EQ(access, std::string(kAccess) + "=" + r.String("/data/access_token") +
                        "; Path=/; Max-Age=900; Secure; HttpOnly; SameSite=Lax");
  EXPECT_EQ(refresh, std::string(kRefresh) + "=" + r.String("/data/refresh_token") +
                         "; Path=/api; Max-Age=604800; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(csrf, std::string(kCsrf) + "=" + r.String("/data/csrf_token") +
                      "; Path=/; Max-Age=604800; Secure; SameSite=Strict");
  for (const std::string& c : r.set_cookies) EXPECT_LT(c.size(), 4096u) << c;
}

struct CsrfCase {
  const char* name;
  std::vector<std::string> headers;
  long status;
};

TEST(AuthBrowser, CookieSessionWithCsrfHeader) {
  HttpClient client;
  client.EnableCookies();
  TestAccount a = RegisterAccount(client, "browser");
  ASSERT_FALSE(client.Cookie(kAccess).empty());
  ASSERT_FALSE(client.Cookie(kRefresh).empty());
  std::string csrf = client.Cookie(kCsrf);
  ASSERT_EQ(csrf, a.csrf_token);

  // Reads need nothing but the cookie.
  HttpResponse me = client.Get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.String("/data/id"), a.id);

  HttpClient other_client;  // no cookie jar: leaves this browser's cookies alone
  std::string other_csrf = RegisterAccount(other_client, "browser-other").csrf_token;
  const std::string good = "X-CSRF-Token: " + csrf;
  const CsrfCase cases[] = {
      {"no CSRF header", {}, 403},
      {"wrong CSRF header", {"X-CSRF-Token: " + std::string(43, 'A')}, 403},
      {"another session's CSRF token", {"X-CSRF-Token: " + other_csrf}, 403},
      {"right token, foreign Origin", {good, "Origin: https://evil.example"}, 403},
      {"right token, null Origin", {good, "Origin: null"}, 403},
      {"right token, cross-site fetch", {good, "Sec-Fetch-Site: cross-site"}, 403},
      {"right token", {good}, 200},
      {"right token, the site's Origin", {good, SiteOrigin(), "Sec-Fetch-Site: same-origin"}, 200},
  };
  for (const CsrfCase& c : cases) {
    HttpResponse r = client.PatchJson("/api/v1/auth/me", "{\"name\":\"Browser\"}", c.headers);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    if (c.status == 403) {
      EXPECT_EQ(r.ErrorCode(), "FORBIDDEN") << c.name;
    }
  }

  // Refresh by cookie (no body), from the site: new cookies, same CSRF token.
  std::string old_refresh = client.Cookie(kRefresh);
  HttpResponse refreshed = client.Send("POST", "/api/v1/auth/refresh", "", {SiteOrigin()});
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_NE(client.Cookie(kRefresh), old_refresh);
  EXPECT_EQ(client.Cookie(kRefresh), refreshed.String("/data/refresh_token"));
  EXPECT_EQ(client.Cookie(kAccess), refreshed.String("/data/access_token"));
  EXPECT_EQ(client.Cookie(kCsrf), csrf);
  HttpResponse forged =
      client.Send("POST", "/api/v1/auth/refresh", "", {"Origin: https://evil.example"});
  EXPECT_EQ(forged.status, 403) << forged.body;

  // Logout clears the cookies; the jar then holds nothing that works.
  HttpResponse out = client.Send("POST", "/api/v1/auth/logout", "", {good});
  EXPECT_EQ(out.status, 204) << out.body;
  for (const char* name : {kAccess, kRefresh, kCsrf}) {
    std::string cleared = SetCookieFor(out, name);
    EXPECT_EQ(cleared.rfind(std::string(name) + "=;", 0), 0u) << cleared;
    EXPECT_NE(cleared.find("; Max-Age=0;"), std::string::npos) << cleared;
  }
  EXPECT_TRUE(client.Cookie(kAccess).empty());
  EXPECT_EQ(client.Get("/api/v1/auth/me").status, 401);
}

TEST(AuthBrowser, BearerNeedsNoCsrfToken) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "bearer");
  HttpResponse r = client.PatchJson("/api/v1/auth/me", "{\"name\":\"Script\"}",
                                    {BearerHeader(a), "Origin: https://evil.example"});
  EXPECT_EQ(r.status, 200) << r.body;
}

struct FormCase {
  const char* name;
  std::string body;
  long status;
  std::string location;  // for 303
  const char* field;     // for 400
};

TEST(AuthBrowser, NoJavaScriptFormLogin) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "nojs");
  const std::string creds = "email=" + a.email + "&password=correct+horse+battery+staple";
  const FormCase cases[] = {
      {"relative next", creds + "&next=%2Fdashboard%3Ftab%3D1", 303, "/dashboard?tab=1", ""},
      {"root", creds + "&next=/", 303, "/", ""},
      {"absolute next", creds + "&next=https%3A%2F%2Fevil.example%2F", 400, "", "next"},
      {"protocol-relative next", creds + "&next=%2F%2Fevil.example", 400, "", "next"},
      {"backslash next", creds + "&next=%2F%5Cevil.example", 400, "", "next"},
      {"CRLF next", creds + "&next=%2Fa%0D%0ALocation%3A+x", 400, "", "next"},
      {"javascript next", creds + "&next=javascript%3Aalert(1)", 400, "", "next"},
      {"too long next", creds + "&next=%2F" + std::string(600, 'a'), 400, "", "next"},
      {"wrong password, error page",
       "email=" + a.email + "&password=wrong+password&next=%2Fhome&error=%2Flogin", 303,
       "/login?error=UNAUTHORIZED", ""},
      {"missing password, error page", "email=" + a.email + "&next=%2Fhome&error=%2Flogin%3Fx%3D1",
       303, "/login?x=1&error=VALIDATION_ERROR", ""},
      {"absolute error page", creds + "&next=%2Fhome&error=https%3A%2F%2Fevil.example", 400, "",
       "error"},
  };
  for (const FormCase& c : cases) {
    HttpResponse r = client.PostForm("/api/v1/auth/login", c.body, {"Accept: text/html"});
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    if (c.status == 303) {
      EXPECT_EQ(r.Header("location"), c.location) << c.name;
    } else {
      EXPECT_EQ(r.String("/error/field"), c.field) << c.name;
      EXPECT_TRUE(r.Header("location").empty()) << c.name;
    }
    bool signed_in = c.status == 303 && c.location.find("error=") == std::string::npos;
    EXPECT_EQ(!SetCookieFor(r, kAccess).empty(), signed_in) << c.name;
  }
  // Without Accept: text/html the same form gets JSON.
  HttpResponse json = client.PostForm("/api/v1/auth/login", creds + "&next=%2Fdashboard");
  EXPECT_EQ(json.status, 200);
  EXPECT_EQ(json.String("/data/user/id"), a.id);
}

TEST(AuthBrowser, NoJavaScriptFormRegister) {
  HttpClient client;
  client.EnableCookies();
  std::string email = UniqueEmail("nojs-reg");
  HttpResponse r = client.PostForm(
      "/api/v1/auth/register",
      "email=" + email + "&password=correct+horse+battery+staple&name=Form+User&next=%2Fwelcome",
      {"Accept: text/html,application/xhtml+xml", SiteOrigin()});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("location"), "/welcome");
  HttpResponse me = client.Get("/api/v1/auth/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.String("/data/name"), "Form User");
}

TEST(AuthBrowser, CrossSiteFormsCannotSignYouIn) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "login-csrf");
  const std::string creds = "email=" + a.email + "&password=correct+horse+battery+staple";
  HttpResponse evil = client.PostForm(
      "/api/v1/auth/login", creds + "&next=%2F",
      {"Accept: text/html", "Origin: https://evil.example", "Sec-Fetch-Site: cross-site"});
  EXPECT_EQ(evil.status, 403) << evil.body;
  EXPECT_TRUE(SetCookieFor(evil, kAccess).empty());
  HttpResponse null_origin =
      client.PostForm("/api/v1/auth/register",
                      "email=" + UniqueEmail("x") + "&password=long+enough+pw", {"Origin: null"});
  EXPECT_EQ(null_origin.status, 403);
  // text/plain is what a cross-site form can send without a preflight: never accepted.
  HttpResponse plain = client.Send("POST", "/api/v1/auth/login", creds,
                                   {"Content-Type: text/plain", "Accept: text/html"});
  EXPECT_EQ(plain.status, 415);
}

}  // namespace
}  // namespace keel::test
