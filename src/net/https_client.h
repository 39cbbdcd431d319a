// The one outbound HTTP client keel has: libcurl, HTTPS only, TLS verification always
// on (the CA bundle is the system's unless a file is given — tests pass their own CA),
// redirects not followed, and every call bounded by a total deadline, so a provider that
// is down or stalls costs a request at most that long. Used by OpenID Connect for
// discovery, JWKS and the token exchange.
//
// Failures to get any answer (DNS, connect, TLS, timeout, a body over the size limit)
// are Status::Unavailable with a message naming the host's failure class, never the
// request's secrets; an HTTP error status is returned as a response for the caller to
// judge.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace keel::net {

struct HttpsOptions {
  std::string ca_file;        // PEM bundle; empty: the system's default
  int64_t timeout_ms = 5000;  // whole exchange, connect included
  size_t max_response_bytes = 1 << 20;
};

struct HttpsResponse {
  long status = 0;
  std::string body;
  std::string content_type;
};

// GETs `url` with extra `headers` ("Name: value").
StatusOr<HttpsResponse> HttpsGet(const std::string& url, const HttpsOptions& options,
                                 const std::vector<std::string>& headers = {});

// POSTs `form` (already application/x-www-form-urlencoded) with extra `headers`
// ("Name: value").
StatusOr<HttpsResponse> HttpsPostForm(const std::string& url, const std::string& form,
                                      const std::vector<std::string>& headers,
                                      const HttpsOptions& options);

// Percent-encodes `s` for a form body or query string (libcurl's curl_easy_escape).
std::string UrlEncode(const std::string& s);

}  // namespace keel::net
