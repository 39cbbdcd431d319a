// UserService: the rules of the users resource (CONTRACT §5) on top of the store.
//
//   - a user may read, change and delete their own account; an admin any account; for
//     anyone else the account does not exist (404, never 403: existence is not revealed);
//   - only an admin may set `role`, `is_active` or `email`. A non-admin who sends one of
//     them gets 403 FORBIDDEN, even on their own account. Email is admin-only because
//     login is by email: a stolen session changing it would lock the owner out, and
//     there is no address-verification flow to make a self-service change safe;
//   - disabling an account revokes all its sessions at once (next request → 401);
//   - deleting an account cascades to its sessions, events and everything it owns;
//   - the list is for admins only (the route says so); its `email` filter is compared
//     with the normalised (lower-case) address.
#pragma once

#include <string>

#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"
#include "users/user_store.h"

namespace keel::users {

StatusOr<User> GetUser(db::Connection& db, const Actor& actor, const std::string& id);
// Forbidden if a non-admin changes role, is_active or email; NotFound out of scope;
// Conflict if the new email is taken.
StatusOr<User> ChangeUser(db::Connection& db, const Actor& actor, const std::string& id,
                          const UserChange& change);
Status RemoveUser(db::Connection& db, const Actor& actor, const std::string& id);
StatusOr<UserPage> ListAllUsers(db::Connection& db, db::ListQuery query);

}  // namespace keel::users
