// Projects, time entries and the time report through the real stack (seed 002):
// CRUD scenarios, "the project must be the caller's" (400 on project_id), end > start,
// filters on project_id and start_time, duration computed, report totals.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/auth_e2e_util.h"
#include "e2e/resource_e2e_util.h"

namespace keel::test {
namespace {

std::string Create(HttpClient& client, const TestAccount& a, const std::string& path,
                   const std::string& json) {
  HttpResponse r = client.PostJson(path, json, {BearerHeader(a)});
  EXPECT_EQ(r.status, 201) << path << " " << json << " -> " << r.body;
  return r.String("/data/id");
}

std::string Entry(const std::string& project, const char* start, const char* end) {
  return "{\"project_id\":\"" + project + "\",\"start_time\":\"" + start + "\",\"end_time\":\"" +
         end + "\"}";
}

TEST(ProjectsE2E, CrudScenarios) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "projects-a");
  TestAccount b = RegisterAccount(client, "projects-b");
  std::string id = Create(client, a, "/api/projects", R"({"title":"Website"})");
  std::string bobs = Create(client, b, "/api/projects", R"({"title":"Bob"})");
  std::string path = "/api/projects/" + id;
  std::vector<Scenario> rows = {
      {"create form", "POST", "/api/projects", "form:title=Form+project&description=d", 201},
      {"create multipart", "POST", "/api/v1/projects", "multipart:title=Multi", 201},
      {"list", "GET", "/api/projects", "", 200},
      {"list search", "GET", "/api/projects?q=web&sort=title", "", 200},
      {"read", "GET", path, "", 200},
      {"put", "PUT", path, R"({"title":"Website 2","description":"new"})", 200},
      {"patch", "PATCH", path, R"({"description":null})", 200},
      {"blank title", "POST", "/api/projects", R"({"title":"   "})", 400, "VALIDATION_ERROR:title"},
      {"title over 255", "POST", "/api/projects", "form:title=" + std::string(300, 'p'), 400,
       "VALIDATION_ERROR:title"},
      {"multi-line title", "POST", "/api/projects", R"({"title":"a\nb"})", 400,
       "VALIDATION_ERROR:title"},
      {"seed's name field is unknown", "POST", "/api/projects", R"({"name":"x","title":"y"})", 400,
       "VALIDATION_ERROR:name"},
      {"other's read", "GET", "/api/projects/" + bobs, "", 404, "NOT_FOUND"},
      {"other's delete", "DELETE", "/api/projects/" + bobs, "", 404, "NOT_FOUND"},
      {"malformed id", "PATCH", "/api/projects/123", R"({"title":"x"})", 404, "NOT_FOUND"},
      {"delete", "DELETE", path, "", 204},
      {"deleted", "GET", path, "", 404, "NOT_FOUND"},
  };
  RunScenarios(client, rows, {BearerHeader(a)});
}

TEST(TimeEntriesE2E, Seed002Scenarios) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "entries-a");
  TestAccount b = RegisterAccount(client, "entries-b");
  std::string p1 = Create(client, a, "/api/projects", R"({"title":"P1"})");
  std::string p2 = Create(client, a, "/api/projects", R"({"title":"P2"})");
  std::string bobs_project = Create(client, b, "/api/projects", R"({"title":"Bob"})");
  std::string e1 = Create(client, a, "/api/time-entries",
                          Entry(p1, "2025-03-10T09:00:00Z", "2025-03-10T10:30:00Z"));
  std::string bobs_entry =
      Create(client, b, "/api/time-entries",
             Entry(bobs_project, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z"));
  std::string path = "/api/time-entries/" + e1;
  std::vector<Scenario> rows = {
      {"create form", "POST", "/api/time-entries",
       "form:project_id=" + p2 + "&start_time=2025-03-11T09:00:00Z&end_time=2025-03-11T09:30:00Z",
       201},
      {"create multipart", "POST", "/api/time-entries",
       "multipart:project_id=" + p2 +
           "&start_time=2025-03-12T09:00:00Z&end_time=2025-03-12T09:15:00Z",
       201},
      {"read", "GET", path, "", 200},
      {"put (seed 002)", "PUT", path,
       Entry(p1, "2025-03-10T09:00:00+01:00", "2025-03-10T11:00:00+01:00"), 200},
      {"patch description", "PATCH", path, R"({"description":"meeting"})", 200},
      {"duration is read-only", "PATCH", path, R"({"duration_minutes":999})", 200},
      {"end before start", "POST", "/api/time-entries",
       Entry(p1, "2025-03-10T10:00:00Z", "2025-03-10T09:00:00Z"), 400, "VALIDATION_ERROR:end_time"},
      {"end equals start", "PATCH", path, R"({"end_time":"2025-03-10T08:00:00Z"})", 400,
       "VALIDATION_ERROR:end_time"},
      {"another user's project", "POST", "/api/time-entries",
       Entry(bobs_project, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z"), 400,
       "VALIDATION_ERROR:project_id"},
      {"no such project", "POST", "/api/time-entries",
       Entry(kNoSuchId, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z"), 400,
       "VALIDATION_ERROR:project_id"},
      {"missing fields", "POST", "/api/time-entries", R"({"description":"x"})", 400,
       "VALIDATION_ERROR:project_id"},
      {"time without offset", "POST", "/api/time-entries",
       Entry(p1, "2025-03-10T09:00:00", "2025-03-10T10:00:00Z"), 400,
       "VALIDATION_ERROR:start_time"},
      {"form time without offset", "POST", "/api/time-entries",
       "form:project_id=" + p1 + "&start_time=yesterday&end_time=2025-03-10T10:00:00Z", 400,
       "VALIDATION_ERROR:start_time"},
      {"other's entry", "PUT", "/api/time-entries/" + bobs_entry,
       Entry(p1, "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z"), 404, "NOT_FOUND"},
      {"other's delete (seed 002)", "DELETE", "/api/time-entries/" + bobs_entry, "", 404,
       "NOT_FOUND"},
  };
  RunScenarios(client, rows, {BearerHeader(a)});

  HttpResponse entry = client.Get(path, {BearerHeader(a)});
  EXPECT_EQ(entry.String("/data/start_time"), "2025-03-10T08:00:00.000Z");
  EXPECT_EQ(entry.Int("/data/duration_minutes"), 120);
  EXPECT_EQ(entry.String("/data/description"), "meeting");

  struct ListCase {
    std::string query;
    int64_t total;
  };
  const ListCase lists[] = {
      {"", 3},
      {"?project_id=" + p1, 1},
      {"?project_id=" + p2, 2},
      {"?start_time_gte=2025-03-11&start_time_lt=2025-03-12", 1},
      {"?start_time_gte=2025-03-11T00:00:00Z&sort=start_time", 2},
      {"?project_id=" + bobs_project, 0},
      {"?duration_minutes_lte=20", 1},
  };
  for (const ListCase& c : lists) {
    HttpResponse r = client.Get("/api/time-entries" + c.query, {BearerHeader(a)});
    ASSERT_EQ(r.status, 200) << c.query << r.body;
    EXPECT_EQ(r.Int("/pagination/total"), c.total) << c.query;
  }
  HttpResponse report = client.Get(
      "/api/reports/time?from=2025-03-10&to=2025-03-17&group_by=project", {BearerHeader(a)});
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(report.Int("/data/total_minutes"), 165);
  EXPECT_EQ(report.String("/data/groups/0/project_id"), p1);
  EXPECT_EQ(report.Int("/data/groups/0/minutes"), 120);
  HttpResponse by_day = client.Get(
      "/api/v1/reports/time?from=2025-03-10&to=2025-03-17&group_by=day", {BearerHeader(a)});
  ASSERT_EQ(by_day.status, 200);
  EXPECT_EQ(by_day.String("/data/groups/2/date"), "2025-03-12");
  EXPECT_EQ(by_day.Int("/data/groups/2/minutes"), 15);
  EXPECT_EQ(client.Get("/api/reports/time?group_by=week", {BearerHeader(a)}).status, 400);
  EXPECT_EQ(
      client.Get("/api/reports/time?from=2025-03-10&to=2025-03-01", {BearerHeader(a)}).ErrorCode(),
      "VALIDATION_ERROR");
  EXPECT_EQ(client.Get("/api/reports/time").status, 401);

  // Deleting a project deletes its entries.
  ASSERT_EQ(client.Delete("/api/projects/" + p1, {BearerHeader(a)}).status, 204);
  EXPECT_EQ(client.Get(path, {BearerHeader(a)}).status, 404);
}

}  // namespace
}  // namespace keel::test
