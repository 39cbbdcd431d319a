// Request: what keel needs to know of one HTTP request, filled from FastCGI (or
// CGI) parameters by the fcgi adapter. Everything here is untrusted input; parsing
// of the body, query, cookies and Authorization header happens later, in one phase.
#pragma once

#include <string>
#include <string_view>

#include "http/body_reader.h"

namespace keel::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

Method ParseMethod(std::string_view text);
const char* MethodName(Method method);
// GET, HEAD and OPTIONS change nothing and may be retried.
inline bool IsSafeMethod(Method m) {
  return m == Method::kGet || m == Method::kHead || m == Method::kOptions;
}

struct Request {
  Method method = Method::kOther;
  std::string method_text;   // as received, for logs (bounded)
  std::string path;          // decoded path without the query, e.g. /api/v1/tasks
  std::string query;         // raw QUERY_STRING
  std::string content_type;  // CONTENT_TYPE
  std::string body;          // exactly CONTENT_LENGTH bytes (empty when streamed)
  // Set instead of `body` on a route whose body is streamed (api::Body::kStreamed);
  // owned by the fcgi adapter and valid during the request.
  BodyReader* body_stream = nullptr;
  std::string request_id;  // nginx's $request_id, else generated
  std::string remote_addr;
  std::string user_agent;
  std::string cookie;         // raw Cookie header
  std::string authorization;  // raw Authorization header
  std::string origin;         // Origin header
  std::string sec_fetch_site;
  std::string accept;
  std::string csrf_token;  // X-CSRF-Token header
  std::string webhook_id;  // Standard Webhooks headers
  std::string webhook_timestamp;
  std::string webhook_signature;
  std::string idempotency_key;
  std::string if_none_match;  // conditional requests (http/conditional.h)
  std::string if_match;
  bool internal = false;  // reached through the loopback operations listener
};

}  // namespace keel::http
