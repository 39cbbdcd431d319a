// The three browser cookies of a session (CONTRACT §4.3), as Set-Cookie header values.
//
//   __Host-keel_access    the access JWT; HttpOnly; Secure; SameSite=Lax; Path=/;
//                         Max-Age = access TTL. Lax: a top-level link from another site
//                         still arrives signed in (GET only; unsafe methods are guarded
//                         by the CSRF checks anyway).
//   __Secure-keel_refresh the refresh token; HttpOnly; Secure; SameSite=Strict;
//                         Path=/api (never sent to static pages); Max-Age = refresh TTL.
//   __Host-keel_csrf      the session's CSRF token, readable by the page's JavaScript (not
//                         HttpOnly) so it can echo it in X-CSRF-Token; Secure;
//                         SameSite=Strict; Path=/; Max-Age = refresh TTL (it must outlive
//                         the access cookie: it is valid as long as the session).
//                         Strict because keel never needs the browser to send it: the
//                         server recomputes the expected value from the session, so there
//                         is no reason to let it travel on any cross-site request.
// Set on register, login and refresh; cleared (empty value, Max-Age=0, same attributes)
// on logout.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "config/config.h"

namespace keel::auth {

inline constexpr char kAccessCookie[] = "__Host-keel_access";
inline constexpr char kRefreshCookie[] = "__Secure-keel_refresh";
inline constexpr char kCsrfCookie[] = "__Host-keel_csrf";

struct SessionCookieValues {
  std::string access_token;
  std::string refresh_token;
  std::string csrf_token;
};

// The three Set-Cookie values, in the order access, refresh, csrf. Errors: kInternal if a
// value could not be a cookie (a bug: every value here is base64url or a JWT).
StatusOr<std::vector<std::string>> SessionCookieHeaders(const SessionCookieValues& values,
                                                        const Config& config);

// The three Set-Cookie values that delete the cookies.
std::vector<std::string> ClearedCookieHeaders();

}  // namespace keel::auth
