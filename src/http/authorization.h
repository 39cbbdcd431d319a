// The Authorization request header: scripts authenticate with
// `Authorization: Bearer <access token>` (CONTRACT §4.3, RFC 6750 §2.1).
//
// There is no partial credit: anything that is not exactly one well-formed bearer
// token yields no token, and the caller answers 401 as for a missing header. The
// token is only shaped here (a JWT is base64url segments joined by '.'); verifying it
// is the JWT code's job.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace keel::http {

inline constexpr size_t kMaxBearerTokenBytes = 4096;

// Returns the token of a `Bearer <token>` header value, as a view into `header`.
// The scheme is case-insensitive; one or more spaces separate it from the token;
// spaces and tabs around the whole value are ignored. The token is 1 to
// kMaxBearerTokenBytes characters from A-Z a-z 0-9 '-' '_' '.', optionally ended by
// '=' padding. Anything else (another scheme, no token, two tokens, a tab or comma
// inside, other characters, an over-long token) gives std::nullopt.
std::optional<std::string_view> ParseBearerToken(std::string_view header);

}  // namespace keel::http
