// Translation between CGI variables and http::Request / http::Response.
#include "fcgi/cgi_params.h"

#include <charconv>
#include <cstring>

namespace keel::fcgi {
namespace {

// Copies a header value, bounded, so one huge header cannot bloat every log line.
std::string Bounded(const char* value, size_t limit) {
  if (value == nullptr) return {};
  size_t n = strnlen(value, limit + 1);
  return std::string(value, std::min(n, limit));
}

}  // namespace

int64_t ReadRequestHead(const ParamLookup& param, http::Request& r) {
  r.method_text = Bounded(param("REQUEST_METHOD"), 16);
  r.method = http::ParseMethod(r.method_text);
  // nginx gives the normalised, decoded path in DOCUMENT_URI; plain CGI servers give
  // SCRIPT_NAME + PATH_INFO.
  if (const char* uri = param("DOCUMENT_URI"); uri != nullptr && *uri != '\0') {
    r.path = Bounded(uri, 2048);
  } else {
    r.path = Bounded(param("SCRIPT_NAME"), 1024) + Bounded(param("PATH_INFO"), 2048);
  }
  if (r.path.empty()) r.path = "/";
  r.query = Bounded(param("QUERY_STRING"), 8192);
  r.content_type = Bounded(param("CONTENT_TYPE"), 256);
  r.request_id = Bounded(param("REQUEST_ID"), 64);
  r.remote_addr = Bounded(param("REMOTE_ADDR"), 64);
  r.user_agent = Bounded(param("HTTP_USER_AGENT"), 256);
  r.cookie = Bounded(param("HTTP_COOKIE"), 8192);
  r.authorization = Bounded(param("HTTP_AUTHORIZATION"), 8192);
  r.origin = Bounded(param("HTTP_ORIGIN"), 256);
  r.sec_fetch_site = Bounded(param("HTTP_SEC_FETCH_SITE"), 32);
  r.accept = Bounded(param("HTTP_ACCEPT"), 256);
  r.csrf_token = Bounded(param("HTTP_X_CSRF_TOKEN"), 256);
  r.webhook_id = Bounded(param("HTTP_WEBHOOK_ID"), 256);
  r.webhook_timestamp = Bounded(param("HTTP_WEBHOOK_TIMESTAMP"), 32);
  r.webhook_signature = Bounded(param("HTTP_WEBHOOK_SIGNATURE"), 2048);
  r.idempotency_key = Bounded(param("HTTP_IDEMPOTENCY_KEY"), 256);
  r.if_none_match = Bounded(param("HTTP_IF_NONE_MATCH"), 1024);
  r.if_match = Bounded(param("HTTP_IF_MATCH"), 1024);
  const char* internal = param("KEEL_INTERNAL");
  r.internal = internal != nullptr && std::strcmp(internal, "1") == 0;

  const char* length = param("CONTENT_LENGTH");
  if (length == nullptr || *length == '\0') return 0;
  int64_t n = -1;
  const char* end = length + std::strlen(length);
  auto [ptr, ec] = std::from_chars(length, end, n);
  if (ec != std::errc() || ptr != end || n < 0) return -1;
  return n;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

std::string FormatResponseHead(const http::Response& response, bool head_only) {
  std::string head;
  head.reserve(256);
  head += "Status: ";
  head += std::to_string(response.status());
  head += ' ';
  head += ReasonPhrase(response.status());
  head += "\r\n";
  if (!response.content_type().empty()) {
    head += "Content-Type: ";
    head += response.content_type();
    head += "\r\n";
  }
  // A 204 or 304 carries no body and no Content-Length; everything else says exactly how
  // long it is, so a truncated answer is detectable by the client.
  if (response.status() != 204 && response.status() != 304) {
    head += "Content-Length: ";
    head += std::to_string(response.body().size());
    head += "\r\n";
  }
  for (const auto& [name, value] : response.headers()) {
    // A header value can never carry a line break (response splitting); such a
    // header is a bug upstream and is dropped rather than sent.
    if (value.find_first_of("\r\n") != std::string::npos) continue;
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  head += "\r\n";
  (void)head_only;
  return head;
}

}  // namespace keel::fcgi
