// AuthKeys: every secret the auth module uses, derived from JWT_SECRET (and
// JWT_SECRET_PREVIOUS during a rotation).
//
// Access tokens are signed with the configured secret itself (auth/jwt.h). The other two
// uses get their own keys, derived with HMAC-SHA256(secret, label), so that a MAC made
// for one purpose can never be replayed as another:
//   - the refresh-token chain key: a rotated refresh token's child is
//     base64url(HMAC-SHA256(chain_key, parent)) (auth/tokens.h);
//   - the CSRF key: a session's CSRF token is base64url(HMAC-SHA256(csrf_key, sid)).
// Rotating JWT_SECRET therefore rotates all three; with JWT_SECRET_PREVIOUS set, tokens
// made under the previous secret are still accepted.
#pragma once

#include <string>

#include "auth/jwt.h"
#include "config/config.h"

namespace keel::auth {

struct AuthKeys {
  JwtKeys jwt;                 // current signs; previous (optional) verifies
  std::string chain;           // refresh-token chain key (32 bytes)
  std::string chain_previous;  // empty when there is no previous secret
  std::string csrf;            // CSRF key (32 bytes)
  std::string csrf_previous;   // empty when there is no previous secret
};

// The keys for `config`'s secrets. Computed once per secret and cached for the life of
// the thread (a handful of HMACs, but it runs on every authenticated request). The
// reference stays valid until the next call with different secrets on the same thread.
const AuthKeys& KeysFor(const Config& config);

// HMAC-SHA256(secret, label): the derivation above, exposed for tests.
std::string DeriveKey(const std::string& secret, const char* label);

}  // namespace keel::auth
