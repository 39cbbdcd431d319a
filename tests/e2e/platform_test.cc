// The platform through the real stack (nginx over TLS → keel workers → PostgreSQL):
// health, envelopes for unknown routes and methods, request ids, headers, limits,
// and the operations listener being loopback-only.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/http_client.h"

namespace keel::test {
namespace {

TEST(Platform, HealthIsOkJson) {
  HttpClient client;
  HttpResponse r = client.Get("/health");
  ASSERT_EQ(r.curl_code, 0);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.String("/status"), "ok");
  EXPECT_EQ(r.String("/database"), "ok");
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size()));
}

TEST(Platform, HeadHealthHasNoBody) {
  HttpClient client;
  HttpResponse r = client.Send("HEAD", "/health", "", {});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

struct EnvelopeCase {
  const char* name;
  const char* method;
  const char* path;
  long status;
  const char* code;
};

class Envelopes : public testing::TestWithParam<EnvelopeCase> {};

TEST_P(Envelopes, ErrorsAreJsonEnvelopes) {
  HttpClient client;
  const EnvelopeCase& c = GetParam();
  HttpResponse r = client.Send(c.method, c.path, "", {});
  EXPECT_EQ(r.status, c.status) << r.body;
  EXPECT_FALSE(r.Bool("/success"));
  EXPECT_TRUE(r.Has("/success"));
  EXPECT_EQ(r.ErrorCode(), c.code) << r.body;
  EXPECT_FALSE(r.String("/error/message").empty());
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_FALSE(r.Header("x-request-id").empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, Envelopes,
    testing::Values(EnvelopeCase{"v1_unknown", "GET", "/api/v1/no-such", 404, "NOT_FOUND"},
                    EnvelopeCase{"unversioned_unknown", "GET", "/api/no-such", 404, "NOT_FOUND"},
                    EnvelopeCase{"deep_unknown", "GET", "/api/v1/a/b/c/d", 404, "NOT_FOUND"},
                    EnvelopeCase{"wrong_method", "DELETE", "/api/v1/version", 405,
                                 "METHOD_NOT_ALLOWED"},
                    EnvelopeCase{"trace", "TRACE", "/api/v1/version", 405, "METHOD_NOT_ALLOWED"},
                    EnvelopeCase{"post_health", "POST", "/health", 405, "METHOD_NOT_ALLOWED"}),
    [](const testing::TestParamInfo<EnvelopeCase>& info) { return info.param.name; });

TEST(Platform, MethodNotAllowedListsAllowedMethods) {
  HttpClient client;
  HttpResponse r = client.Send("DELETE", "/api/v1/version", "", {});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET, HEAD, OPTIONS");
}

TEST(Platform, BothPrefixesServeTheSameRoute) {
  HttpClient client;
  HttpResponse v1 = client.Get("/api/v1/version");
  HttpResponse bare = client.Get("/api/version");
  EXPECT_EQ(v1.status, 200);
  EXPECT_EQ(bare.status, 200);
  EXPECT_EQ(v1.body, bare.body);
  EXPECT_TRUE(v1.Bool("/success"));
}

TEST(Platform, RequestIdsAreUniquePerRequest) {
  HttpClient client;
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    HttpResponse r = client.Get("/api/v1/version");
    std::string id = r.Header("x-request-id");
    EXPECT_GE(id.size(), 16u);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST(Platform, ClientCannotChooseTheRequestId) {
  HttpClient client;
  HttpResponse r = client.Get("/api/v1/version", {"X-Request-Id: forged-id"});
  EXPECT_NE(r.Header("x-request-id"), "forged-id");
}

TEST(Platform, SecurityHeaders) {
  HttpClient client;
  for (const char* path : {"/", "/health", "/api/v1/no-such"}) {
    HttpResponse r = client.Get(path);
    EXPECT_NE(r.Header("strict-transport-security").find("max-age="), std::string::npos) << path;
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << path;
    EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos)
        << path;
    EXPECT_FALSE(r.Header("referrer-policy").empty()) << path;
    EXPECT_EQ(r.Header("server").find("nginx/"), std::string::npos) << path;  // no version
  }
}

TEST(Platform, StaticRootServesTheApp) {
  HttpClient client;
  HttpResponse r = client.Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("<html"), std::string::npos);
}

TEST(Platform, OperationsRoutesAreNotPublic) {
  HttpClient client;
  for (const char* path : {"/metrics", "/status", "/api/v1/metrics", "/api/metrics"}) {
    HttpResponse r = client.Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("keel_requests_total"), std::string::npos) << path;
  }
}

TEST(Platform, MetricsAndStatusOnTheLoopbackListener) {
  std::string base = EnvOr("KEEL_TEST_METRICS_URL", "http://127.0.0.1:9100");
  HttpClient client(base);
  HttpClient api;
  api.Get("/health");
  HttpResponse m = client.Get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("keel_requests_total{route=\"GET /health\",status=\"200\"}"),
            std::string::npos)
      << m.body.substr(0, 2000);
  EXPECT_NE(m.body.find("keel_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("keel_workers_busy"), std::string::npos);
  HttpResponse s = client.Get("/status");
  EXPECT_EQ(s.status, 200);
  rapidjson::Document doc = s.Json();
  ASSERT_TRUE(doc.IsObject());
  ASSERT_TRUE(doc.HasMember("workers") && doc["workers"].IsArray());
  EXPECT_GE(doc["workers"].Size(), 1u);
}

TEST(Platform, OversizedBodyIsJson413) {
  HttpClient client;
  std::string big(200 * 1024, 'a');
  HttpResponse r = client.PostJson("/api/v1/version", "\"" + big + "\"");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.ErrorCode(), "PAYLOAD_TOO_LARGE") << r.body.substr(0, 300);
}

TEST(Platform, HugeHeaderIsRefusedByNginx) {
  HttpClient client;
  std::string cookie = "Cookie: a=" + std::string(20 * 1024, 'x');
  HttpResponse r = client.Get("/api/v1/version", {cookie});
  EXPECT_TRUE(r.status == 400 || r.status == 431 || r.status == 494) << r.status;
}

TEST(Platform, Http2IsNegotiated) {
  HttpClient client;
  HttpResponse r = client.Get("/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.http_version >= 2) << r.http_version;
}

}  // namespace
}  // namespace keel::test
