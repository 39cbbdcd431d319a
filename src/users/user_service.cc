// The users resource's rules.
#include "users/user_service.h"

#include <algorithm>
#include <cctype>

namespace keel::users {

StatusOr<User> GetUser(db::Connection& db, const Actor& actor, const std::string& id) {
  return FindUser(db, actor, id);
}

StatusOr<User> ChangeUser(db::Connection& db, const Actor& actor, const std::string& id,
                          const UserChange& change) {
  if (!actor.is_admin && (change.role.set || change.is_active.set || change.email.set)) {
    return Status::Forbidden("only an administrator may change role, is_active or email");
  }
  return UpdateUser(db, actor, id, change);
}

Status RemoveUser(db::Connection& db, const Actor& actor, const std::string& id) {
  return DeleteUser(db, actor, id);
}

StatusOr<UserPage> ListAllUsers(db::Connection& db, db::ListQuery query) {
  for (db::Filter& f : query.filters) {
    if (f.field->name != "email") continue;
    std::transform(f.value.begin(), f.value.end(), f.value.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  return ListUsers(db, query);
}

}  // namespace keel::users
