// Principal: who is making an authenticated request, as established by
// auth::Authenticate from a verified access token and a live session row.
#pragma once

#include <string>

namespace keel::auth {

struct Principal {
  std::string user_id;      // UUID
  std::string session_id;   // UUID of the live session (the token's `sid`)
  std::string role;         // "user" | "admin", read from the database, not the token
  bool via_cookie = false;  // authenticated by the browser cookie (CSRF applies)
  bool is_admin() const { return role == "admin"; }
};

}  // namespace keel::auth
