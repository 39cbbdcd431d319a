// UserStore: the SQL of the users table (sql/001). Nothing here decides who may do
// what — users/user_service does — but every statement that reads or changes an
// account on behalf of a signed-in caller carries the caller in the SQL itself
// (`AND (u.id = $actor OR $actor_is_admin)`), so a mistake in a caller can at worst
// produce a 404, never another user's data.
//
// Errors: NotFound for a missing (or out-of-scope) row; Conflict("email already
// registered") when an email is taken; the database layer's codes otherwise.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/change.h"
#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "users/user.h"

namespace keel::users {

// Who is asking, as established by auth (role read from the database).
struct Actor {
  std::string user_id;
  bool is_admin = false;
};

struct NewUser {
  std::string email;  // normalised
  std::string password_hash;
  std::optional<std::string> name;
  std::string role = kRoleUser;
};

// Changes to an account: only the fields whose Change is set are written.
struct UserChange {
  Change<std::optional<std::string>> name;
  Change<std::optional<std::string>> avatar_url;
  Change<std::string> email;  // normalised
  Change<std::string> role;
  Change<bool> is_active;  // false also revokes every session of the account
};

struct UserPage {
  std::vector<User> users;
  int64_t total = 0;
};

// What GET users may sort, filter and search on (CONTRACT §3, §5): sort and ranges on
// created_at, updated_at, last_login; equality on email, role, is_active; sort on email
// and name; `q` in email and name.
const db::ListSpec& UserListSpec();

// Account `id` if `actor` is that account or an admin.
StatusOr<User> FindUser(db::Connection& db, const Actor& actor, const std::string& id);
// nullopt when no account has this (normalised) email.
StatusOr<std::optional<Credentials>> FindCredentialsByEmail(db::Connection& db,
                                                            const std::string& email);
StatusOr<Credentials> FindCredentialsById(db::Connection& db, const std::string& id);

StatusOr<User> InsertUser(db::Connection& db, const NewUser& user);
// Sets last_login to now and, when `new_hash` is given, replaces the password hash
// (a re-hash at login). Returns the updated user.
StatusOr<User> RecordLogin(db::Connection& db, const std::string& id,
                           const std::optional<std::string>& new_hash);
Status SetPasswordHash(db::Connection& db, const std::string& id, const std::string& hash);

// Applies `change` to account `id` if `actor` is that account or an admin.
StatusOr<User> UpdateUser(db::Connection& db, const Actor& actor, const std::string& id,
                          const UserChange& change);
// Deletes account `id` (sessions, events and everything owned cascade) if `actor` is
// that account or an admin.
Status DeleteUser(db::Connection& db, const Actor& actor, const std::string& id);
// Any account: only admins reach this (the route is Access::kAdmin).
StatusOr<UserPage> ListUsers(db::Connection& db, const db::ListQuery& query);

}  // namespace keel::users
