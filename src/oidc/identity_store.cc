// The user_identities statements (see identity_store.h).
#include "oidc/identity_store.h"

#include "db/params.h"
#include "db/sql_fragments.h"
#include "db/statement.h"

namespace keel::oidc {
namespace {

constexpr db::Statement kFind{
    "oidc_identity_find",
    "UPDATE user_identities SET last_login_at = now() WHERE provider = $1 AND subject = $2"
    " RETURNING user_id"};

// The insert does nothing on a conflict; the select then says whose identity it is.
constexpr db::Statement kLink{
    "oidc_identity_link",
    "WITH ins AS ("
    " INSERT INTO user_identities (user_id, provider, subject, email, last_login_at)"
    " VALUES ($1, $2, $3, NULLIF($4, ''), now())"
    " ON CONFLICT (provider, subject) DO NOTHING RETURNING user_id"
    ") SELECT user_id FROM ins"
    " UNION ALL SELECT user_id FROM user_identities WHERE provider = $2 AND subject = $3"
    " LIMIT 1"};

constexpr db::Statement kList{
    "oidc_identity_list",
    "SELECT id, provider, subject, email, " KEEL_SQL_RFC3339("created_at") ", " KEEL_SQL_RFC3339(
        "last_login_at") " FROM user_identities WHERE user_id = $1 ORDER BY created_at, id"};

// Deleted only while something else still signs the account in. The row lock on the
// user serialises two deletions of the account's last two identities.
constexpr db::Statement kDelete{
    "oidc_identity_delete",
    "WITH owner AS ("
    " SELECT id, password_hash <> $3 AS has_password FROM users WHERE id = $1 FOR UPDATE"
    "), target AS ("
    " SELECT i.id FROM user_identities i JOIN owner o ON o.id = i.user_id WHERE i.id = $2"
    "), others AS ("
    " SELECT count(*) AS n FROM user_identities WHERE user_id = $1 AND id <> $2"
    "), deleted AS ("
    " DELETE FROM user_identities WHERE id = (SELECT id FROM target)"
    " AND ((SELECT has_password FROM owner) OR (SELECT n FROM others) > 0) RETURNING id"
    ") SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM deleted)"};

}  // namespace

StatusOr<std::optional<std::string>> FindIdentityUser(db::Connection& db,
                                                      const std::string& provider,
                                                      const std::string& subject) {
  db::Params p;
  p.Add(provider).Add(subject);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kFind, p));
  if (r.empty()) return std::optional<std::string>();
  return std::optional<std::string>(r.String(0, 0));
}

Status LinkIdentity(db::Connection& db, const std::string& user_id, const std::string& provider,
                    const std::string& subject, const std::string& email) {
  db::Params p;
  p.Add(user_id).Add(provider).Add(subject).Add(email);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kLink, p));
  if (r.empty()) return Status::Internal("identity link returned nothing");
  if (r.String(0, 0) != user_id) {
    return Status::Conflict("this " + provider + " account is linked to another keel account");
  }
  return Status::Ok();
}

StatusOr<std::vector<Identity>> ListIdentities(db::Connection& db, const std::string& user_id) {
  db::Params p;
  p.Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kList, p));
  std::vector<Identity> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(Identity{r.String(i, 0), r.String(i, 1), r.String(i, 2), r.OptString(i, 3),
                           r.String(i, 4), r.OptString(i, 5)});
  }
  return out;
}

Status DeleteIdentity(db::Connection& db, const std::string& user_id, const std::string& id,
                      const std::string& no_password_hash) {
  db::Params p;
  p.Add(user_id).Add(id).Add(no_password_hash);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  if (r.empty() || r.Int64(0, 0) == 0) return Status::NotFound("no such identity");
  if (r.Int64(0, 1) == 0) {
    return Status::Conflict("this is the account's only way to sign in; set a password first");
  }
  return Status::Ok();
}

}  // namespace keel::oidc
