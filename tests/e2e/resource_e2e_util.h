// Scenario tables for the resource end-to-end tests (pocketbase-style): each row is one
// request through the real stack — {name, method, path, body, expected status, expected
// error code and field} — so a resource's behaviour reads as a table.
//
// Bodies are JSON unless they start with "form:" (sent urlencoded, like `curl -d`) or
// "multipart:" (the rest is a urlencoded list of fields sent as multipart/form-data,
// like `curl -F`), so one table shows all three formats reaching the same validation.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/http_client.h"

namespace keel::test {

struct Scenario {
  std::string name;
  std::string method;
  std::string path;
  std::string body;
  long status;
  // "" = only the status is checked; "CODE" = error.code; "CODE:field" = also error.field.
  std::string expect = "";
};

// Splits "a=1&b=two" (no escapes) into fields for a multipart body.
inline std::vector<std::pair<std::string, std::string>> MultipartFields(const std::string& s) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t amp = s.find('&', start);
    if (amp == std::string::npos) amp = s.size();
    std::string pair = s.substr(start, amp - start);
    size_t eq = pair.find('=');
    out.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
    start = amp + 1;
  }
  return out;
}

inline HttpResponse Send(HttpClient& client, const Scenario& s,
                         const std::vector<std::string>& headers) {
  if (s.body.rfind("form:", 0) == 0) {
    std::vector<std::string> h = headers;
    h.push_back("Content-Type: application/x-www-form-urlencoded");
    return client.Send(s.method, s.path, s.body.substr(5), h);
  }
  if (s.body.rfind("multipart:", 0) == 0) {
    EXPECT_EQ(s.method, "POST") << "multipart scenarios are POSTs";
    return client.PostMultipart(s.path, MultipartFields(s.body.substr(10)), headers);
  }
  std::vector<std::string> h = headers;
  if (!s.body.empty()) h.push_back("Content-Type: application/json");
  return client.Send(s.method, s.path, s.body, h);
}

// Runs every row; a failure names the row.
inline void RunScenarios(HttpClient& client, const std::vector<Scenario>& rows,
                         const std::vector<std::string>& headers) {
  for (const Scenario& s : rows) {
    HttpResponse r = Send(client, s, headers);
    EXPECT_EQ(r.status, s.status) << s.name << ": " << s.method << " " << s.path << " -> "
                                  << r.body;
    if (!s.expect.empty()) {
      size_t colon = s.expect.find(':');
      EXPECT_EQ(r.ErrorCode(), s.expect.substr(0, colon)) << s.name << ": " << r.body;
      if (colon != std::string::npos) {
        EXPECT_EQ(r.String("/error/field"), s.expect.substr(colon + 1)) << s.name << ": " << r.body;
      }
    }
    if (r.status >= 400) {
      EXPECT_EQ(r.Bool("/success"), false) << s.name;
    }
  }
}

inline constexpr char kNoSuchId[] = "00000000-0000-4000-8000-000000000000";

}  // namespace keel::test
