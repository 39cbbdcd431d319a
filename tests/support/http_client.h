// HttpClient: a small libcurl client for end-to-end tests, speaking to the real
// stack (nginx over TLS → keel workers → PostgreSQL) like a script would.
//
// The base URL comes from KEEL_TEST_BASE_URL (e.g. https://localhost:18443) and the
// certificate to trust from KEEL_TEST_CA. An optional cookie jar makes the client
// behave like a browser (cookies set by responses are sent back).
#pragma once

#include <rapidjson/document.h>

#include <map>
#include <string>
#include <vector>

namespace keel::test {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::vector<std::string> set_cookies;             // raw Set-Cookie values
  int curl_code = 0;                                // CURLE_OK = 0
  long http_version = 0;                            // 1 (1.0/1.1), 2 or 3

  // The first value of header `name` (lower-case), or "".
  std::string Header(const std::string& name) const;
  // The body parsed as JSON (an empty Document with HasParseError() on failure).
  rapidjson::Document Json() const;
  // Convenience accessors by JSON Pointer ("/data/user/email"); "" / -1 / false when
  // the pointer does not resolve to a value of that type.
  std::string String(const char* pointer) const;
  int64_t Int(const char* pointer) const;
  bool Bool(const char* pointer) const;
  bool Has(const char* pointer) const;
  // "/error/code" shortcut.
  std::string ErrorCode() const { return String("/error/code"); }
};

class HttpClient {
 public:
  HttpClient();
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Keeps cookies between requests, like a browser.
  void EnableCookies();
  // Value of a cookie currently in the jar, or "".
  std::string Cookie(const std::string& name) const;
  // Adds a header to every following request (e.g. "Authorization: Bearer …").
  void SetDefaultHeader(const std::string& header);
  void ClearDefaultHeaders();

  HttpResponse Get(const std::string& path, const std::vector<std::string>& headers = {});
  HttpResponse Delete(const std::string& path, const std::vector<std::string>& headers = {});
  HttpResponse PostJson(const std::string& path, const std::string& json,
                        const std::vector<std::string>& headers = {});
  HttpResponse PutJson(const std::string& path, const std::string& json,
                       const std::vector<std::string>& headers = {});
  HttpResponse PatchJson(const std::string& path, const std::string& json,
                         const std::vector<std::string>& headers = {});
  HttpResponse PostForm(const std::string& path, const std::string& urlencoded,
                        const std::vector<std::string>& headers = {});
  // multipart/form-data with the given fields (as `curl -F name=value`).
  HttpResponse PostMultipart(const std::string& path,
                             const std::vector<std::pair<std::string, std::string>>& fields,
                             const std::vector<std::string>& headers = {});
  HttpResponse Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::vector<std::string>& headers);

  const std::string& base_url() const { return base_url_; }

 private:
  void* curl_;  // CURL*
  std::string base_url_;
  std::string ca_path_;
  std::vector<std::string> default_headers_;
  bool cookies_ = false;
};

// Environment helpers.
std::string EnvOr(const char* name, const std::string& fallback);
// A unique email for this test run ("prefix-<random>@example.com").
std::string UniqueEmail(const std::string& prefix);

}  // namespace keel::test
