// Tasks through the real stack (seed 004): create, read, the list features of §3,
// PUT/PATCH, delete, validation in JSON, form and multipart, another user's id → 404.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/auth_e2e_util.h"
#include "e2e/resource_e2e_util.h"

namespace keel::test {
namespace {

std::string CreateTask(HttpClient& client, const TestAccount& a, const std::string& json) {
  HttpResponse r = client.PostJson("/api/v1/tasks", json, {BearerHeader(a)});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.String("/data/id");
}

TEST(TasksE2E, CrudScenarios) {
  HttpClient client;
  TestAccount alice = RegisterAccount(client, "tasks-a");
  TestAccount bob = RegisterAccount(client, "tasks-b");
  std::string id = CreateTask(client, alice, R"({"title":"Ship v1","priority":"high"})");
  std::string bobs = CreateTask(client, bob, R"({"title":"Bob's"})");
  std::string path = "/api/v1/tasks/" + id;
  std::string bobs_path = "/api/tasks/" + bobs;

  std::vector<Scenario> rows = {
      {"create json", "POST", "/api/v1/tasks", R"({"title":"A","due_date":"2025-03-01"})", 201},
      {"create form", "POST", "/api/tasks", "form:title=Form+task&completed=true&priority=low",
       201},
      {"create multipart", "POST", "/api/v1/tasks", "multipart:title=Multi&status=draft", 201},
      {"read", "GET", path, "", 200},
      {"read unversioned", "GET", "/api/tasks/" + id, "", 200},
      {"put replaces", "PUT", path, R"({"title":"Ship v1.1"})", 200},
      {"patch one field", "PATCH", path, R"({"completed":true})", 200},
      {"patch by form", "PATCH", path, "form:status=archived", 200},
      {"echoed read-only fields ignored", "PATCH", path,
       R"({"id":"x","user_id":"someone","created_at":"1999","status":"active"})", 200},
      // Validation: the same rules whatever the format.
      {"missing title json", "POST", "/api/v1/tasks", R"({"priority":"high"})", 400,
       "VALIDATION_ERROR:title"},
      {"missing title form", "POST", "/api/v1/tasks", "form:priority=high", 400,
       "VALIDATION_ERROR:title"},
      {"missing title multipart", "POST", "/api/v1/tasks", "multipart:priority=high", 400,
       "VALIDATION_ERROR:title"},
      {"title too long", "POST", "/api/v1/tasks", "{\"title\":\"" + std::string(256, 'x') + "\"}",
       400, "VALIDATION_ERROR:title"},
      {"bad status", "POST", "/api/v1/tasks", R"({"title":"x","status":"done"})", 400,
       "VALIDATION_ERROR:status"},
      {"bad priority form", "POST", "/api/v1/tasks", "form:title=x&priority=urgent", 400,
       "VALIDATION_ERROR:priority"},
      {"bad date", "POST", "/api/v1/tasks", R"({"title":"x","due_date":"2025-02-30"})", 400,
       "VALIDATION_ERROR:due_date"},
      {"bad boolean form", "POST", "/api/v1/tasks", "form:title=x&completed=maybe", 400,
       "VALIDATION_ERROR:completed"},
      {"wrong JSON type", "POST", "/api/v1/tasks", R"({"title":5})", 400, "VALIDATION_ERROR:title"},
      {"mass assignment owner_id", "POST", "/api/v1/tasks", R"({"title":"x","owner_id":"y"})", 400,
       "VALIDATION_ERROR:owner_id"},
      {"mass assignment role", "PATCH", path, R"({"role":"admin"})", 400, "VALIDATION_ERROR:role"},
      {"patch title to null", "PATCH", path, R"({"title":null})", 400, "VALIDATION_ERROR:title"},
      {"other user's project", "PATCH", path, R"({"project_id":")" + std::string(kNoSuchId) + "\"}",
       400, "VALIDATION_ERROR:project_id"},
      {"unknown query on read", "GET", path + "?expand=1", "", 400, "VALIDATION_ERROR:expand"},
      {"not json", "POST", "/api/v1/tasks", "{title", 400, "VALIDATION_ERROR"},
      // Another user's task, a missing one and a malformed id: all 404, nothing leaks.
      {"other's read", "GET", bobs_path, "", 404, "NOT_FOUND"},
      {"other's put", "PUT", bobs_path, R"({"title":"mine"})", 404, "NOT_FOUND"},
      {"other's patch", "PATCH", bobs_path, R"({"title":"mine"})", 404, "NOT_FOUND"},
      {"other's delete", "DELETE", bobs_path, "", 404, "NOT_FOUND"},
      {"missing id", "GET", std::string("/api/v1/tasks/") + kNoSuchId, "", 404, "NOT_FOUND"},
      {"malformed id", "GET", "/api/v1/tasks/not-a-uuid", "", 404, "NOT_FOUND"},
      {"sql in id", "GET", "/api/v1/tasks/1'%20OR%20'1'='1", "", 404, "NOT_FOUND"},
      {"method not allowed", "POST", path, R"({"title":"x"})", 405, "METHOD_NOT_ALLOWED"},
      {"delete", "DELETE", path, "", 204},
      {"gone", "GET", path, "", 404, "NOT_FOUND"},
  };
  RunScenarios(client, rows, {BearerHeader(alice)});

  // Bob's task survived every attempt.
  HttpResponse still = client.Get(bobs_path, {BearerHeader(bob)});
  EXPECT_EQ(still.status, 200);
  EXPECT_EQ(still.String("/data/title"), "Bob's");
  // Anonymous callers get 401 everywhere.
  EXPECT_EQ(client.Get("/api/v1/tasks").status, 401);
  EXPECT_EQ(client.Get(bobs_path).status, 401);
}

TEST(TasksE2E, CreateAnswersLocationAndDefaults) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "tasks-loc");
  HttpResponse r =
      client.PostJson("/api/v1/tasks", R"({"title":"Defaults","user_id":"x"})", {BearerHeader(a)});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.String("/data/id");
  EXPECT_EQ(r.Header("location"), "/api/v1/tasks/" + id);
  EXPECT_EQ(r.String("/data/user_id"), a.id);  // user_id is read-only: ignored
  EXPECT_EQ(r.String("/data/status"), "active");
  EXPECT_EQ(r.String("/data/priority"), "medium");
  EXPECT_FALSE(r.Bool("/data/completed"));
  EXPECT_EQ(r.String("/data/created_at").back(), 'Z');

  HttpResponse put = client.PutJson(
      "/api/v1/tasks/" + id, R"({"title":"Replaced","due_date":"2025-05-05"})", {BearerHeader(a)});
  ASSERT_EQ(put.status, 200);
  HttpResponse patch =
      client.PatchJson("/api/v1/tasks/" + id, R"({"priority":"low"})", {BearerHeader(a)});
  ASSERT_EQ(patch.status, 200);
  EXPECT_EQ(patch.String("/data/title"), "Replaced");
  EXPECT_EQ(patch.String("/data/due_date"), "2025-05-05");
  EXPECT_EQ(patch.String("/data/priority"), "low");
  HttpResponse put2 =
      client.PutJson("/api/v1/tasks/" + id, R"({"title":"Again"})", {BearerHeader(a)});
  EXPECT_FALSE(put2.Has("/data/due_date") && !put2.String("/data/due_date").empty())
      << "PUT without due_date clears it: " << put2.body;
  EXPECT_EQ(put2.String("/data/priority"), "medium");
}

TEST(TasksE2E, ListFilterSortPaginate) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "tasks-list");
  TestAccount other = RegisterAccount(client, "tasks-list-other");
  const char* rows[] = {
      R"({"title":"t1","status":"active","priority":"low","due_date":"2025-01-01"})",
      R"({"title":"t2","status":"active","priority":"high","due_date":"2025-02-01"})",
      R"({"title":"t3","status":"active","priority":"medium","due_date":"2025-03-01"})",
      R"({"title":"t4","status":"draft","priority":"high"})",
      R"({"title":"t5","status":"archived","priority":"low","due_date":"2024-06-01","completed":true})",
  };
  for (const char* json : rows) CreateTask(client, a, json);
  CreateTask(client, other, R"({"title":"t-other","status":"active","due_date":"2025-06-01"})");

  struct ListCase {
    const char* query;
    int64_t total;
    std::vector<std::string> titles;  // the page, in order
  };
  const ListCase cases[] = {
      {"?page=1&limit=20&sort=-created_at", 5, {"t5", "t4", "t3", "t2", "t1"}},
      {"?status=active&due_date_gt=2025-01-01", 2, {"t3", "t2"}},
      {"?sort=due_date&due_date_gte=2025-01-01", 3, {"t1", "t2", "t3"}},
      {"?sort=-priority,title", 5, {"t2", "t4", "t3", "t1", "t5"}},
      {"?sort=title&limit=2&page=2", 5, {"t3", "t4"}},
      {"?sort=title&limit=2&page=3", 5, {"t5"}},
      {"?sort=title&limit=2&page=4", 5, {}},
      {"?completed=true", 1, {"t5"}},
      {"?priority=high&sort=title", 2, {"t2", "t4"}},
      {"?q=T3", 1, {"t3"}},
      {"?q=%25", 0, {}},
      {"?status=active&limit=1", 3, {"t3"}},
  };
  for (const ListCase& c : cases) {
    HttpResponse r = client.Get(std::string("/api/v1/tasks") + c.query, {BearerHeader(a)});
    ASSERT_EQ(r.status, 200) << c.query << ": " << r.body;
    EXPECT_EQ(r.Int("/pagination/total"), c.total) << c.query;
    rapidjson::Document d = r.Json();
    std::vector<std::string> titles;
    for (const auto& item : d["data"].GetArray()) titles.push_back(item["title"].GetString());
    EXPECT_EQ(titles, c.titles) << c.query;
  }
  HttpResponse paged = client.Get("/api/v1/tasks?limit=2", {BearerHeader(a)});
  EXPECT_EQ(paged.Int("/pagination/page"), 1);
  EXPECT_EQ(paged.Int("/pagination/limit"), 2);
  EXPECT_EQ(paged.Int("/pagination/pages"), 3);

  const Scenario bad[] = {
      {"unknown sort", "GET", "/api/v1/tasks?sort=secret", "", 400, "VALIDATION_ERROR:sort"},
      {"unknown filter", "GET", "/api/v1/tasks?owner_id=x", "", 400, "VALIDATION_ERROR:owner_id"},
      {"limit too big", "GET", "/api/v1/tasks?limit=101", "", 400, "VALIDATION_ERROR:limit"},
      {"page zero", "GET", "/api/v1/tasks?page=0", "", 400, "VALIDATION_ERROR:page"},
      {"bad date filter", "GET", "/api/v1/tasks?due_date_gt=soon", "", 400,
       "VALIDATION_ERROR:due_date_gt"},
      {"duplicate param", "GET", "/api/v1/tasks?page=1&page=2", "", 400, "VALIDATION_ERROR"},
      {"underscore ignored", "GET", "/api/v1/tasks?_=1700000000", "", 200},
  };
  RunScenarios(client, std::vector<Scenario>(std::begin(bad), std::end(bad)), {BearerHeader(a)});
}

}  // namespace
}  // namespace keel::test
