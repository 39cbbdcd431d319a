// Principal: who is making an authenticated request, as established by
// auth::Authenticate from a verified access token and a live session row, or from a
// live personal API key.
#pragma once

#include <string>
#include <vector>

namespace keel::auth {

struct Principal {
  std::string user_id;     // UUID
  std::string session_id;  // UUID of the live session (the token's `sid`)
  std::string role;        // "user" | "admin", read from the database, not the token
  // Set when authenticated by a personal API key (session_id is then empty): the key's
  // id and its scopes (auth/api_key_scope.h).
  std::string api_key_id{};
  std::vector<std::string> scopes{};
  bool via_api_key() const { return !api_key_id.empty(); }
  bool is_admin() const { return role == "admin"; }
};

}  // namespace keel::auth
