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

// The access token of the request and whether it came from the cookie. Bearer first:
// a script's explicit header wins over whatever cookies a shared jar holds.
StatusOr<std::pair<std::string, bool>> AccessToken(const http::Request& request) {
  if (!request.authorization.empty()) {
    std::optional<std::string_view> bearer = http::ParseBearerToken(request.authorization);
    if (!bearer) return Status::Unauthorized("invalid Authorization header");
    return std::make_pair(std::string(*bearer), false);
  }
  KEEL_ASSIGN_OR_RETURN(http::Cookies cookies, http::ParseCookieHeader(request.cookie));
  const std::string* cookie = cookies.Find(kAccessCookie);
  if (cookie == nullptr || cookie->empty()) return Status::Unauthorized();
  return std::make_pair(*cookie, true);
}

// The claims of a valid access token: from this worker's cache of tokens it has verified
// (verified_token_cache.h), or verified now and remembered.
StatusOr<JwtClaims> VerifyAccessJwt(std::string_view jwt, const AuthKeys& keys,
                                    const Config& config) {
  static VerifiedTokenCache cache;
  const int64_t now = UnixSeconds();
  if (const JwtClaims* known = cache.Find(jwt, now)) return *known;
  const JwtExpectations expect{config.jwt_issuer, config.jwt_audience, 30};
  KEEL_ASSIGN_OR_RETURN(JwtClaims claims, VerifyJwt(jwt, keys.jwt, expect, now));
  int64_t valid_until = 0;
  if (__builtin_add_overflow(claims.exp, expect.leeway_seconds, &valid_until)) {
    valid_until = INT64_MAX;
  }
  cache.Remember(jwt, claims, now, valid_until);
  return claims;
}

StatusOr<Principal> VerifyAccess(const http::Request& request, const Config& config) {
  KEEL_ASSIGN_OR_RETURN(auto token, AccessToken(request));
  const auto& [jwt, via_cookie] = token;
  const AuthKeys& keys = KeysFor(config);
  KEEL_ASSIGN_OR_RETURN(JwtClaims claims, VerifyAccessJwt(jwt, keys, config));
  if (!LooksLikeUuid(claims.sub) || !LooksLikeUuid(claims.sid)) {
    return Status::Unauthorized("invalid token");
  }
  if (via_cookie && IsUnsafeMethod(request.method)) {
    KEEL_RETURN_IF_ERROR(CheckRequestOrigin(request, config));
    if (!CsrfTokenMatches(keys, claims.sid, request.csrf_token)) {
      return Status::Forbidden("missing or invalid X-CSRF-Token");
    }
  }
  return Principal{std::move(claims.sub), std::move(claims.sid), ""};
}

// The role from the live-session check, or 401 for a dead session.
Status ApplyLiveRole(const std::optional<std::string>& role, Principal& principal) {
  if (!role) return Status::Unauthorized("session expired or revoked");
  principal.role = *role;
  return Status::Ok();
}

// The bearer token when it is shaped like a personal API key (`keel_…`), else nullopt.
std::optional<std::string_view> ApiKeyOf(const http::Request& request) {
  if (request.authorization.empty()) return std::nullopt;
  std::optional<std::string_view> bearer = http::ParseBearerToken(request.authorization);
  if (!bearer || !IsApiKeyShaped(*bearer)) return std::nullopt;
  return bearer;
}

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
  if (std::optional<std::string_view> key = ApiKeyOf(request)) return AuthenticateApiKey(*key, db);
  KEEL_ASSIGN_OR_RETURN(Principal principal, VerifyAccess(request, config));
  KEEL_ASSIGN_OR_RETURN(std::optional<std::string> role,
                        LiveSessionRole(db, principal.session_id, principal.user_id));
  KEEL_RETURN_IF_ERROR(ApplyLiveRole(role, principal));
  return principal;
}

StatusOr<Principal> AuthenticateDeferred(const http::Request& request, db::Connection& db,
                                         const Config& config) {
  // A key's check is not deferred: the Principal comes back confirmed (via_api_key()).
  if (std::optional<std::string_view> key = ApiKeyOf(request)) return AuthenticateApiKey(*key, db);
  KEEL_ASSIGN_OR_RETURN(Principal principal, VerifyAccess(request, config));
  DeferSessionCheck(db, principal);
  return principal;
}

void DeferSessionCheck(db::Connection& db, const Principal& principal) {
  DeferLiveSessionRole(db, principal.session_id, principal.user_id);
}

Status ConfirmDeferredSession(db::Connection& db, Principal& principal) {
  KEEL_ASSIGN_OR_RETURN(std::optional<std::string> role, TakeLiveSessionRole(db));
  return ApplyLiveRole(role, principal);
}

}  // namespace keel::auth
