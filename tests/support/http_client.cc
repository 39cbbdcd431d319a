// HttpClient over libcurl.
#include "support/http_client.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <random>

namespace keel::test {
namespace {

size_t CollectBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t CollectHeader(char* data, size_t size, size_t n, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a 100 or redirect)
    response->headers.clear();
    response->set_cookies.clear();
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  size_t start = line.find_first_not_of(' ', colon + 1);
  std::string value = start == std::string::npos ? "" : line.substr(start);
  if (name == "set-cookie") response->set_cookies.push_back(value);
  response->headers.emplace(name, value);
  return size * n;
}

// The value of header `name` (lower-case) in "Name: value" lines, or "".
std::string FindHeader(const std::vector<std::string>& lines, const std::string& name) {
  for (const std::string& line : lines) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    if (key != name) continue;
    size_t start = line.find_first_not_of(' ', colon + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "";
}

// Appends one exchange as a JSON line to KEEL_TEST_EXCHANGES/e2e_tests.jsonl when that
// directory is set (scripts/run-tests sets it): tests/e2e/openapi_exchanges_test.sh checks
// every recorded exchange against docs/openapi.yaml at the end of the run. Bodies are kept
// when they are JSON or a form; one write(2) with O_APPEND per line keeps the lines of
// concurrent test processes whole.
void RecordExchange(const std::string& method, const std::string& url,
                    const std::vector<std::string>& request_headers,
                    const std::string& request_body, const HttpResponse& response) {
  const char* dir = std::getenv("KEEL_TEST_EXCHANGES");
  if (dir == nullptr || *dir == '\0' || response.curl_code != 0) return;
  std::string request_type = FindHeader(request_headers, "content-type");
  std::string type = response.Header("content-type");
  auto textual = [](const std::string& media_type) {
    return media_type.find("json") != std::string::npos ||
           media_type.rfind("application/x-www-form-urlencoded", 0) == 0;
  };
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("suite");
  w.String("e2e_tests");
  w.Key("method");
  w.String(method.c_str());
  w.Key("url");
  w.String(url.c_str());
  w.Key("request_content_type");
  w.String(request_type.c_str());
  w.Key("request_body_length");
  w.Uint64(request_body.size());
  if (textual(request_type)) {
    w.Key("request_body");
    w.String(request_body.data(), static_cast<rapidjson::SizeType>(request_body.size()));
  }
  w.Key("status");
  w.Int64(response.status);
  w.Key("content_type");
  w.String(type.c_str());
  w.Key("content_encoding");
  w.String(response.Header("content-encoding").c_str());
  w.Key("body_length");
  w.Uint64(response.body.size());
  if (textual(type)) {
    w.Key("body");
    w.String(response.body.data(), static_cast<rapidjson::SizeType>(response.body.size()));
  }
  w.EndObject();
  std::string line(out.GetString(), out.GetSize());
  line += '\n';
  std::string path = std::string(dir) + "/e2e_tests.jsonl";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t written = ::write(fd, line.data(), line.size());
  (void)written;  // a lost line only shrinks what is checked
  ::close(fd);
}

struct GlobalInit {
  GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

std::string UniqueEmail(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000000ULL) + "@example.com";
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

rapidjson::Document HttpResponse::Json() const {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  return doc;
}

std::string HttpResponse::String(const char* pointer) const {
  rapidjson::Document doc = Json();
  if (doc.HasParseError()) return "";
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : "";
}

int64_t HttpResponse::Int(const char* pointer) const {
  rapidjson::Document doc = Json();
  if (doc.HasParseError()) return -1;
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
  return v != nullptr && v->IsInt64() ? v->GetInt64() : -1;
}

bool HttpResponse::Bool(const char* pointer) const {
  rapidjson::Document doc = Json();
  if (doc.HasParseError()) return false;
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
  return v != nullptr && v->IsBool() && v->GetBool();
}

bool HttpResponse::Has(const char* pointer) const {
  rapidjson::Document doc = Json();
  if (doc.HasParseError()) return false;
  return rapidjson::Pointer(pointer).Get(doc) != nullptr;
}

HttpClient::HttpClient() : HttpClient(EnvOr("KEEL_TEST_BASE_URL", "https://localhost:8443")) {}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
  static GlobalInit init;
  curl_ = curl_easy_init();
  ca_path_ = EnvOr("KEEL_TEST_CA", "");
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

void HttpClient::EnableCookies() {
  cookies_ = true;
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIEFILE, "");
}

std::string HttpClient::Cookie(const std::string& name) const {
  curl_slist* cookies = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_COOKIELIST, &cookies);
  std::string value;
  for (curl_slist* c = cookies; c != nullptr; c = c->next) {
    // Netscape format: domain, flag, path, secure, expiry, name, value (tabs).
    std::string line = c->data;
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        parts.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    }
    if (parts.size() >= 7 && parts[5] == name) value = parts[6];
  }
  curl_slist_free_all(cookies);
  return value;
}

void HttpClient::SetDefaultHeader(const std::string& header) { default_headers_.push_back(header); }
void HttpClient::ClearDefaultHeaders() { default_headers_.clear(); }

HttpResponse HttpClient::Send(const std::string& method, const std::string& path,
                              const std::string& body, const std::vector<std::string>& headers) {
  CURL* c = static_cast<CURL*>(curl_);
  HttpResponse response;
  std::string url = path.rfind("http", 0) == 0 ? path : base_url_ + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  if (method == "GET" || method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method == "HEAD" ? "HEAD" : nullptr);
  } else {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_slist* list = nullptr;
  for (const std::string& h : default_headers_) list = curl_slist_append(list, h.c_str());
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  if (!ca_path_.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, ca_path_.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  CURLcode rc = curl_easy_perform(c);
  response.curl_code = static_cast<int>(rc);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  long version = 0;
  curl_easy_getinfo(c, CURLINFO_HTTP_VERSION, &version);
  response.http_version = version == CURL_HTTP_VERSION_2_0 ? 2
                          : version == CURL_HTTP_VERSION_3 ? 3
                                                           : 1;
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(list);
  std::vector<std::string> sent = default_headers_;
  sent.insert(sent.end(), headers.begin(), headers.end());
  RecordExchange(method, url, sent, body, response);
  return response;
}

HttpResponse HttpClient::Get(const std::string& path, const std::vector<std::string>& headers) {
  return Send("GET", path, "", headers);
}

HttpResponse HttpClient::Delete(const std::string& path, const std::vector<std::string>& headers) {
  return Send("DELETE", path, "", headers);
}

namespace {
std::vector<std::string> With(std::vector<std::string> headers, const char* content_type) {
  headers.insert(headers.begin(), std::string("Content-Type: ") + content_type);
  return headers;
}
}  // namespace

HttpResponse HttpClient::PostJson(const std::string& path, const std::string& json,
                                  const std::vector<std::string>& headers) {
  return Send("POST", path, json, With(headers, "application/json"));
}

HttpResponse HttpClient::PutJson(const std::string& path, const std::string& json,
                                 const std::vector<std::string>& headers) {
  return Send("PUT", path, json, With(headers, "application/json"));
}

HttpResponse HttpClient::PatchJson(const std::string& path, const std::string& json,
                                   const std::vector<std::string>& headers) {
  return Send("PATCH", path, json, With(headers, "application/json"));
}

HttpResponse HttpClient::PostForm(const std::string& path, const std::string& urlencoded,
                                  const std::vector<std::string>& headers) {
  return Send("POST", path, urlencoded, With(headers, "application/x-www-form-urlencoded"));
}

HttpResponse HttpClient::PostMultipart(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields,
    const std::vector<std::string>& headers) {
  std::string boundary = "keelTestBoundary7MA4YWxkTrZu0gW";
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
    body += value + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  std::string type = "multipart/form-data; boundary=" + boundary;
  return Send("POST", path, body, With(headers, type.c_str()));
}

}  // namespace keel::test
