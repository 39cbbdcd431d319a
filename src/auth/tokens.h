// The tokens a session hands out: the access JWT and the rotating refresh token.
//
// Access token (CONTRACT §4.2): HS256, claims sub, sid, role, iat, exp, iss, aud,
// header kid, signed with the current JWT secret. Issuing is deterministic: the same
// claims and key give the same text, which the refresh grace window relies on to answer
// two concurrent refreshes with the very same pair.
//
// Refresh token: 256 bits, base64url (43 characters). The first token of a session is
// random (crypto::RandomToken); each rotation derives the child from its parent as
// base64url(HMAC-SHA256(chain_key, parent)), so whoever presents the parent again
// within the grace window gets the same child back, and nothing but SHA-256 digests of
// tokens is ever stored. Without the chain key the child of a stolen parent cannot be
// computed, so derivation leaks nothing that randomness would have hidden.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/keys.h"
#include "config/config.h"

namespace keel::auth {

inline constexpr size_t kRefreshTokenChars = 43;  // base64url of 32 bytes

// A signed access token for the session, valid from `issued_at` (Unix seconds) for
// config.access_ttl_seconds, with config's issuer and audience.
std::string IssueAccessToken(const AuthKeys& keys, const Config& config, const std::string& user_id,
                             const std::string& session_id, const std::string& role,
                             int64_t issued_at);

// A fresh random refresh token (the first of a session).
std::string NewRefreshToken();

// The child of `parent` under `chain_key` (see above).
std::string ChildRefreshToken(std::string_view chain_key, std::string_view parent);

// True when `token` has the shape of a refresh token keel issued: exactly 43 base64url
// characters in canonical form (32 bytes). Anything else is refused before any lookup.
bool IsWellFormedRefreshToken(std::string_view token);

// The hex SHA-256 of a token: what the database stores and looks up.
std::string TokenDigestHex(std::string_view token);

}  // namespace keel::auth
