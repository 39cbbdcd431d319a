// Access tokens: compact JWS (RFC 7515) JWTs (RFC 7519) signed with HMAC-SHA256 only.
//
// CONTRACT §4.2. The verifier follows the OWASP JWT cheat sheet by refusing choices an
// attacker could make: the algorithm is fixed to HS256 whatever the header says (no
// `none`, no HS512, no public-key algorithms), keys are never taken from the token
// (`jwk`, `jku`, `x5u`, `x5c` are refused, as is `crit`), and the MAC over the raw
// `header.payload` text is checked in constant time before either JSON document is
// parsed, so the parser only ever sees bytes we signed. Only then are the header and
// the claims (sub, sid, role, iat, exp, nbf, iss, aud) checked.
//
// Every failure is Status::Unauthorized with one of two messages, "invalid token" or
// "token expired" (the latter only for a token that is otherwise entirely valid, so a
// client knows a refresh will help); why exactly it failed is in log_detail(), for the
// log only.
//
// Key rotation: JwtKeys holds the current key, used for signing, and optionally the
// previous one (JWT_SECRET_PREVIOUS), still accepted for verification. Keys are raw
// bytes and must be at least kMinJwtKeyBytes long; shorter keys never verify anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace keel::auth {

inline constexpr size_t kMaxJwtBytes = 8192;
inline constexpr size_t kMinJwtKeyBytes = 32;

// The claims keel puts in an access token. `aud` is a single audience.
struct JwtClaims {
  std::string sub;   // user id
  std::string sid;   // session id (checked against the sessions table on every request)
  std::string role;  // informative only: authorisation reads roles from the database
  std::string iss;
  std::string aud;
  int64_t iat = 0;  // seconds since the Unix epoch
  int64_t exp = 0;
};

// One HS256 secret and its key id (the `kid` header; see JwtKeyId).
struct JwtKey {
  std::string secret;
  std::string kid;
};

struct JwtKeys {
  JwtKey current;                  // signs, and verifies
  std::optional<JwtKey> previous;  // verifies only
};

struct JwtExpectations {
  std::string iss;
  std::string aud;
  int64_t leeway_seconds = 30;  // clock skew allowed for exp, nbf and iat
};

// Checks that `key` is usable as an HS256 secret: at least kMinJwtKeyBytes bytes.
// Configuration should call it at startup and refuse to start otherwise.
Status ValidateJwtKey(std::string_view key);

// A key id derived from the key: the first 8 hex characters of SHA-256(key). Names the
// key in logs and headers without revealing it.
std::string JwtKeyId(std::string_view key);

// Returns the compact serialisation `b64url(header).b64url(claims).b64url(mac)` with
// header {"alg":"HS256","typ":"JWT","kid":kid} (kid omitted when empty) and every field
// of `claims`, signed with `key`, which must satisfy ValidateJwtKey.
std::string SignJwt(const JwtClaims& claims, std::string_view key, std::string_view kid);

// The decoded (still unparsed) JSON texts of a token whose MAC has been verified.
struct VerifiedJws {
  std::string header_json;
  std::string payload_json;
};

// The first stage of VerifyJwt, exposed for tests and known-answer checks: `token` is at
// most kMaxJwtBytes, has exactly three non-empty strictly base64url segments, its
// signature decodes to exactly 32 bytes, and equals (in constant time) the HMAC-SHA256
// of `header.payload` under the current or the previous key. Nothing is parsed.
// Errors: Unauthorized("invalid token").
StatusOr<VerifiedJws> VerifyJwtSignature(std::string_view token, const JwtKeys& keys);

// Verifies `token` completely at time `now` (seconds since the epoch): the signature
// (above), then the header (a JSON object; `alg` exactly "HS256"; `typ` absent or "JWT";
// `kid`, if present, a string; no `jwk`, `jku`, `x5u`, `x5c` or `crit`), then the claims:
// `sub` and `sid` non-empty strings, `role` a string, `iat` and `exp` integers, `nbf`
// an integer if present; `iss` equal to expect.iss; `aud` equal to expect.aud or an
// array containing it; `iat` and `nbf` not later than now + leeway; `exp` later than
// now - leeway. Returns the claims (with `aud` set to expect.aud).
// Errors: Unauthorized("token expired") when only `exp` fails, otherwise
// Unauthorized("invalid token").
StatusOr<JwtClaims> VerifyJwt(std::string_view token, const JwtKeys& keys,
                              const JwtExpectations& expect, int64_t now);

}  // namespace keel::auth
