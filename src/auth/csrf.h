// Cross-site request forgery defences for cookie-authenticated requests (CONTRACT §4.3).
//
// Browsers send keel's cookies with any request to the site, including one a hostile
// page triggers, so a request that authenticates with the access cookie and changes
// something (POST, PUT, PATCH, DELETE) must prove it comes from keel's own pages:
//   1. `Sec-Fetch-Site: cross-site` is refused outright (the browser says so itself);
//   2. an `Origin` header, when present, must be the site (KEEL_PUBLIC_ORIGIN) or one of
//      KEEL_CORS_ORIGINS (`null` and anything else are refused);
//   3. `X-CSRF-Token` must equal, in constant time, the session's CSRF token: the HMAC
//      of the session id under the CSRF key (the "signed double-submit" pattern of the
//      OWASP CSRF cheat sheet). keel never reads the __Host-keel_csrf cookie back: it
//      recomputes the expected value from the session the access token names, so a
//      cookie planted by a sibling subdomain cannot help an attacker, and the value is
//      stable for the whole session (refreshes do not change it).
// Scripts using `Authorization: Bearer` need none of this: a browser never attaches a
// bearer token by itself.
#pragma once

#include <string>
#include <string_view>

#include "auth/keys.h"
#include "base/status.h"
#include "config/config.h"
#include "http/request.h"

namespace keel::auth {

// The CSRF token of session `session_id`: base64url(HMAC-SHA256(csrf_key, session_id)).
std::string CsrfToken(std::string_view csrf_key, std::string_view session_id);

// True when `presented` equals the session's CSRF token under the current key or, during
// a secret rotation, the previous one. Constant time in the contents; empty is false.
bool CsrfTokenMatches(const AuthKeys& keys, std::string_view session_id,
                      std::string_view presented);

// POST, PUT, PATCH and DELETE (everything that is not GET, HEAD or OPTIONS).
bool IsUnsafeMethod(http::Method method);

// Whether a cross-site request from a configured CORS origin passes (check 1).
enum class CrossSite {
  // Refused whatever its Origin: cookie-authenticated writes (a cross-site page never
  // gets keel's SameSite cookies legitimately, so such a request is forged) and the
  // refresh cookie (SameSite=Strict).
  kRefuse,
  // Allowed when Origin is one of KEEL_CORS_ORIGINS: login and register, which a
  // front end on another site may call with fetch() to obtain bearer tokens.
  kAllowCorsOrigins,
};

// Checks 1 and 2 above: Forbidden unless the request may come from a page of the site
// (or, under kAllowCorsOrigins, of a configured CORS origin). A request with neither
// header (curl, a script, an old browser) passes.
Status CheckRequestOrigin(const http::Request& request, const Config& config,
                          CrossSite cross_site = CrossSite::kRefuse);

}  // namespace keel::auth
