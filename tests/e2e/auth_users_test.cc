// The users resource through the real stack (CONTRACT §5, RELIABILITY tests 33, 43, 44):
// a user reads and changes only their own account (another's is a 404, never a 403 that
// would confirm it exists), only an admin lists users or sets role / is_active / email,
// disabling an account ends its sessions on the next request, and deleting one takes
// its sessions along. The admin is made with `keel user create --admin`.
#include <gtest/gtest.h>

#include <string>

#include "e2e/auth_e2e_util.h"
#include "support/http_client.h"

namespace keel::test {
namespace {

struct AccessCase {
  const char* name;
  const char* method;
  std::string path;
  std::string body;
  long status;
};

TEST(AuthUsers, UserBCannotReadOrChangeUserA) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "owner-a");
  TestAccount b = RegisterAccount(client, "owner-b");
  const std::string a_path = "/api/v1/users/" + a.id;
  const std::string b_path = "/api/v1/users/" + b.id;
  const AccessCase cases[] = {
      {"list is for admins", "GET", "/api/v1/users", "", 403},
      {"read another", "GET", a_path, "", 404},
      {"patch another", "PATCH", a_path, "{\"name\":\"x\"}", 404},
      {"put another", "PUT", a_path, "{\"name\":\"x\"}", 404},
      {"delete another", "DELETE", a_path, "", 404},
      {"no such id", "GET", "/api/v1/users/00000000-0000-4000-8000-000000000000", "", 404},
      {"not an id", "GET", "/api/v1/users/me", "", 404},
      {"read self", "GET", b_path, "", 200},
      {"patch self", "PATCH", b_path, "{\"name\":\"Bee\"}", 200},
      {"promote self", "PATCH", b_path, "{\"role\":\"admin\"}", 403},
      {"re-enable self", "PATCH", b_path, "{\"is_active\":true}", 403},
      {"change own email", "PATCH", b_path, "{\"email\":\"new@example.com\"}", 403},
      {"unknown field", "PATCH", b_path, "{\"password_hash\":\"x\"}", 400},
  };
  for (const AccessCase& c : cases) {
    std::vector<std::string> headers = {BearerHeader(b)};
    if (!c.body.empty()) headers.push_back("Content-Type: application/json");
    HttpResponse r = client.Send(c.method, c.path, c.body, headers);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
  }
  HttpResponse still = client.Get(a_path, {BearerHeader(a)});
  EXPECT_EQ(still.String("/data/name"), "");  // untouched
  HttpResponse self = client.Get(b_path, {BearerHeader(b)});
  EXPECT_EQ(self.String("/data/name"), "Bee");
  EXPECT_EQ(self.String("/data/role"), "user");
}

TEST(AuthUsers, PutReplacesTheProfileFields) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "put");
  const std::string path = "/api/v1/users/" + a.id;
  HttpResponse r =
      client.PatchJson(path, "{\"name\":\"Anne\",\"avatar_url\":\"https://cdn.example/anne.png\"}",
                       {BearerHeader(a)});
  ASSERT_EQ(r.status, 200) << r.body;
  r = client.PutJson(path, "{\"name\":\"Ann\",\"id\":\"" + a.id + "\"}", {BearerHeader(a)});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.String("/data/name"), "Ann");
  EXPECT_TRUE(r.Has("/data/avatar_url"));
  EXPECT_EQ(r.String("/data/avatar_url"), "");  // null: PUT replaced it
}

TEST(AuthUsers, AdminListsChangesAndDeletes) {
  HttpClient client;
  TestAccount admin = CreateAdmin(client);
  if (admin.id.empty()) GTEST_SKIP() << "KEEL_BIN / KEEL_TEST_ENV_FILE not set";
  TestAccount a = RegisterAccount(client, "managed");
  const std::string path = "/api/v1/users/" + a.id;

  HttpResponse list = client.Get("/api/v1/users?email=" + a.email, {BearerHeader(admin)});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Int("/pagination/total"), 1);
  EXPECT_EQ(list.String("/data/0/id"), a.id);
  EXPECT_FALSE(list.Has("/data/0/password_hash"));
  std::string upper = a.email;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(
      client.Get("/api/v1/users?email=" + upper, {BearerHeader(admin)}).Int("/pagination/total"),
      1);
  HttpResponse admins = client.Get(
      "/api/v1/users?role=admin&is_active=true&sort=-created_at&limit=100", {BearerHeader(admin)});
  EXPECT_EQ(admins.status, 200) << admins.body;
  EXPECT_GE(admins.Int("/pagination/total"), 1);
  EXPECT_EQ(admins.String("/data/0/role"), "admin");
  EXPECT_EQ(client.Get("/api/v1/users?q=" + a.email.substr(0, 12), {BearerHeader(admin)}).status,
            200);
  for (const char* bad : {"sort=password_hash", "role=root", "is_active=maybe", "colour=red"}) {
    EXPECT_EQ(client.Get(std::string("/api/v1/users?") + bad, {BearerHeader(admin)}).status, 400)
        << bad;
  }
  EXPECT_EQ(client.Get(path, {BearerHeader(admin)}).status, 200);

  // Disabling ends A's session on the very next request.
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a)}).status, 200);
  HttpResponse off = client.PatchJson(path, "{\"is_active\":false}", {BearerHeader(admin)});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.Bool("/data/is_active"));
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a)}).status, 401);
  EXPECT_EQ(
      client.PostJson("/api/v1/auth/refresh", "{\"refresh_token\":\"" + a.refresh_token + "\"}")
          .status,
      401);
  EXPECT_EQ(client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword)).status, 403);
  HttpResponse on =
      client.PatchJson(path, "{\"is_active\":true,\"role\":\"admin\"}", {BearerHeader(admin)});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.String("/data/role"), "admin");
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a)}).status, 401);  // still revoked
  HttpResponse back = client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword));
  ASSERT_EQ(back.status, 200);
  TestAccount a2 = AccountFrom(back, a.email);
  EXPECT_EQ(client.Get("/api/v1/users", {BearerHeader(a2)}).status, 200);  // now an admin

  EXPECT_EQ(client.Delete(path, {BearerHeader(admin)}).status, 204);
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a2)}).status, 401);
  EXPECT_EQ(client.Get(path, {BearerHeader(admin)}).status, 404);
  EXPECT_EQ(client.PostJson("/api/v1/auth/login", Credentials(a.email, kE2ePassword)).status, 401);
}

TEST(AuthUsers, DeletingYourselfSignsYouOut) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "selfdelete");
  HttpResponse r = client.Delete("/api/v1/users/" + a.id, {BearerHeader(a)});
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(client.Get("/api/v1/auth/me", {BearerHeader(a)}).status, 401);
}

}  // namespace
}  // namespace keel::test
