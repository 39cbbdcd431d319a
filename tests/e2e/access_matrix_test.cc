// RELIABILITY 43 (BOLA matrix) and 46 for the owner-scoped resources: every operation on
// one user's object × {owner, another user, an admin, anonymous}. Owner-scoped means an
// admin has no special access either: another user's object is a 404 for everybody but
// its owner (CONTRACT §5), anonymous is a 401. Afterwards the object is intact.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/auth_e2e_util.h"
#include "e2e/resource_e2e_util.h"

namespace keel::test {
namespace {

struct Resource {
  std::string collection;  // "/api/v1/tasks"
  std::string create;      // JSON body creating one
  std::string put;         // JSON body for PUT ("" = no PUT route)
  std::string patch;       // JSON body for PATCH ("" = no PATCH route)
  bool deletable = true;
};

TEST(AccessMatrix, OwnerOtherAdminAnonymous) {
  HttpClient client;
  TestAccount owner = RegisterAccount(client, "bola-owner");
  TestAccount other = RegisterAccount(client, "bola-other");
  TestAccount admin = CreateAdmin(client);
  const bool have_admin = !admin.id.empty();

  HttpResponse project =
      client.PostJson("/api/v1/projects", R"({"title":"P"})", {BearerHeader(owner)});
  ASSERT_EQ(project.status, 201);
  std::string entry_body =
      R"({"project_id":")" + project.String("/data/id") +
      R"(","start_time":"2025-01-01T09:00:00Z","end_time":"2025-01-01T10:00:00Z"})";
  const Resource resources[] = {
      {"/api/v1/tasks", R"({"title":"T"})", R"({"title":"T2"})", R"({"completed":true})"},
      {"/api/v1/projects", R"({"title":"P"})", R"({"title":"P2"})", R"({"description":"d"})"},
      {"/api/v1/time-entries", entry_body, entry_body, R"({"description":"d"})"},
      {"/api/v1/dashboard/metrics", R"({"metric_type":"m","metric_value":1})", "", "", false},
      {"/api/v1/webhook-endpoints", R"({"name":"W"})", "", ""},
  };
  for (const Resource& res : resources) {
    SCOPED_TRACE(res.collection);
    HttpResponse created = client.PostJson(res.collection, res.create, {BearerHeader(owner)});
    ASSERT_EQ(created.status, 201) << created.body;
    std::string path = res.collection + "/" + created.String("/data/id");

    struct Caller {
      const char* who;
      std::vector<std::string> headers;
      long status;  // for every operation
    };
    std::vector<Caller> callers = {{"other", {BearerHeader(other)}, 404}, {"anonymous", {}, 401}};
    if (have_admin) callers.push_back({"admin", {BearerHeader(admin)}, 404});
    for (const Caller& c : callers) {
      std::vector<Scenario> rows = {{std::string(c.who) + " GET", "GET", path, "", c.status}};
      if (!res.put.empty())
        rows.push_back({std::string(c.who) + " PUT", "PUT", path, res.put, c.status});
      if (!res.patch.empty()) {
        rows.push_back({std::string(c.who) + " PATCH", "PATCH", path, res.patch, c.status});
      }
      if (res.deletable)
        rows.push_back({std::string(c.who) + " DELETE", "DELETE", path, "", c.status});
      RunScenarios(client, rows, c.headers);
      // Their lists never contain it.
      if (c.status == 404) {
        HttpResponse list = client.Get(res.collection + "?limit=100", c.headers);
        EXPECT_EQ(list.body.find(created.String("/data/id")), std::string::npos) << c.who;
      }
    }
    // Intact for its owner, who may do everything.
    HttpResponse still = client.Get(path, {BearerHeader(owner)});
    ASSERT_EQ(still.status, 200) << still.body;
    EXPECT_EQ(still.String("/data/updated_at"), created.String("/data/updated_at"));
    std::vector<Scenario> own = {};
    if (!res.put.empty()) own.push_back({"owner PUT", "PUT", path, res.put, 200});
    if (!res.patch.empty()) own.push_back({"owner PATCH", "PATCH", path, res.patch, 200});
    if (res.deletable) own.push_back({"owner DELETE", "DELETE", path, "", 204});
    RunScenarios(client, own, {BearerHeader(owner)});
  }
}

TEST(AccessMatrix, TwoUsersFiftyItemsEach) {  // RELIABILITY 45
  HttpClient client;
  TestAccount a = RegisterAccount(client, "fifty-a");
  TestAccount b = RegisterAccount(client, "fifty-b");
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(client
                  .PostJson("/api/v1/tasks", "{\"title\":\"a" + std::to_string(i) + "\"}",
                            {BearerHeader(a)})
                  .status,
              201);
    ASSERT_EQ(client
                  .PostJson("/api/v1/tasks", "{\"title\":\"b" + std::to_string(i) + "\"}",
                            {BearerHeader(b)})
                  .status,
              201);
  }
  for (const TestAccount* who : {&a, &b}) {
    HttpResponse page = client.Get("/api/v1/tasks?limit=100", {BearerHeader(*who)});
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.Int("/pagination/total"), 50);
    rapidjson::Document d = page.Json();
    ASSERT_EQ(d["data"].Size(), 50u);
    for (const auto& t : d["data"].GetArray()) EXPECT_EQ(t["user_id"].GetString(), who->id);
  }
}

}  // namespace
}  // namespace keel::test
