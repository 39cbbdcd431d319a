// Authenticate: bearer header or access cookie → verified JWT → CSRF/Origin checks for
// cookie-authenticated writes → live-session check in PostgreSQL; or a bearer personal
// API key → its live row in PostgreSQL.
#include "auth/authenticate.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/api_key_store.h"
#include "auth/api_key_token.h"
#include "auth/csrf.h"
#include "auth/jwt.h"
#include "auth/keys.h"
#include "auth/session_cookies.h"
#include "auth/session_store.h"
#include "auth/verified_token_cache.h"
#include "base/clock.h"
#include "http/authorization.h"
#include "http/cookies.h"

namespace keel::auth {
namespace {

// The ids keel puts in `sub` and `sid` are UUIDs; anything else never reaches SQL.
bool LooksLikeUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// The access token of a request: the bearer header's (a view into the request), or the
// access cookie's (a copy: the parsed cookies do not outlive the lookup).
struct AccessTokenOf {
  std::string_view bearer = {};
  std::string from_cookie = {};
  bool via_cookie = false;

  std::string_view jwt() const { return via_cookie ? std::string_view(from_cookie) : bearer; }
};

// Bearer first: a script's explicit header wins over whatever cookies a shared jar holds.
// `bearer` is the header's token when the caller has parsed it already.
StatusOr<AccessTokenOf> AccessToken(const http::Request& request,
                                    std::optional<std::string_view> bearer) {
  if (!request.authorization.empty()) {
    if (!bearer) bearer = http::ParseBearerToken(request.authorization);
    if (!bearer) return Status::Unauthorized("invalid Authorization header");
    return AccessTokenOf{.bearer = *bearer};
  }
  KEEL_ASSIGN_OR_RETURN(http::Cookies cookies, http::ParseCookieHeader(request.cookie));
  const std::string* cookie = cookies.Find(kAccessCookie);
  if (cookie == nullptr || cookie->empty()) return Status::Unauthorized();
  return AccessTokenOf{.from_cookie = *cookie, .via_cookie = true};
}

// The claims of a valid access token: from this worker's cache of tokens it has verified
// (verified_token_cache.h), or verified now and remembered. Valid until the next call.
StatusOr<const JwtClaims*> VerifyAccessJwt(std::string_view jwt, const AuthKeys& keys,
                                           const Config& config) {
  static VerifiedTokenCache cache;
  const int64_t now = UnixSeconds();
  if (const JwtClaims* known = cache.Find(jwt, now)) return known;
  const JwtExpectations expect{config.jwt_issuer, config.jwt_audience, 30};
  KEEL_ASSIGN_OR_RETURN(JwtClaims claims, VerifyJwt(jwt, keys.jwt, expect, now));
  int64_t valid_until = 0;
  if (__builtin_add_overflow(claims.exp, expect.leeway_seconds, &valid_until)) {
    valid_until = INT64_MAX;
  }
  return cache.Remember(jwt, std::move(claims), now, valid_until);
}

StatusOr<Principal> VerifyAccess(const http::Request& request, const Config& config,
                                 std::optional<std::string_view> bearer) {
  KEEL_ASSIGN_OR_RETURN(AccessTokenOf token, AccessToken(request, bearer));
  const AuthKeys& keys = KeysFor(config);
  KEEL_ASSIGN_OR_RETURN(const JwtClaims* claims, VerifyAccessJwt(token.jwt(), keys, config));
  if (!LooksLikeUuid(claims->sub) || !LooksLikeUuid(claims->sid)) {
    return Status::Unauthorized("invalid token");
  }
  if (token.via_cookie && IsUnsafeMethod(request.method)) {
    KEEL_RETURN_IF_ERROR(CheckRequestOrigin(request, config));
    if (!CsrfTokenMatches(keys, claims->sid, request.csrf_token)) {
      return Status::Forbidden("missing or invalid X-CSRF-Token");
    }
  }
  return Principal{claims->sub, claims->sid, ""};
}

// The role from the live-session check, or 401 for a dead session.
Status ApplyLiveRole(const std::optional<std::string>& role, Principal& principal) {
  if (!role) return Status::Unauthorized("session expired or revoked");
  principal.role = *role;
  return Status::Ok();
}

// The bearer token of the request (nullopt without one, or with a malformed header).
std::optional<std::string_view> BearerOf(const http::Request& request) {
  if (request.authorization.empty()) return std::nullopt;
  return http::ParseBearerToken(request.authorization);
}

// Whether the bearer token is shaped like a personal API key (`keel_…`).
bool IsApiKey(std::optional<std::string_view> bearer) { return bearer && IsApiKeyShaped(*bearer); }

// A personal API key: format and checksum first (no lookup for a mistyped key), then
// the live row. No CSRF check: a key is never sent by a browser on its own.
StatusOr<Principal> AuthenticateApiKey(std::string_view key, db::Connection& db) {
  if (!ApiKeyChecksumValid(key)) return Status::Unauthorized("invalid API key");
  KEEL_ASSIGN_OR_RETURN(std::optional<LiveApiKey> live, FindLiveApiKey(db, ApiKeyDigestHex(key)));
  if (!live) return Status::Unauthorized("API key expired or revoked");
  return Principal{std::move(live->user_id), "", std::move(live->role), std::move(live->id),
                   std::move(live->scopes)};
}

}  // namespace

StatusOr<Principal> Authenticate(const http::Request& request, db::Connection& db,
                                 const Config& config) {
  const std::optional<std::string_view> bearer = BearerOf(request);
  if (IsApiKey(bearer)) return AuthenticateApiKey(*bearer, db);
  KEEL_ASSIGN_OR_RETURN(Principal principal, VerifyAccess(request, config, bearer));
  KEEL_ASSIGN_OR_RETURN(std::optional<std::string> role,
                        LiveSessionRole(db, principal.session_id, principal.user_id));
  KEEL_RETURN_IF_ERROR(ApplyLiveRole(role, principal));
  return principal;
}

StatusOr<Principal> AuthenticateDeferred(const http::Request& request, db::Connection& db,
                                         const Config& config, DeferredCheck check) {
  // A key's check is not deferred: the Principal comes back confirmed (via_api_key()).
  const std::optional<std::string_view> bearer = BearerOf(request);
  if (IsApiKey(bearer)) return AuthenticateApiKey(*bearer, db);
  KEEL_ASSIGN_OR_RETURN(Principal principal, VerifyAccess(request, config, bearer));
  DeferSessionCheck(db, principal, check);
  return principal;
}

void DeferSessionCheck(db::Connection& db, const Principal& principal, DeferredCheck check) {
  DeferLiveSessionRole(db, principal.session_id, principal.user_id, check);
}

Status ConfirmDeferredSession(db::Connection& db, Principal& principal) {
  KEEL_ASSIGN_OR_RETURN(std::optional<std::string> role, TakeLiveSessionRole(db));
  return ApplyLiveRole(role, principal);
}

}  // namespace keel::auth
