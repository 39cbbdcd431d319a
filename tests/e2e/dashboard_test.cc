// Dashboard (seed 000) and engagement metrics (seed 001) through the real stack:
// dashboard/data's {user, items, summary}; items readable by all, writable by admins
// only (403 for a user, 401 anonymous); metrics create/list/filter and the summary.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/auth_e2e_util.h"
#include "e2e/resource_e2e_util.h"

namespace keel::test {
namespace {

TEST(DashboardE2E, ItemsAreAdminWrittenAndReadByEveryone) {
  HttpClient client;
  TestAccount admin = CreateAdmin(client);
  if (admin.id.empty()) GTEST_SKIP() << "KEEL_BIN / KEEL_TEST_ENV_FILE not set";
  TestAccount user = RegisterAccount(client, "dash-user");

  HttpResponse created = client.PostJson(
      "/api/dashboard/items", R"({"title":"Welcome","content":"Read me"})", {BearerHeader(admin)});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.String("/data/id");
  EXPECT_EQ(created.Header("location"), "/api/v1/dashboard/items/" + id);
  EXPECT_EQ(created.String("/data/created_by"), admin.id);
  std::string path = "/api/dashboard/items/" + id;

  std::vector<Scenario> as_user = {
      {"user lists", "GET", "/api/dashboard/items", "", 200},
      {"user reads", "GET", path, "", 200},
      {"user cannot create", "POST", "/api/dashboard/items", R"({"title":"x"})", 403, "FORBIDDEN"},
      {"user cannot put", "PUT", path, R"({"title":"x"})", 403, "FORBIDDEN"},
      {"user cannot patch", "PATCH", path, R"({"title":"x"})", 403, "FORBIDDEN"},
      {"user cannot delete", "DELETE", path, "", 403, "FORBIDDEN"},
  };
  RunScenarios(client, as_user, {BearerHeader(user)});
  std::vector<Scenario> anonymous = {
      {"anon list", "GET", "/api/dashboard/items", "", 401, "UNAUTHORIZED"},
      {"anon create", "POST", "/api/dashboard/items", R"({"title":"x"})", 401, "UNAUTHORIZED"},
      {"anon data", "GET", "/api/dashboard/data", "", 401, "UNAUTHORIZED"},
  };
  RunScenarios(client, anonymous, {});
  std::vector<Scenario> as_admin = {
      {"admin creates by form", "POST", "/api/dashboard/items", "form:title=Form+item", 201},
      {"admin patches", "PATCH", path, R"({"content":"Updated"})", 200},
      {"admin puts", "PUT", path, R"({"title":"Welcome!"})", 200},
      {"missing title", "POST", "/api/dashboard/items", R"({"content":"x"})", 400,
       "VALIDATION_ERROR:title"},
      {"unknown field", "POST", "/api/dashboard/items", R"({"title":"x","pinned":true})", 400,
       "VALIDATION_ERROR:pinned"},
      {"malformed id", "DELETE", "/api/dashboard/items/xyz", "", 404, "NOT_FOUND"},
  };
  RunScenarios(client, as_admin, {BearerHeader(admin)});

  HttpResponse data = client.Get("/api/dashboard/data", {BearerHeader(user)});
  ASSERT_EQ(data.status, 200) << data.body;
  EXPECT_EQ(data.String("/data/user/id"), user.id);
  EXPECT_EQ(data.String("/data/user/email"), user.email);
  EXPECT_FALSE(data.Has("/data/user/password_hash"));
  EXPECT_TRUE(data.Has("/data/items/0/title"));
  EXPECT_EQ(client.Delete(path, {BearerHeader(admin)}).status, 204);
  EXPECT_EQ(client.Get(path, {BearerHeader(user)}).status, 404);
}

TEST(DashboardE2E, DataSummarisesTheUsersOwnResources) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "dash-summary");
  TestAccount other = RegisterAccount(client, "dash-summary-other");
  for (const char* json : {R"({"title":"a","status":"draft"})", R"({"title":"b"})",
                           R"({"title":"c","status":"archived","completed":true})"}) {
    ASSERT_EQ(client.PostJson("/api/v1/tasks", json, {BearerHeader(a)}).status, 201);
  }
  ASSERT_EQ(client.PostJson("/api/v1/tasks", R"({"title":"x"})", {BearerHeader(other)}).status,
            201);
  ASSERT_EQ(client.PostJson("/api/projects", R"({"title":"P"})", {BearerHeader(a)}).status, 201);
  ASSERT_EQ(client
                .PostJson("/api/dashboard/metrics", R"({"metric_type":"visits","metric_value":7})",
                          {BearerHeader(a)})
                .status,
            201);
  HttpResponse data = client.Get("/api/v1/dashboard/data", {BearerHeader(a)});
  ASSERT_EQ(data.status, 200) << data.body;
  EXPECT_EQ(data.Int("/data/summary/tasks_by_status/draft"), 1);
  EXPECT_EQ(data.Int("/data/summary/tasks_by_status/active"), 1);
  EXPECT_EQ(data.Int("/data/summary/tasks_by_status/archived"), 1);
  EXPECT_EQ(data.Int("/data/summary/tasks_completed"), 1);
  EXPECT_EQ(data.Int("/data/summary/project_count"), 1);
  EXPECT_EQ(data.Int("/data/summary/minutes_this_week"), 0);
  EXPECT_EQ(data.String("/data/summary/latest_metrics/0/metric_type"), "visits");
  EXPECT_EQ(client.Get("/api/dashboard/data?x=1", {BearerHeader(a)}).status, 400);
}

TEST(MetricsE2E, Seed001Scenarios) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "metrics-a");
  TestAccount b = RegisterAccount(client, "metrics-b");
  HttpResponse bobs = client.PostJson(
      "/api/dashboard/metrics", R"({"metric_type":"clicks","metric_value":1})", {BearerHeader(b)});
  ASSERT_EQ(bobs.status, 201);
  std::vector<Scenario> rows = {
      {"record json", "POST", "/api/dashboard/metrics",
       R"({"metric_type":"clicks","metric_value":2,"recorded_at":"2025-05-05T10:15:00Z"})", 201},
      {"record form", "POST", "/api/dashboard/metrics",
       "form:metric_type=clicks&metric_value=4&recorded_at=2025-05-05T10:45:00Z", 201},
      {"record multipart", "POST", "/api/dashboard/metrics",
       "multipart:metric_type=views&metric_value=10.5&recorded_at=2025-05-06T08:00:00Z", 201},
      {"value not a number", "POST", "/api/dashboard/metrics",
       R"({"metric_type":"clicks","metric_value":"many"})", 400, "VALIDATION_ERROR:metric_value"},
      {"form value not a number", "POST", "/api/dashboard/metrics",
       "form:metric_type=clicks&metric_value=1e999", 400, "VALIDATION_ERROR:metric_value"},
      {"type missing", "POST", "/api/dashboard/metrics", R"({"metric_value":1})", 400,
       "VALIDATION_ERROR:metric_type"},
      {"type too long", "POST", "/api/dashboard/metrics",
       "{\"metric_type\":\"" + std::string(101, 'm') + "\",\"metric_value\":1}", 400,
       "VALIDATION_ERROR:metric_type"},
      {"bad recorded_at", "POST", "/api/dashboard/metrics",
       R"({"metric_type":"x","metric_value":1,"recorded_at":"May 5"})", 400,
       "VALIDATION_ERROR:recorded_at"},
      {"other's data point", "GET", "/api/dashboard/metrics/" + bobs.String("/data/id"), "", 404,
       "NOT_FOUND"},
      {"bad bucket", "GET", "/api/dashboard/metrics/summary?bucket=month", "", 400,
       "VALIDATION_ERROR:bucket"},
      {"unknown summary arg", "GET", "/api/dashboard/metrics/summary?group=x", "", 400,
       "VALIDATION_ERROR:group"},
      {"hourly range too long", "GET",
       "/api/dashboard/metrics/summary?bucket=hour&from=2025-01-01&to=2025-06-01", "", 400,
       "VALIDATION_ERROR:from"},
  };
  RunScenarios(client, rows, {BearerHeader(a)});

  HttpResponse list =
      client.Get("/api/dashboard/metrics?metric_type=clicks&sort=recorded_at", {BearerHeader(a)});
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Int("/pagination/total"), 2);
  HttpResponse window =
      client.Get("/api/dashboard/metrics?recorded_at_gte=2025-05-06&recorded_at_lt=2025-05-07",
                 {BearerHeader(a)});
  EXPECT_EQ(window.Int("/pagination/total"), 1);

  HttpResponse summary = client.Get(
      "/api/dashboard/metrics/summary?metric_type=clicks&bucket=hour&from=2025-05-05T00:00:00Z"
      "&to=2025-05-06T00:00:00Z",
      {BearerHeader(a)});
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_EQ(summary.String("/data/buckets/0/bucket_start"), "2025-05-05T10:00:00.000Z");
  EXPECT_EQ(summary.Int("/data/buckets/0/count"), 2);
  rapidjson::Document d = summary.Json();
  EXPECT_DOUBLE_EQ(d["data"]["buckets"][0]["sum"].GetDouble(), 6);
  EXPECT_DOUBLE_EQ(d["data"]["buckets"][0]["avg"].GetDouble(), 3);
  EXPECT_DOUBLE_EQ(d["data"]["buckets"][0]["min"].GetDouble(), 2);
  EXPECT_DOUBLE_EQ(d["data"]["buckets"][0]["max"].GetDouble(), 4);
}

}  // namespace
}  // namespace keel::test
