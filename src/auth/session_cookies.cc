// Building the session cookies with http::FormatSetCookie (which enforces the prefix
// rules and refuses any value that could inject an attribute).
#include "auth/session_cookies.h"

#include <optional>

#include "http/cookies.h"

namespace keel::auth {
namespace {

std::vector<http::SetCookie> Cookies(const SessionCookieValues& v, std::optional<int64_t> access,
                                     std::optional<int64_t> refresh) {
  return {
      http::SetCookie{.name = kAccessCookie,
                      .value = v.access_token,
                      .path = "/",
                      .max_age = access,
                      .http_only = true,
                      .secure = true,
                      .same_site = http::SameSite::kLax},
      http::SetCookie{.name = kRefreshCookie,
                      .value = v.refresh_token,
                      .path = "/api",
                      .max_age = refresh,
                      .http_only = true,
                      .secure = true,
                      .same_site = http::SameSite::kStrict},
      http::SetCookie{.name = kCsrfCookie,
                      .value = v.csrf_token,
                      .path = "/",
                      .max_age = refresh,
                      .http_only = false,
                      .secure = true,
                      .same_site = http::SameSite::kStrict},
  };
}

StatusOr<std::vector<std::string>> Format(const std::vector<http::SetCookie>& cookies) {
  std::vector<std::string> headers;
  for (const http::SetCookie& c : cookies) {
    KEEL_ASSIGN_OR_RETURN(std::string header, http::FormatSetCookie(c));
    headers.push_back(std::move(header));
  }
  return headers;
}

}  // namespace

StatusOr<std::vector<std::string>> SessionCookieHeaders(const SessionCookieValues& values,
                                                        const Config& config) {
  return Format(Cookies(values, config.access_ttl_seconds, config.refresh_ttl_seconds));
}

std::vector<std::string> ClearedCookieHeaders() {
  StatusOr<std::vector<std::string>> headers = Format(Cookies({}, 0, 0));
  return headers.ok() ? std::move(headers).value() : std::vector<std::string>{};
}

}  // namespace keel::auth
