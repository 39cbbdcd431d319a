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

TEST(CgiParams, InternalOnlyWhenExactlyOne) {
  http::Request r;
  ReadRequestHead(From({{"REQUEST_METHOD", "GET"}, {"KEEL_INTERNAL", ""}}), r);
  EXPECT_FALSE(r.internal);
}

TEST(CgiParams, ResponseHeadHasExactContentLength) {
  http::Response res;
  res.Json(201, [](http::JsonWriter& w) { w.Int(7); });
  res.AddHeader("Location", "/api/v1/tasks/1");
  std::string head = FormatResponseHead(res, false);
  EXPECT_EQ(head,
            "Status: 201 Created\r\nContent-Type: application/json\r\nContent-Length: 25\r\n"
            "Location: /api/v1/tasks/1\r\n\r\n");
  EXPECT_EQ(res.body().size(), 25u);
}

TEST(CgiParams, NoContentHasNoLength) {
  http::Response res;
  res.NoContent();
  EXPECT_EQ(FormatResponseHead(res, false), "Status: 204 No Content\r\n\r\n");
}

TEST(CgiParams, HeaderValuesWithLineBreaksAreDropped) {
  http::Response res;
  res.Text(200, "text/plain", "x");
  res.AddHeader("Location", "/a\r\nSet-Cookie: evil=1");
  std::string head = FormatResponseHead(res, false);
  EXPECT_EQ(head.find("evil"), std::string::npos);
}

}  // namespace
}  // namespace keel::fcgi
