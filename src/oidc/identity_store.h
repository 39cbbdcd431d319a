// IdentityStore: the SQL of OpenID Connect identities (sql/007 user_identities). Every
// statement but the sign-in lookup is scoped to the owning user.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "db/connection.h"

namespace keel::oidc {

struct Identity {
  std::string id;
  std::string provider;
  std::string subject;
  std::optional<std::string> email;
  std::string created_at;                    // RFC 3339 UTC
  std::optional<std::string> last_login_at;  // RFC 3339 UTC
};

// The user linked to (provider, subject), marking the identity used; nullopt if none.
StatusOr<std::optional<std::string>> FindIdentityUser(db::Connection& db,
                                                      const std::string& provider,
                                                      const std::string& subject);

// Links (provider, subject) to `user_id`. 409 when it is linked to another account;
// nothing happens when it is already linked to this one.
Status LinkIdentity(db::Connection& db, const std::string& user_id, const std::string& provider,
                    const std::string& subject, const std::string& email);

StatusOr<std::vector<Identity>> ListIdentities(db::Connection& db, const std::string& user_id);

// Deletes identity `id` of `user_id` unless it is the account's last way to sign in (no
// password and no other identity): then 409. NotFound when it is not theirs.
Status DeleteIdentity(db::Connection& db, const std::string& user_id, const std::string& id,
                      const std::string& no_password_hash);

}  // namespace keel::oidc
