// CSRF tokens and the Origin / Sec-Fetch-Site checks.
#include "auth/csrf.h"

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace keel::auth {

std::string CsrfToken(std::string_view csrf_key, std::string_view session_id) {
  return crypto::Base64UrlEncode(crypto::HmacSha256(csrf_key, session_id));
}

bool CsrfTokenMatches(const AuthKeys& keys, std::string_view session_id,
                      std::string_view presented) {
  if (presented.empty() || session_id.empty()) return false;
  if (crypto::ConstantTimeEquals(presented, CsrfToken(keys.csrf, session_id))) return true;
  return !keys.csrf_previous.empty() &&
         crypto::ConstantTimeEquals(presented, CsrfToken(keys.csrf_previous, session_id));
}

bool IsUnsafeMethod(http::Method method) {
  return method != http::Method::kGet && method != http::Method::kHead &&
         method != http::Method::kOptions;
}

Status CheckRequestOrigin(const http::Request& request, const Config& config,
                          CrossSite cross_site) {
  bool cors_origin = false;
  for (const std::string& allowed : config.cors_origins) {
    if (request.origin == allowed) cors_origin = true;
  }
  if (request.sec_fetch_site == "cross-site" &&
      !(cross_site == CrossSite::kAllowCorsOrigins && cors_origin)) {
    return Status::Forbidden("cross-site request refused");
  }
  if (request.origin.empty() || cors_origin) return Status::Ok();
  if (!config.public_origin.empty() && request.origin == config.public_origin) {
    return Status::Ok();
  }
  return Status::Forbidden("origin not allowed");
}

}  // namespace keel::auth
