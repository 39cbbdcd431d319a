// User: an account as the API shows it (CONTRACT §5, seed 003). The password hash is
// deliberately not a member: it is read only by the login code (users::Credentials),
// so no rendering path can ever leak it.
#pragma once

#include <optional>
#include <string>

namespace keel::users {

inline constexpr char kRoleUser[] = "user";
inline constexpr char kRoleAdmin[] = "admin";
inline constexpr size_t kMaxNameChars = 100;
inline constexpr size_t kMaxAvatarUrlBytes = 2048;

struct User {
  std::string id;  // UUID
  std::string email;
  std::optional<std::string> name;
  std::optional<std::string> avatar_url;
  std::string role;  // "user" | "admin"
  bool is_active = true;
  std::optional<std::string> last_login;         // RFC 3339 UTC
  std::string created_at;                        // RFC 3339 UTC
  std::string updated_at;                        // RFC 3339 UTC
  std::optional<std::string> email_verified_at;  // RFC 3339 UTC; null until verified
};

// A user with the stored password hash, for verifying a password.
struct Credentials {
  User user;
  std::string password_hash;
};

}  // namespace keel::users
