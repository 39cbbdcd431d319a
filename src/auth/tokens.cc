// Access-token issuing and refresh-token derivation.
#include "auth/tokens.h"

#include "auth/jwt.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"

namespace keel::auth {

std::string IssueAccessToken(const AuthKeys& keys, const Config& config, const std::string& user_id,
                             const std::string& session_id, const std::string& role,
                             int64_t issued_at) {
  JwtClaims claims;
  claims.sub = user_id;
  claims.sid = session_id;
  claims.role = role;
  claims.iss = config.jwt_issuer;
  claims.aud = config.jwt_audience;
  claims.iat = issued_at;
  claims.exp = issued_at + config.access_ttl_seconds;
  return SignJwt(claims, keys.jwt.current.secret, keys.jwt.current.kid);
}

std::string NewRefreshToken() { return crypto::RandomToken(); }

std::string ChildRefreshToken(std::string_view chain_key, std::string_view parent) {
  return crypto::Base64UrlEncode(crypto::HmacSha256(chain_key, parent));
}

bool IsWellFormedRefreshToken(std::string_view token) {
  if (token.size() != kRefreshTokenChars) return false;
  std::optional<std::string> bytes = crypto::Base64UrlDecode(token);
  return bytes && bytes->size() == crypto::kSha256Bytes;
}

std::string TokenDigestHex(std::string_view token) { return crypto::Sha256Hex(token); }

}  // namespace keel::auth
