// Translation between CGI variables and http::Request / http::Response.
#include "fcgi/cgi_params.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace keel::fcgi {
namespace {

// Copies a header value, bounded, so one huge header cannot bloat every log line (into
// `out` itself: no temporary string).
void AssignBounded(std::string& out, const char* value, size_t limit) {
  if (value == nullptr) {
    out.clear();
    return;
  }
  out.assign(value, strnlen(value, limit));
}

}  // namespace

namespace {

// The variables copied into a Request field as they are (bounded), and the ones read
// after the pass (the path, the method, KEEL_INTERNAL, CONTENT_LENGTH).
enum class Special { kNone, kMethod, kDocumentUri, kScriptName, kPathInfo, kInternal, kLength };
struct Param {
  std::string_view name;
  std::string http::Request::*field;
  size_t limit;
  Special special = Special::kNone;
};
constexpr Param kParams[] = {
    {"REQUEST_METHOD", nullptr, 16, Special::kMethod},
    {"DOCUMENT_URI", nullptr, 2048, Special::kDocumentUri},
    {"SCRIPT_NAME", nullptr, 1024, Special::kScriptName},
    {"PATH_INFO", nullptr, 2048, Special::kPathInfo},
    {"KEEL_INTERNAL", nullptr, 0, Special::kInternal},
    {"CONTENT_LENGTH", nullptr, 0, Special::kLength},
    {"QUERY_STRING", &http::Request::query, 8192},
    {"CONTENT_TYPE", &http::Request::content_type, 256},
    {"REQUEST_ID", &http::Request::request_id, 64},
    {"REMOTE_ADDR", &http::Request::remote_addr, 64},
    {"HTTP_USER_AGENT", &http::Request::user_agent, 256},
    {"HTTP_COOKIE", &http::Request::cookie, 8192},
    {"HTTP_AUTHORIZATION", &http::Request::authorization, 8192},
    {"HTTP_ORIGIN", &http::Request::origin, 256},
    {"HTTP_SEC_FETCH_SITE", &http::Request::sec_fetch_site, 32},
    {"HTTP_ACCEPT", &http::Request::accept, 256},
    {"HTTP_X_CSRF_TOKEN", &http::Request::csrf_token, 256},
    {"HTTP_WEBHOOK_ID", &http::Request::webhook_id, 256},
    {"HTTP_WEBHOOK_TIMESTAMP", &http::Request::webhook_timestamp, 32},
    {"HTTP_WEBHOOK_SIGNATURE", &http::Request::webhook_signature, 2048},
    {"HTTP_IDEMPOTENCY_KEY", &http::Request::idempotency_key, 256},
    {"HTTP_IF_NONE_MATCH", &http::Request::if_none_match, 1024},
    {"HTTP_IF_MATCH", &http::Request::if_match, 1024},
};
constexpr size_t kParamCount = sizeof(kParams) / sizeof(kParams[0]);
static_assert(kParamCount <= 32, "the seen-mask is 32 bits");

// kParams by the length of their names: an entry of the request is compared only with
// the few names of its own length (nginx sends ~30 entries; 23 names are wanted).
constexpr size_t kMaxNameLength = 32;
struct ByLength {
  uint8_t count[kMaxNameLength + 1] = {};
  uint8_t index[kMaxNameLength + 1][8] = {};
};
constexpr ByLength MakeByLength() {
  ByLength b;
  for (size_t i = 0; i < kParamCount; ++i) {
    const size_t n = kParams[i].name.size();
    b.index[n][b.count[n]++] = static_cast<uint8_t>(i);
  }
  return b;
}
constexpr ByLength kByLength = MakeByLength();
static_assert([] {
  for (const Param& p : kParams) {
    if (p.name.size() > kMaxNameLength) return false;
  }
  return true;
}());

}  // namespace

int64_t ReadRequestHead(const char* const* env, http::Request& r) {
  const char* special[7] = {};
  uint32_t seen = 0;
  for (const char* const* p = env; p != nullptr && *p != nullptr; ++p) {
    const char* eq = std::strchr(*p, '=');
    if (eq == nullptr) continue;
    const std::string_view name(*p, static_cast<size_t>(eq - *p));
    if (name.size() > kMaxNameLength) continue;
    for (uint8_t k = 0; k < kByLength.count[name.size()]; ++k) {
      const size_t i = kByLength.index[name.size()][k];
      const Param& param = kParams[i];
      // (Names of one length mostly differ in their last letter: compared first.)
      if (param.name.back() != name.back() ||
          std::memcmp(param.name.data(), name.data(), name.size()) != 0) {
        continue;
      }
      if ((seen & (1u << i)) == 0) {  // the first of a repeated name, as FCGX_GetParam
        seen |= 1u << i;
        if (param.field != nullptr) {
          AssignBounded(r.*param.field, eq + 1, param.limit);
        } else {
          special[static_cast<int>(param.special)] = eq + 1;
        }
      }
      break;
    }
  }
  // The fields of the names not sent are emptied: a Request reused from the last request
  // keeps none of its headers (only its strings' capacity).
  for (size_t i = 0; i < kParamCount; ++i) {
    if (kParams[i].field != nullptr && (seen & (1u << i)) == 0) (r.*kParams[i].field).clear();
  }
  r.body.clear();
  r.body_stream = nullptr;
  AssignBounded(r.method_text, special[static_cast<int>(Special::kMethod)], 16);
  r.method = http::ParseMethod(r.method_text);
  // nginx gives the normalised, decoded path in DOCUMENT_URI; plain CGI servers give
  // SCRIPT_NAME + PATH_INFO.
  if (const char* uri = special[static_cast<int>(Special::kDocumentUri)];
      uri != nullptr && *uri != '\0') {
    AssignBounded(r.path, uri, 2048);
  } else {
    std::string path_info;
    AssignBounded(r.path, special[static_cast<int>(Special::kScriptName)], 1024);
    AssignBounded(path_info, special[static_cast<int>(Special::kPathInfo)], 2048);
    r.path += path_info;
  }
  if (r.path.empty()) r.path = "/";
  const char* internal = special[static_cast<int>(Special::kInternal)];
  r.internal = internal != nullptr && std::strcmp(internal, "1") == 0;

  const char* length = special[static_cast<int>(Special::kLength)];
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

void FormatResponseHead(const http::Response& response, std::string& head) {
  head.clear();
  char number[24];
  auto append_number = [&](int64_t n) {
    head.append(number, std::to_chars(number, number + sizeof number, n).ptr);
  };
  head.append("Status: ");
  append_number(response.status());
  head.push_back(' ');
  head.append(ReasonPhrase(response.status()));
  head.append("\r\n");
  if (!response.content_type().empty()) {
    head.append("Content-Type: ").append(response.content_type()).append("\r\n");
  }
  // A 204 or 304 carries no body and no Content-Length; everything else says exactly how
  // long it is, so a truncated answer is detectable by the client.
  if (response.status() != 204 && response.status() != 304) {
    head.append("Content-Length: ");
    append_number(static_cast<int64_t>(response.body().size()));
    head.append("\r\n");
  }
  for (const auto& [name, value] : response.headers()) {
    // A header value can never carry a line break (response splitting); such a
    // header is a bug upstream and is dropped rather than sent.
    if (value.find_first_of("\r\n") != std::string::npos) continue;
    head.append(name).append(": ").append(value).append("\r\n");
  }
  head.append("\r\n");
}

}  // namespace keel::fcgi
