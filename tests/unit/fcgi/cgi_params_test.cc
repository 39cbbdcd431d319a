// CGI/FastCGI parameters → Request, and the response head with Content-Length.
#include "fcgi/cgi_params.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace keel::fcgi {
namespace {

// A NAME=VALUE array like the one FastCGI and CGI give, kept alive by the test.
class Env {
 public:
  Env(std::initializer_list<std::pair<std::string, std::string>> vars) {
    for (const auto& [name, value] : vars) entries_.push_back(name + "=" + value);
    for (const std::string& e : entries_) pointers_.push_back(e.c_str());
    pointers_.push_back(nullptr);
  }
  operator const char* const*() const { return pointers_.data(); }

 private:
  std::vector<std::string> entries_;
  std::vector<const char*> pointers_;
};
Env From(std::initializer_list<std::pair<std::string, std::string>> vars) { return Env(vars); }

std::string Head(const http::Response& response) {
  std::string head = "left over from the previous answer";
  FormatResponseHead(response, head);
  return head;
}

TEST(CgiParams, ReadsNginxParameters) {
  http::Request r;
  int64_t length = ReadRequestHead(From({{"REQUEST_METHOD", "POST"},
                                         {"DOCUMENT_URI", "/api/v1/tasks"},
                                         {"QUERY_STRING", "page=2"},
                                         {"CONTENT_TYPE", "application/json"},
                                         {"CONTENT_LENGTH", "17"},
                                         {"REQUEST_ID", "abc123"},
                                         {"HTTP_AUTHORIZATION", "Bearer x.y.z"},
                                         {"KEEL_INTERNAL", "1"}}),
                                   r);
  EXPECT_EQ(length, 17);
  EXPECT_EQ(r.method, http::Method::kPost);
  EXPECT_EQ(r.path, "/api/v1/tasks");
  EXPECT_EQ(r.query, "page=2");
  EXPECT_EQ(r.request_id, "abc123");
  EXPECT_EQ(r.authorization, "Bearer x.y.z");
  EXPECT_TRUE(r.internal);
}

TEST(CgiParams, PlainCgiUsesScriptNameAndPathInfo) {
  http::Request r;
  ReadRequestHead(
      From({{"REQUEST_METHOD", "GET"}, {"SCRIPT_NAME", "/cgi-bin/keel"}, {"PATH_INFO", "/health"}}),
      r);
  EXPECT_EQ(r.path, "/cgi-bin/keel/health");
  http::Request r2;
  ReadRequestHead(From({{"REQUEST_METHOD", "GET"}, {"SCRIPT_NAME", ""}, {"PATH_INFO", "/health"}}),
                  r2);
  EXPECT_EQ(r2.path, "/health");
}

TEST(CgiParams, BadContentLength) {
  for (const char* bad : {"-1", "abc", "12x", "99999999999999999999999"}) {
    http::Request r;
    EXPECT_EQ(ReadRequestHead(From({{"REQUEST_METHOD", "POST"}, {"CONTENT_LENGTH", bad}}), r), -1)
        << bad;
  }
}

TEST(CgiParams, FirstOfARepeatedNameWinsAndOthersAreIgnored) {
  http::Request r;
  ReadRequestHead(From({{"REQUEST_METHOD", "GET"},
                        {"QUERY_STRING", "a=1"},
                        {"QUERY_STRING", "b=2"},
                        {"HTTP_X_UNKNOWN", "x"},
                        {"REQUEST", "y"}}),
                  r);
  EXPECT_EQ(r.query, "a=1");
  EXPECT_EQ(r.method, http::Method::kGet);
  EXPECT_EQ(r.path, "/");
}

// A Request reused from a request that sent every header ends up exactly like a fresh
// one given the same variables: nothing of the first request is left.
TEST(CgiParams, AReusedRequestKeepsNothingOfTheLastOne) {
  http::Request reused;
  ReadRequestHead(From({{"REQUEST_METHOD", "POST"},
                        {"DOCUMENT_URI", "/api/v1/tasks"},
                        {"QUERY_STRING", "a=1"},
                        {"CONTENT_TYPE", "application/json"},
                        {"CONTENT_LENGTH", "2"},
                        {"REQUEST_ID", "r1"},
                        {"REMOTE_ADDR", "10.0.0.1"},
                        {"HTTP_USER_AGENT", "ua"},
                        {"HTTP_COOKIE", "c=1"},
                        {"HTTP_AUTHORIZATION", "Bearer first.token"},
                        {"HTTP_ORIGIN", "https://a.example"},
                        {"HTTP_SEC_FETCH_SITE", "same-origin"},
                        {"HTTP_ACCEPT", "*/*"},
                        {"HTTP_X_CSRF_TOKEN", "csrf"},
                        {"HTTP_WEBHOOK_ID", "w"},
                        {"HTTP_WEBHOOK_TIMESTAMP", "1"},
                        {"HTTP_WEBHOOK_SIGNATURE", "v1,x"},
                        {"HTTP_IDEMPOTENCY_KEY", "k"},
                        {"HTTP_IF_NONE_MATCH", "\"e\""},
                        {"HTTP_IF_MATCH", "\"e\""},
                        {"KEEL_INTERNAL", "1"}}),
                  reused);
  reused.body = "{}";
  const auto second = From({{"REQUEST_METHOD", "GET"}, {"DOCUMENT_URI", "/health"}});
  http::Request fresh;
  ReadRequestHead(second, fresh);
  ReadRequestHead(second, reused);
  auto fields = [](const http::Request& r) {
    return std::vector<std::string>{r.method_text,
                                    r.path,
                                    r.query,
                                    r.content_type,
                                    r.body,
                                    r.request_id,
                                    r.remote_addr,
                                    r.user_agent,
                                    r.cookie,
                                    r.authorization,
                                    r.origin,
                                    r.sec_fetch_site,
                                    r.accept,
                                    r.csrf_token,
                                    r.webhook_id,
                                    r.webhook_timestamp,
                                    r.webhook_signature,
                                    r.idempotency_key,
                                    r.if_none_match,
                                    r.if_match};
  };
  EXPECT_EQ(fields(reused), fields(fresh));
  EXPECT_EQ(reused.method, fresh.method);
  EXPECT_FALSE(reused.internal);
  EXPECT_EQ(reused.body_stream, nullptr);
}

TEST(CgiParams, InternalOnlyWhenExactlyOne) {
  http::Request r;
  ReadRequestHead(From({{"REQUEST_METHOD", "GET"}, {"KEEL_INTERNAL", ""}}), r);
  EXPECT_FALSE(r.internal);
}

TEST(CgiParams, ResponseHeadHasExactContentLength) {
  http::Response res;
  res.Json(201, [](http::JsonWriter& w) { w.Int(7); });
  res.AddHeader("Location", "/api/v1/tasks/1");
  std::string head = Head(res);
  EXPECT_EQ(head,
            "Status: 201 Created\r\nContent-Type: application/json\r\nContent-Length: 25\r\n"
            "Location: /api/v1/tasks/1\r\n\r\n");
  EXPECT_EQ(res.body().size(), 25u);
}

TEST(CgiParams, NoContentHasNoLength) {
  http::Response res;
  res.NoContent();
  EXPECT_EQ(Head(res), "Status: 204 No Content\r\n\r\n");
}

TEST(CgiParams, HeaderValuesWithLineBreaksAreDropped) {
  http::Response res;
  res.Text(200, "text/plain", "x");
  res.AddHeader("Location", "/a\r\nSet-Cookie: evil=1");
  std::string head = Head(res);
  EXPECT_EQ(head.find("evil"), std::string::npos);
}

}  // namespace
}  // namespace keel::fcgi
