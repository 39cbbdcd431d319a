// Auth through the real stack, the way a script uses it (Authorization: Bearer):
// register → login → me → refresh → logout → the old token refused; the aliases; the
// validation table; JSON, form-encoded and multipart logins; enumeration; throttling;
// password change; sessions and events (CONTRACT §4).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "e2e/auth_e2e_util.h"
#include "support/http_client.h"

namespace keel::test {
namespace {

TEST(AuthFlow, RegisterLoginMeRefreshLogout) {
  HttpClient client;
  std::string email = UniqueEmail("Flow");
  HttpResponse reg =
      client.PostJson("/api/v1/auth/register", "{\"email\":" + JsonString("  " + email + " ") +
                                                   ",\"password\":" + JsonString(kE2ePassword) +
                                                   ",\"name\":\"Flo\"}");
  ASSERT_EQ(reg.status, 201) << reg.body;
  std::string id = reg.String("/data/user/id");
  std::string lower = email;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(reg.String("/data/user/email"), lower);
  EXPECT_EQ(reg.String("/data/user/name"), "Flo");
  EXPECT_EQ(reg.String("/data/user/role"), "user");
  EXPECT_TRUE(reg.Bool("/data/user/is_active"));
  EXPECT_FALSE(reg.Has("/data/user/password_hash"));
  EXPECT_FALSE(reg.Has("/data/user/password"));
  EXPECT_EQ(reg.String("/data/token_type"), "Bearer");
  EXPECT_EQ(reg.Int("/data/expires_in"), 900);
  EXPECT_EQ(reg.Header("location"), "/api/v1/users/" + id);
  EXPECT_EQ(reg.String("/data/refresh_token").size(), 43u);

  HttpResponse login = client.PostJson("/api/auth/login", Credentials(lower, kE2ePassword));
  ASSERT_EQ(login.status, 200) << login.body;
  TestAccount a = AccountFrom(login, lower);
  EXPECT_FALSE(login.String("/data/user/last_login").empty());

  HttpResponse me = client.Get("/api/v1/auth/me", {BearerHeader(a)});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.String("/data/id"), id);

  HttpResponse refreshed =
      client.PostJson("/api/v1/auth/refresh", "{\"refresh_token\":\"" + a.refresh_token + "\"}");
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  TestAccount b = AccountFrom(refreshed, lower);
  EXPECT_NE(b.refresh_token, a.refresh_token);
  EXPECT_EQ(refreshed.String("/data/user/id"), id);
  // A second tab presenting the same token right away gets the same pair.
  HttpResponse again =
      client.PostJson("/api/v1/auth/refresh", "{\"refresh_token\":\"" + a.refresh_token + "\"}");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.String("/data/refresh_token"), b.refresh_token);
  EXPECT_EQ(again.String("/data/access_token"), b.access_token);

  HttpResponse out = client.Send("POST", "/api/v1/auth/logout", "", {BearerHeader(b)});
  EXPECT_EQ(out.status, 204) << out.body;
  for (const TestAccount& t : {a, b}) {
    HttpResponse dead = client.Get("/api/v1/auth/me", {BearerHeader(t)});
    EXPECT_EQ(dead.status, 401) << dead.body;
    EXPECT_EQ(dead.ErrorCode(), "UNAUTHORIZED");
  }
  HttpResponse dead_refresh =
      client.PostJson("/api/v1/auth/refresh", "{\"refresh_token\":\"" + b.refresh_token + "\"}");
  EXPECT_EQ(dead_refresh.status, 401);
}

TEST(AuthFlow, AliasesReachRegisterAndLogin) {
  HttpClient client;
  for (const char* path :
       {"/api/signup", "/api/auth/signup", "/api/v1/auth/signup", "/api/auth/register"}) {
    std::string email = UniqueEmail("alias");
    HttpResponse r = client.PostJson(path, Credentials(email, kE2ePassword));
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    for (const char* login : {"/api/login", "/api/v1/auth/login"}) {
      HttpResponse l = client.PostJson(login, Credentials(email, kE2ePassword));
      EXPECT_EQ(l.status, 200) << login << " " << l.body;
    }
  }
}

struct ValidationCase {
  const char* name;
  std::string body;
  long status;
  const char* code;
  const char* field;
};

TEST(AuthFlow, RegisterValidationTable) {
  HttpClient client;
  std::string taken = RegisterAccount(client, "taken").email;
  std::string fresh = UniqueEmail("v");
  const ValidationCase cases[] = {
      {"missing email", "{\"password\":\"long enough pw\"}", 400, "VALIDATION_ERROR", "email"},
      {"bad email", Credentials("not-an-email", kE2ePassword), 400, "VALIDATION_ERROR", "email"},
      {"missing password", "{\"email\":" + JsonString(fresh) + "}", 400, "VALIDATION_ERROR",
       "password"},
      {"short password", Credentials(fresh, "short"), 400, "VALIDATION_ERROR", "password"},
      {"password is the email", Credentials(fresh, fresh), 400, "VALIDATION_ERROR", "password"},
      {"password over 1024 bytes", Credentials(fresh, std::string(1025, 'p')), 400,
       "VALIDATION_ERROR", "password"},
      {"unknown field",
       "{\"email\":" + JsonString(fresh) + ",\"password\":\"long enough pw\",\"role\":\"admin\"}",
       400, "VALIDATION_ERROR", "role"},
      {"taken email", Credentials(taken, kE2ePassword), 409, "CONFLICT", ""},
      {"taken email, other case",
       Credentials(" " + std::string(1, 'T') + taken.substr(1), kE2ePassword), 409, "CONFLICT", ""},
      {"open redirect",
       "{\"email\":" + JsonString(fresh) +
           ",\"password\":\"long enough pw\",\"next\":\"https://evil.example\"}",
       400, "VALIDATION_ERROR", "next"},
  };
  for (const ValidationCase& c : cases) {
    HttpResponse r = client.PostJson("/api/v1/auth/register", c.body);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << c.name;
    EXPECT_EQ(r.String("/error/field"), c.field) << c.name;
  }
}

TEST(AuthFlow, FormAndMultipartLoginsReachTheSameRules) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "forms");
  HttpResponse form = client.PostForm(
      "/api/v1/auth/login", "email=" + a.email + "&password=correct+horse+battery+staple");
  EXPECT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(form.String("/data/user/id"), a.id);
  HttpResponse multipart =
      client.PostMultipart("/api/v1/auth/login", {{"email", a.email}, {"password", kE2ePassword}});
  EXPECT_EQ(multipart.status, 200) << multipart.body;
  EXPECT_EQ(multipart.String("/data/user/id"), a.id);
  HttpResponse missing = client.PostMultipart("/api/v1/auth/login", {{"email", a.email}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.String("/error/field"), "password");
  HttpResponse text =
      client.Send("POST", "/api/v1/auth/login", "email=x", {"Content-Type: text/plain"});
  EXPECT_EQ(text.status, 415);
}

TEST(AuthFlow, WrongEmailAndWrongPasswordLookTheSame) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "enum");
  HttpResponse wrong_password =
      client.PostJson("/api/v1/auth/login", Credentials(a.email, "not the password"));
  HttpResponse wrong_email = client.PostJson(
      "/api/v1/auth/login", Credentials(UniqueEmail("enum-nobody"), "not the password"));
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(wrong_email.status, wrong_password.status);
  EXPECT_EQ(wrong_email.body, wrong_password.body);
  EXPECT_EQ(wrong_password.ErrorCode(), "UNAUTHORIZED");
}

TEST(AuthFlow, FailedLoginsAreThrottledPerAccount) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "throttle");
  for (int i = 0; i < 5; ++i) {
    HttpResponse r = client.PostJson("/api/v1/auth/login", Credentials(a.email, "wrong guess!"));
    EXPECT_EQ(r.status, 401) << i << " " << r.body;
  }
  HttpResponse blocked = client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword));
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(blocked.ErrorCode(), "RATE_LIMITED");
  int retry_after = std::atoi(blocked.Header("retry-after").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 900);
  // The account's existing sessions are unaffected.
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a)}).status, 200);
  HttpResponse events = client.Get("/api/v1/auth/events?type=throttled", {BearerHeader(a)});
  EXPECT_EQ(events.Int("/pagination/total"), 1) << events.body;
}

TEST(AuthFlow, PasswordChangeRevokesOtherSessions) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "pw");
  HttpResponse other = client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword));
  TestAccount b = AccountFrom(other, a.email);
  HttpResponse wrong = client.PostJson(
      "/api/v1/auth/password",
      "{\"current_password\":\"not it at all\",\"new_password\":\"a new password\"}",
      {BearerHeader(a)});
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.String("/error/field"), "current_password");
  HttpResponse changed = client.PostJson(
      "/api/v1/auth/password",
      "{\"current_password\":" + JsonString(kE2ePassword) + ",\"new_password\":\"a new password\"}",
      {BearerHeader(a)});
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a)}).status, 200);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(b)}).status, 401);
  EXPECT_EQ(client.PostJson("/api/v1/auth/login", Credentials(a.email, "a new password")).status,
            200);
}

TEST(AuthFlow, SessionsAndEventsAreTheCallersOwn) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "sessions");
  TestAccount b = RegisterAccount(client, "sessions-other");
  HttpResponse second = client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword),
                                        {"User-Agent: second-device/1.0"});
  TestAccount a2 = AccountFrom(second, a.email);
  HttpResponse list = client.Get("/api/v1/auth/sessions", {BearerHeader(a)});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Int("/pagination/total"), 2);
  // Most recently used first: the second login; the caller's own is marked current.
  EXPECT_EQ(list.String("/data/0/user_agent"), "second-device/1.0");
  EXPECT_FALSE(list.Bool("/data/0/current"));
  EXPECT_TRUE(list.Bool("/data/1/current"));
  std::string second_id = list.String("/data/0/id");
  HttpResponse b_list = client.Get("/api/v1/auth/sessions", {BearerHeader(b)});
  std::string b_session = b_list.String("/data/0/id");
  EXPECT_EQ(client.Delete("/api/v1/auth/sessions/" + b_session, {BearerHeader(a)}).status, 404);
  EXPECT_EQ(client.Delete("/api/v1/auth/sessions/not-a-uuid", {BearerHeader(a)}).status, 404);
  EXPECT_EQ(client.Delete("/api/v1/auth/sessions/" + second_id, {BearerHeader(a)}).status, 204);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a2)}).status, 401);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(b)}).status, 200);

  HttpResponse events = client.Get("/api/v1/auth/events?limit=2", {BearerHeader(a)});
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_EQ(events.Int("/pagination/total"), 3);  // register, login_ok, session_revoked
  EXPECT_EQ(events.Int("/pagination/pages"), 2);
  EXPECT_EQ(events.String("/data/0/type"), "session_revoked");
  EXPECT_EQ(events.String("/data/1/type"), "login_ok");
  HttpResponse page2 = client.Get("/api/v1/auth/events?limit=2&page=2", {BearerHeader(a)});
  EXPECT_EQ(page2.String("/data/0/type"), "register");
  EXPECT_EQ(client.Get("/api/v1/auth/events?type=bogus", {BearerHeader(a)}).status, 400);
  EXPECT_EQ(client.Get("/api/v1/auth/events?colour=red", {BearerHeader(a)}).status, 400);
}

TEST(AuthFlow, LogoutAllEndsEverySession) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "all");
  TestAccount a2 = AccountFrom(
      client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword)), a.email);
  EXPECT_EQ(client.Send("POST", "/api/v1/auth/logout-all", "", {BearerHeader(a2)}).status, 204);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a)}).status, 401);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a2)}).status, 401);
}

TEST(AuthFlow, PatchMe) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "me");
  HttpResponse r = client.PatchJson(
      "/api/v1/auth/me", "{\"name\":\"New Name\",\"avatar_url\":\"https://cdn.example/a.png\"}",
      {BearerHeader(a)});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.String("/data/name"), "New Name");
  EXPECT_EQ(r.String("/data/avatar_url"), "https://cdn.example/a.png");
  r = client.PatchJson("/api/v1/auth/me", "{\"avatar_url\":null}", {BearerHeader(a)});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.Has("/data/avatar_url"));
  EXPECT_EQ(r.String("/data/name"), "New Name");
  const ValidationCase cases[] = {
      {"javascript avatar", "{\"avatar_url\":\"javascript:alert(1)\"}", 400, "VALIDATION_ERROR",
       "avatar_url"},
      {"long name", "{\"name\":\"" + std::string(101, 'n') + "\"}", 400, "VALIDATION_ERROR",
       "name"},
      {"role is not a profile field", "{\"role\":\"admin\"}", 400, "VALIDATION_ERROR", "role"},
  };
  for (const ValidationCase& c : cases) {
    HttpResponse bad = client.PatchJson("/api/v1/auth/me", c.body, {BearerHeader(a)});
    EXPECT_EQ(bad.status, c.status) << c.name << " " << bad.body;
    EXPECT_EQ(bad.String("/error/field"), c.field) << c.name;
  }
}

// Owner-scoped reads send the session check with their own query (one round trip):
// after logout the same token gets 401 and nothing of the data, whatever the handler
// did (a list, a single row, a report, a bad filter answered before any query).
TEST(AuthFlow, OwnerReadsWithARevokedSessionAre401) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "ownerread");
  HttpResponse created =
      client.PostJson("/api/v1/tasks", "{\"title\":\"secret task\"}", {BearerHeader(a)});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string task = "/api/v1/tasks/" + created.String("/data/id");
  HttpResponse live = client.Get("/api/v1/tasks", {BearerHeader(a)});
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.Int("/pagination/total"), 1);
  EXPECT_EQ(client.Get(task, {BearerHeader(a)}).status, 200);
  EXPECT_EQ(client.Get("/api/v1/tasks?colour=red", {BearerHeader(a)}).status, 400);

  ASSERT_EQ(client.Send("POST", "/api/v1/auth/logout", "", {BearerHeader(a)}).status, 204);
  for (const std::string& path :
       {std::string("/api/v1/tasks"), task, std::string("/api/v1/tasks?colour=red"),
        std::string("/api/v1/projects"), std::string("/api/v1/dashboard/data"),
        std::string("/api/v1/reports/time?from=2026-01-01&to=2026-12-31")}) {
    HttpResponse dead = client.Get(path, {BearerHeader(a)});
    EXPECT_EQ(dead.status, 401) << path << " " << dead.body;
    EXPECT_EQ(dead.ErrorCode(), "UNAUTHORIZED") << path;
    EXPECT_EQ(dead.body.find("secret task"), std::string::npos) << path;
  }
}

// Owner-scoped writes send the session check with their first statement (one round
// trip, one transaction; for a session that is not live the check raises and the write
// never runs): after logout the same token gets 401 and nothing is written, whichever
// way the write goes: a plain create, replace, patch or delete; a create with an
// Idempotency-Key and a PATCH with If-Match (keel's own transaction, whose BEGIN takes
// the check first); a body refused before any statement.
TEST(AuthFlow, OwnerWritesWithARevokedSessionAre401AndWriteNothing) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "ownerwrite");
  HttpResponse created =
      client.PostJson("/api/v1/tasks", "{\"title\":\"kept\"}", {BearerHeader(a)});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string task = "/api/v1/tasks/" + created.String("/data/id");
  const std::string etag = client.Get(task, {BearerHeader(a)}).Header("etag");
  ASSERT_FALSE(etag.empty());
  // While the session is live, the same kinds of write go through.
  HttpResponse live = client.PatchJson(task, "{\"priority\":\"low\"}", {BearerHeader(a)});
  ASSERT_EQ(live.status, 200) << live.body;

  ASSERT_EQ(client.Send("POST", "/api/v1/auth/logout", "", {BearerHeader(a)}).status, 204);
  const std::string bearer = BearerHeader(a);
  const std::vector<std::pair<std::string, HttpResponse>> dead = {
      {"create", client.PostJson("/api/v1/tasks", "{\"title\":\"written\"}", {bearer})},
      {"create with Idempotency-Key",
       client.PostJson("/api/v1/tasks", "{\"title\":\"written\"}",
                       {bearer, "Idempotency-Key: revoked-" + a.id})},
      {"replace", client.PutJson(task, "{\"title\":\"written\"}", {bearer})},
      {"patch", client.PatchJson(task, "{\"title\":\"written\"}", {bearer})},
      {"patch with If-Match",
       client.PatchJson(task, "{\"title\":\"written\"}", {bearer, "If-Match: " + etag})},
      {"delete", client.Delete(task, {bearer})},
      {"invalid body", client.PostJson("/api/v1/tasks", "{\"title\":\"\"}", {bearer})},
      {"note", client.PostJson("/api/v1/notes", "{\"title\":\"written\"}", {bearer})},
  };
  for (const auto& [what, r] : dead) {
    EXPECT_EQ(r.status, 401) << what << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), "UNAUTHORIZED") << what;
  }

  HttpResponse again = client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword));
  ASSERT_EQ(again.status, 200) << again.body;
  TestAccount b = AccountFrom(again, a.email);
  HttpResponse tasks = client.Get("/api/v1/tasks", {BearerHeader(b)});
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  EXPECT_EQ(tasks.Int("/pagination/total"), 1) << tasks.body;
  EXPECT_EQ(tasks.String("/data/0/title"), "kept");
  EXPECT_EQ(tasks.String("/data/0/priority"), "low");
  EXPECT_EQ(client.Get("/api/v1/notes", {BearerHeader(b)}).Int("/pagination/total"), 0);
}

TEST(AuthFlow, ProtectedRoutesNeedAToken) {
  HttpClient client;
  for (const char* path :
       {"/api/v1/auth/me", "/api/v1/auth/sessions", "/api/v1/auth/events", "/api/v1/users",
        "/api/v1/tasks", "/api/v1/tasks/00000000-0000-0000-0000-000000000000",
        "/api/v1/reports/time"}) {
    HttpResponse r = client.Get(path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.ErrorCode(), "UNAUTHORIZED") << path;
    r = client.Get(path, {"Authorization: Bearer not.a.jwt"});
    EXPECT_EQ(r.status, 401) << path;
  }
}

}  // namespace
}  // namespace keel::test
