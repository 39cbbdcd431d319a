// Personal API keys through the real stack: the key's format and checksum, scopes
// (allowed and refused, write implying read, *:read by default), the account routes a
// key never reaches, a deleted key refused on the very next request, an expired key
// refused, and last_used_at recorded.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "e2e/auth_e2e_util.h"
#include "support/http_client.h"

namespace keel::test {
namespace {

struct Key {
  std::string id;
  std::string key;
};

std::string KeyHeader(const Key& k) { return "Authorization: Bearer " + k.key; }

Key CreateKey(HttpClient& client, const TestAccount& a, const std::string& body) {
  HttpResponse r = client.PostJson("/api/v1/auth/api-keys", body, {BearerHeader(a)});
  EXPECT_EQ(r.status, 201) << r.body;
  return Key{r.String("/data/id"), r.String("/data/key")};
}

TEST(ApiKeys, CreatedOnceWithChecksummedFormatAndListedWithoutSecret) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "apikey-format");
  HttpResponse r = client.PostJson("/api/v1/auth/api-keys",
                                   R"({"name":"cron","scopes":["tasks:write","tasks:write"]})",
                                   {BearerHeader(a)});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string key = r.String("/data/key");
  EXPECT_TRUE(std::regex_match(key, std::regex("keel_[0-9A-Za-z]{49}"))) << key;
  EXPECT_EQ(r.String("/data/prefix"), key.substr(0, 12));
  EXPECT_EQ(r.String("/data/scopes/0"), "tasks:write");
  EXPECT_FALSE(r.Has("/data/scopes/1"));  // duplicates removed

  HttpResponse list = client.Get("/api/v1/auth/api-keys", {BearerHeader(a)});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.String("/data/0/name"), "cron");
  EXPECT_EQ(list.String("/data/0/prefix"), key.substr(0, 12));
  EXPECT_FALSE(list.Has("/data/0/key"));
  EXPECT_EQ(list.body.find(key.substr(12)), std::string::npos) << "the secret is never listed";

  // A single changed character breaks the checksum: 401 before any lookup.
  std::string typo = key;
  typo[20] = typo[20] == 'x' ? 'y' : 'x';
  HttpResponse bad = client.Get("/api/v1/tasks", {"Authorization: Bearer " + typo});
  EXPECT_EQ(bad.status, 401) << bad.body;
  // Malformed requests get a clear 400.
  const char* invalid[] = {R"({"scopes":["tasks:read"]})", R"({"name":"x","scopes":["tasks"]})",
                           R"({"name":"x","scopes":["nope:read"]})",
                           R"({"name":"x","scopes":"tasks:read"})",
                           R"({"name":"x","expires_at":"2001-01-01T00:00:00Z"})"};
  for (const char* body : invalid) {
    HttpResponse v = client.PostJson("/api/v1/auth/api-keys", body, {BearerHeader(a)});
    // A JSON string of scopes is accepted (space-separated, as a form sends it).
    if (std::string(body).find("\"scopes\":\"") != std::string::npos) {
      EXPECT_EQ(v.status, 201) << body << ": " << v.body;
      continue;
    }
    EXPECT_EQ(v.status, 400) << body << ": " << v.body;
    EXPECT_EQ(v.ErrorCode(), "VALIDATION_ERROR") << v.body;
  }
}

TEST(ApiKeys, ScopesAllowAndRefusePerRoute) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "apikey-scopes");
  Key tasks = CreateKey(client, a, R"({"name":"t","scopes":["tasks:write","time-entries:read"]})");
  Key reader = CreateKey(client, a, R"({"name":"r"})");  // *:read

  // tasks:write: writes and reads tasks with no CSRF token and no cookie.
  HttpResponse made =
      client.PostJson("/api/v1/tasks", R"({"title":"from cron"})", {KeyHeader(tasks)});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string task_id = made.String("/data/id");
  EXPECT_EQ(client.Get("/api/v1/tasks/" + task_id, {KeyHeader(tasks)}).status, 200);
  EXPECT_EQ(
      client.PatchJson("/api/v1/tasks/" + task_id, R"({"title":"renamed"})", {KeyHeader(tasks)})
          .status,
      200);
  EXPECT_EQ(client.Get("/api/v1/time-entries", {KeyHeader(tasks)}).status, 200);
  HttpResponse no_write =
      client.PostJson("/api/v1/projects", R"({"title":"P"})", {KeyHeader(tasks)});
  EXPECT_EQ(no_write.status, 403) << no_write.body;
  EXPECT_NE(no_write.body.find("projects:write"), std::string::npos) << no_write.body;
  EXPECT_EQ(client.Get("/api/v1/projects", {KeyHeader(tasks)}).status, 403);

  // *:read: reads everything of the owner's, writes nothing.
  HttpResponse listed = client.Get("/api/v1/tasks", {KeyHeader(reader)});
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.String("/data/0/title"), "renamed");
  EXPECT_EQ(client.Get("/api/v1/projects", {KeyHeader(reader)}).status, 200);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {KeyHeader(reader)}).String("/data/id"), a.id);
  EXPECT_EQ(client.PostJson("/api/v1/tasks", R"({"title":"x"})", {KeyHeader(reader)}).status, 403);
  EXPECT_EQ(client.Delete("/api/v1/tasks/" + task_id, {KeyHeader(reader)}).status, 403);
  // A user's key does not make them an admin.
  EXPECT_EQ(client.Get("/api/v1/users", {KeyHeader(reader)}).status, 403);
  // Another user's data stays invisible (404) to a key with every scope.
  TestAccount b = RegisterAccount(client, "apikey-other");
  Key b_all = CreateKey(client, b, R"({"name":"all","scopes":["*:write"]})");
  EXPECT_EQ(client.Get("/api/v1/tasks/" + task_id, {KeyHeader(b_all)}).status, 404);
}

TEST(ApiKeys, NeverReachTheAccountRoutes) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "apikey-account");
  Key all = CreateKey(client, a, R"({"name":"all","scopes":["*:write"]})");
  struct Case {
    const char* method;
    std::string path;
    std::string body;
  };
  const Case cases[] = {
      {"POST", "/api/v1/auth/password",
       R"({"current_password":"correct horse battery staple","new_password":"another long passphrase"})"},
      {"PATCH", "/api/v1/auth/me", R"({"name":"Mallory"})"},
      {"POST", "/api/v1/auth/api-keys", R"({"name":"more"})"},
      {"DELETE", "/api/v1/auth/api-keys/" + all.id, ""},
      {"DELETE", "/api/v1/auth/sessions/00000000-0000-4000-8000-000000000000", ""},
      {"POST", "/api/v1/auth/logout", "{}"},
      {"POST", "/api/v1/auth/logout-all", "{}"},
      {"PATCH", "/api/v1/users/" + a.id, R"({"name":"Mallory"})"},
      {"DELETE", "/api/v1/users/" + a.id, ""},
  };
  for (const Case& c : cases) {
    std::vector<std::string> headers = {KeyHeader(all)};
    if (!c.body.empty()) headers.push_back("Content-Type: application/json");
    HttpResponse r = client.Send(c.method, c.path, c.body, headers);
    EXPECT_EQ(r.status, 403) << c.method << " " << c.path << ": " << r.body;
  }
  // Nothing changed: the password still signs in, the key still works.
  EXPECT_EQ(client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword)).status, 200);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {KeyHeader(all)}).String("/data/name"), "");
}

TEST(ApiKeys, DeletedKeyIsRefusedOnTheNextRequest) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "apikey-revoke");
  Key k = CreateKey(client, a, R"({"name":"soon gone"})");
  ASSERT_EQ(client.Get("/api/v1/tasks", {KeyHeader(k)}).status, 200);
  HttpResponse used = client.Get("/api/v1/auth/api-keys", {BearerHeader(a)});
  EXPECT_FALSE(used.String("/data/0/last_used_at").empty()) << used.body;
  // Another account cannot delete it.
  TestAccount b = RegisterAccount(client, "apikey-revoke-other");
  EXPECT_EQ(client.Delete("/api/v1/auth/api-keys/" + k.id, {BearerHeader(b)}).status, 404);
  ASSERT_EQ(client.Delete("/api/v1/auth/api-keys/" + k.id, {BearerHeader(a)}).status, 204);
  HttpResponse r = client.Get("/api/v1/tasks", {KeyHeader(k)});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.ErrorCode(), "UNAUTHORIZED");
  EXPECT_EQ(client.Delete("/api/v1/auth/api-keys/" + k.id, {BearerHeader(a)}).status, 404);
}

TEST(ApiKeys, ExpiredKeyIsRefused) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "apikey-expiry");
  // Expires two seconds from now by the server's clock (PostgreSQL's), read from a key.
  auto expires = std::chrono::system_clock::now() + std::chrono::seconds(3);
  std::time_t t = std::chrono::system_clock::to_time_t(expires);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  Key k = CreateKey(client, a, std::string(R"({"name":"short","expires_at":")") + stamp + "\"}");
  ASSERT_FALSE(k.key.empty());
  EXPECT_EQ(client.Get("/api/v1/tasks", {KeyHeader(k)}).status, 200);
  // Bounded wait: refused once the expiry has passed, within 10 s at most.
  long status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    status = client.Get("/api/v1/tasks", {KeyHeader(k)}).status;
    if (status != 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(status, 401);
  EXPECT_GE(std::chrono::system_clock::now(), expires - std::chrono::seconds(1));
}

}  // namespace
}  // namespace keel::test
