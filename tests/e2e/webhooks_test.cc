// Webhook endpoints and inbound Standard Webhooks deliveries through the real stack
// (seed 002, RELIABILITY 42): the secret shown once, signature and timestamp checks on
// the raw body, a repeated webhook-id processed once (also when two arrive at once),
// time_entry.created / task.created creating objects for the endpoint's owner.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "e2e/auth_e2e_util.h"
#include "e2e/resource_e2e_util.h"
#include "webhooks/signature.h"

namespace keel::test {
namespace {

struct Hook {
  std::string endpoint_id;
  std::string key;  // raw key bytes
  std::string path;
};

Hook CreateEndpoint(HttpClient& client, const TestAccount& a) {
  HttpResponse r =
      client.PostJson("/api/webhook-endpoints", R"({"name":"Importer"})", {BearerHeader(a)});
  EXPECT_EQ(r.status, 201) << r.body;
  Hook h;
  h.endpoint_id = r.String("/data/id");
  h.key = webhooks::DecodeSecret(r.String("/data/secret")).value_or("");
  h.path = "/api/webhooks/" + h.endpoint_id;
  EXPECT_EQ(r.Header("location"), "/api/v1/webhook-endpoints/" + h.endpoint_id);
  EXPECT_EQ(r.String("/data/delivery_path"), "/api/v1/webhooks/" + h.endpoint_id);
  return h;
}

HttpResponse Deliver(HttpClient& client, const Hook& h, const std::string& id,
                     const std::string& body, int64_t skew = 0, std::string signature = "") {
  std::string ts = std::to_string(UnixSeconds() + skew);
  if (signature.empty()) signature = "v1," + webhooks::ComputeSignature(h.key, id, ts, body);
  return client.PostJson(
      h.path, body,
      {"webhook-id: " + id, "webhook-timestamp: " + ts, "webhook-signature: " + signature});
}

TEST(WebhooksE2E, EndpointsAndSecrets) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "hooks-a");
  TestAccount b = RegisterAccount(client, "hooks-b");
  Hook h = CreateEndpoint(client, a);
  ASSERT_EQ(h.key.size(), 24u);
  HttpResponse list = client.Get("/api/webhook-endpoints", {BearerHeader(a)});
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Int("/pagination/total"), 1);
  EXPECT_EQ(list.body.find("whsec_"), std::string::npos) << "the secret is shown only once";
  HttpResponse one = client.Get("/api/webhook-endpoints/" + h.endpoint_id, {BearerHeader(a)});
  EXPECT_EQ(one.status, 200);
  EXPECT_FALSE(one.Has("/data/secret"));
  std::vector<Scenario> as_b = {
      {"other's endpoint", "GET", "/api/webhook-endpoints/" + h.endpoint_id, "", 404, "NOT_FOUND"},
      {"other's events", "GET", "/api/webhook-endpoints/" + h.endpoint_id + "/events", "", 404,
       "NOT_FOUND"},
      {"other's delete", "DELETE", "/api/webhook-endpoints/" + h.endpoint_id, "", 404, "NOT_FOUND"},
      {"unknown field", "POST", "/api/webhook-endpoints", R"({"url":"https://x"})", 400,
       "VALIDATION_ERROR:url"},
      {"create by form", "POST", "/api/webhook-endpoints", "form:name=Form", 201},
  };
  RunScenarios(client, as_b, {BearerHeader(b)});
  EXPECT_EQ(client.Delete("/api/webhook-endpoints/" + h.endpoint_id, {BearerHeader(a)}).status,
            204);
  EXPECT_EQ(Deliver(client, h, "msg_after_delete", R"({"type":"ping"})").status, 404);
}

TEST(WebhooksE2E, SignatureTimestampAndReplay) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "hooks-sig");
  Hook h = CreateEndpoint(client, a);
  const std::string body =
      R"({"type":"note.created","timestamp":"2025-01-01T00:00:00Z","data":{"x":1}})";

  HttpResponse ok = Deliver(client, h, "msg_ok", body);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_FALSE(ok.Bool("/data/duplicate"));
  EXPECT_EQ(ok.String("/data/event/status"), "stored");
  HttpResponse again = Deliver(client, h, "msg_ok", body);
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(again.Bool("/data/duplicate"));
  EXPECT_EQ(again.String("/data/event/id"), ok.String("/data/event/id"));

  std::string ts = std::to_string(UnixSeconds());
  std::string good = "v1," + webhooks::ComputeSignature(h.key, "msg_x", ts, body);
  std::string flipped = good;
  flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
  struct Bad {
    const char* name;
    std::vector<std::string> headers;
    std::string body;
  };
  const Bad bad[] = {
      {"no headers", {}, body},
      {"no signature", {"webhook-id: msg_x", "webhook-timestamp: " + ts}, body},
      {"bit flip",
       {"webhook-id: msg_x", "webhook-timestamp: " + ts, "webhook-signature: " + flipped},
       body},
      {"empty signature",
       {"webhook-id: msg_x", "webhook-timestamp: " + ts, "webhook-signature: v1,"},
       body},
      {"short signature",
       {"webhook-id: msg_x", "webhook-timestamp: " + ts, "webhook-signature: v1,abcd"},
       body},
      {"body changed",
       {"webhook-id: msg_x", "webhook-timestamp: " + ts, "webhook-signature: " + good},
       body + " "},
      {"id changed",
       {"webhook-id: msg_y", "webhook-timestamp: " + ts, "webhook-signature: " + good},
       body},
  };
  for (const Bad& c : bad) {
    HttpResponse r = client.PostJson(h.path, c.body, c.headers);
    EXPECT_EQ(r.status, 401) << c.name << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "UNAUTHORIZED") << c.name;
  }
  EXPECT_EQ(Deliver(client, h, "msg_old", body, -301).status, 401);
  EXPECT_EQ(Deliver(client, h, "msg_future", body, 301).status, 401);
  EXPECT_EQ(Deliver(client, h, "msg_recent", body, -250).status, 200);
  std::string other_key_sig =
      "v1," + webhooks::ComputeSignature(std::string(24, 'k'), "msg_multi", ts, body);
  std::string multi =
      other_key_sig + " v1," + webhooks::ComputeSignature(h.key, "msg_multi", ts, body);
  EXPECT_EQ(client
                .PostJson(h.path, body,
                          {"webhook-id: msg_multi", "webhook-timestamp: " + ts,
                           "webhook-signature: " + multi})
                .status,
            200);
  EXPECT_EQ(
      client
          .PostJson("/api/webhooks/" + std::string(kNoSuchId), body,
                    {"webhook-id: msg_x", "webhook-timestamp: " + ts, "webhook-signature: " + good})
          .status,
      404);
  EXPECT_EQ(client.PostJson("/api/webhooks/not-a-uuid", body, {}).status, 404);
  // Signed but not JSON: the signature is fine, the payload is not.
  EXPECT_EQ(Deliver(client, h, "msg_text", "type=x").status, 400);

  HttpResponse events = client.Get(
      "/api/webhook-endpoints/" + h.endpoint_id + "/events?sort=-received_at&type=note.created",
      {BearerHeader(a)});
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_EQ(events.Int("/pagination/total"), 3);  // msg_ok, msg_recent, msg_multi
  EXPECT_EQ(events.Int("/data/0/payload/data/x"), 1);
}

TEST(WebhooksE2E, EventsCreateObjectsOnce) {
  HttpClient client;
  TestAccount a = RegisterAccount(client, "hooks-objects");
  TestAccount b = RegisterAccount(client, "hooks-objects-b");
  Hook h = CreateEndpoint(client, a);
  HttpResponse project =
      client.PostJson("/api/projects", R"({"title":"Imported"})", {BearerHeader(a)});
  std::string project_id = project.String("/data/id");
  HttpResponse bobs_project =
      client.PostJson("/api/projects", R"({"title":"Bob"})", {BearerHeader(b)});

  std::string entry =
      R"({"type":"time_entry.created","data":{"project_id":")" + project_id +
      R"(","start_time":"2025-04-01T09:00:00Z","end_time":"2025-04-01T09:45:00Z"}})";
  HttpResponse created = Deliver(client, h, "msg_entry", entry);
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.String("/data/event/object_type"), "time_entry");
  std::string entry_id = created.String("/data/event/object_id");
  HttpResponse fetched = client.Get("/api/time-entries/" + entry_id, {BearerHeader(a)});
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.Int("/data/duration_minutes"), 45);

  std::string task = R"({"type":"task.created","data":{"title":"From CI","priority":"high"}})";
  // Two deliveries of the same webhook-id at once: one event, one task.
  HttpResponse r1, r2;
  std::thread t1([&] {
    HttpClient c;
    r1 = Deliver(c, h, "msg_task_race", task);
  });
  std::thread t2([&] {
    HttpClient c;
    r2 = Deliver(c, h, "msg_task_race", task);
  });
  t1.join();
  t2.join();
  ASSERT_EQ(r1.status, 200) << r1.body;
  ASSERT_EQ(r2.status, 200) << r2.body;
  EXPECT_NE(r1.Bool("/data/duplicate"), r2.Bool("/data/duplicate"));
  EXPECT_EQ(r1.String("/data/event/object_id"), r2.String("/data/event/object_id"));
  HttpResponse tasks = client.Get("/api/tasks?q=From%20CI", {BearerHeader(a)});
  EXPECT_EQ(tasks.Int("/pagination/total"), 1);

  std::vector<std::pair<std::string, std::string>> invalid = {
      {R"({"type":"task.created","data":{"priority":"high"}})", "data.title"},
      {R"({"type":"task.created","data":{"title":"x","owner_id":"y"}})", "data.owner_id"},
      {R"({"type":"task.created"})", "data"},
      {R"({"data":{}})", "type"},
      {R"({"type":"time_entry.created","data":{"project_id":")" + bobs_project.String("/data/id") +
           R"(","start_time":"2025-04-01T09:00:00Z","end_time":"2025-04-01T10:00:00Z"}})",
       "data.project_id"},
  };
  int n = 0;
  for (const auto& [body, field] : invalid) {
    HttpResponse r = Deliver(client, h, "msg_invalid_" + std::to_string(n++), body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_EQ(r.String("/error/field"), field) << body;
  }
  HttpResponse events = client.Get(
      "/api/webhook-endpoints/" + h.endpoint_id + "/events?status=processed", {BearerHeader(a)});
  EXPECT_EQ(events.Int("/pagination/total"), 2);
  EXPECT_EQ(client.Get("/api/time-entries", {BearerHeader(b)}).Int("/pagination/total"), 0);
}

}  // namespace
}  // namespace keel::test
