// Verification of an OpenID Connect id_token (OIDC Core §3.1.3.7) received from the
// token endpoint over TLS:
//
//   - the header's `alg` must be RS256 or ES256 — never `none`, never HS256 (there is no
//     HMAC verifier here, so a token "signed" with the provider's public key as an HMAC
//     secret cannot pass), and `crit` is refused; the key is chosen from the provider's
//     JWKS by `kid` and must be of that alg's type (crypto/jws_keys.h binds them);
//   - the signature is checked before the claims are parsed;
//   - `iss` equals the issuer, `aud` is (or contains) the client id, `azp` (required
//     when there are several audiences) equals it, `exp` is in the future and `iat` not
//     in the future (both with a small leeway), `nonce` equals the one bound to the
//     browser's flow cookie (compared in constant time), `sub` is present.
//
// Every failure is Status::Unauthorized with a message saying which check failed (no
// token content). An unknown `kid` is reported separately (UnknownKid) so the caller can
// refetch the JWKS once and retry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "oidc/jwks.h"

namespace keel::oidc {

inline constexpr size_t kMaxIdTokenBytes = 16384;

struct IdTokenExpectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  int64_t now = 0;  // Unix seconds
  int64_t leeway_seconds = 60;
};

struct IdTokenClaims {
  std::string sub;
  std::string email;  // may be empty
  bool email_verified = false;
  std::string name;  // may be empty
};

struct IdTokenResult {
  std::optional<IdTokenClaims> claims;  // set when verified
  bool unknown_kid = false;             // no key in the JWKS for the token's kid/alg
};

// Verifies `token` against `jwks`. Returns IdTokenResult with claims, or with
// unknown_kid set (nothing else was checked), or an Unauthorized Status.
StatusOr<IdTokenResult> VerifyIdToken(std::string_view token, const Jwks& jwks,
                                      const IdTokenExpectations& expect);

}  // namespace keel::oidc
