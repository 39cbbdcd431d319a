// The rules a new password must meet (CONTRACT §4.1): 8 to 1024 characters, at most
// crypto::kMaxPasswordBytes (1024) bytes — longer is refused, never truncated — and not
// the account's own email address. Following NIST SP 800-63B and the OWASP cheat sheet,
// there are no composition rules (digits, symbols...) and no maximum below 1024.
// Passwords are taken as sent: no trimming, no normalisation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace keel::auth {

inline constexpr size_t kMinPasswordChars = 8;

// The reason `password` is not acceptable for the account `email` (normalised), phrased
// for the field `field` ("password must be at least 8 characters"), or nullopt.
std::optional<std::string> PasswordProblem(std::string_view password, std::string_view email,
                                           std::string_view field);

}  // namespace keel::auth
