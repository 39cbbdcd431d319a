// The users table's statements.
#include "users/user_store.h"

#include "db/list_sql.h"
#include "db/params.h"
#include "db/sql_fragments.h"
#include "db/statement.h"

namespace keel::users {
namespace {

// The columns of a User, in ReadUser's order.
#define KEEL_USER_COLUMNS \
  "u.id, u.email, u.name, u.avatar_url, u.role, u.is_active, " KEEL_SQL_RFC3339( \
      "u.last_login") ", " KEEL_SQL_RFC3339("u.created_at") ", " KEEL_SQL_RFC3339("u.updated_at") \
      ", " KEEL_SQL_RFC3339("u.email_verified_at")
constexpr int kUserColumns = 10;

constexpr db::Statement kFind{"users_find",
                              "SELECT " KEEL_USER_COLUMNS
                              " FROM users u WHERE u.id = $1 AND (u.id = $2 OR $3::boolean)"};

constexpr db::Statement kCredentialsByEmail{"users_credentials_by_email",
                                            "SELECT " KEEL_USER_COLUMNS
                                            ", u.password_hash FROM users u WHERE u.email = $1"};

constexpr db::Statement kCredentialsById{"users_credentials_by_id",
                                         "SELECT " KEEL_USER_COLUMNS
                                         ", u.password_hash FROM users u WHERE u.id = $1"};

constexpr db::Statement kInsert{
    "users_insert",
    "INSERT INTO users AS u (email, password_hash, name, role) VALUES ($1, $2, $3, $4) "
    "RETURNING " KEEL_USER_COLUMNS};

constexpr db::Statement kRecordLogin{
    "users_record_login",
    "UPDATE users u SET last_login = now(), password_hash = COALESCE($2, u.password_hash) "
    "WHERE u.id = $1 RETURNING " KEEL_USER_COLUMNS};

constexpr db::Statement kSetPasswordHash{
    "users_set_password_hash",
    "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1"};

// Disabling an account revokes its sessions in the same statement, so a re-enabled
// account does not bring old sessions back to life.
constexpr db::Statement kUpdate{
    "users_update",
    "WITH updated AS ("
    " UPDATE users u SET"
    "  name = CASE WHEN $3::boolean THEN $4::varchar ELSE u.name END,"
    "  avatar_url = CASE WHEN $5::boolean THEN $6::text ELSE u.avatar_url END,"
    "  email = COALESCE($7::varchar, u.email),"
    "  email_verified_at = CASE WHEN $7::varchar IS DISTINCT FROM NULL AND $7::varchar <> u.email"
    "   THEN NULL ELSE u.email_verified_at END,"
    "  role = COALESCE($8::varchar, u.role),"
    "  is_active = COALESCE($9::boolean, u.is_active),"
    "  updated_at = now()"
    " WHERE u.id = $1 AND (u.id = $2 OR $10::boolean)"
    " RETURNING u.*"
    "), revoked AS ("
    " UPDATE sessions s SET revoked_at = now(), revoke_reason = 'disabled'"
    " FROM updated WHERE s.user_id = updated.id AND NOT updated.is_active"
    " AND s.revoked_at IS NULL"
    ") SELECT " KEEL_USER_COLUMNS " FROM updated u"};

constexpr db::Statement kDelete{
    "users_delete", "DELETE FROM users u WHERE u.id = $1 AND (u.id = $2 OR $3::boolean)"};

constexpr db::ListTable kTable{.columns = KEEL_USER_COLUMNS, .from = "users u", .scope = "TRUE"};

constexpr std::string_view kRoles[] = {kRoleUser, kRoleAdmin};
constexpr db::ListField kFields[] = {
    {.name = "created_at",
     .column = "u.created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "updated_at",
     .column = "u.updated_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "last_login",
     .column = "u.last_login",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "email",
     .column = "u.email",
     .type = db::FieldType::kText,
     .sortable = true,
     .filterable = true},
    {.name = "name", .column = "u.name", .type = db::FieldType::kText, .sortable = true},
    {.name = "role",
     .column = "u.role",
     .type = db::FieldType::kEnum,
     .sortable = true,
     .filterable = true,
     .values = kRoles},
    {.name = "is_active",
     .column = "u.is_active",
     .type = db::FieldType::kBool,
     .filterable = true},
};
constexpr db::ListSpec kSpec{.fields = kFields, .search_column = "concat_ws(' ', u.email, u.name)"};

User ReadUser(const db::Result& r, int row, int col) {
  User u;
  u.id = r.String(row, col);
  u.email = r.String(row, col + 1);
  u.name = r.OptString(row, col + 2);
  u.avatar_url = r.OptString(row, col + 3);
  u.role = r.String(row, col + 4);
  u.is_active = r.Bool(row, col + 5);
  u.last_login = r.OptString(row, col + 6);
  u.created_at = r.String(row, col + 7);
  u.updated_at = r.String(row, col + 8);
  u.email_verified_at = r.OptString(row, col + 9);
  return u;
}

Credentials ReadCredentials(const db::Result& r) {
  return Credentials{ReadUser(r, 0, 0), r.String(0, kUserColumns)};
}

// A unique violation on the email column becomes a 409 with a useful message.
Status EmailConflictOr(const db::Connection& db, Status status) {
  if (status.code() == ErrorCode::kConflict &&
      db.last_error().constraint.find("email") != std::string::npos) {
    return Status::Conflict("email already registered");
  }
  return status;
}

}  // namespace

const db::ListSpec& UserListSpec() { return kSpec; }

StatusOr<User> FindUser(db::Connection& db, const Actor& actor, const std::string& id) {
  db::Params p;
  p.Add(id).Add(actor.user_id).Add(actor.is_admin);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kFind, p));
  if (r.empty()) return Status::NotFound("user not found");
  return ReadUser(r, 0, 0);
}

StatusOr<std::optional<Credentials>> FindCredentialsByEmail(db::Connection& db,
                                                            const std::string& email) {
  db::Params p;
  p.Add(email);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kCredentialsByEmail, p));
  if (r.empty()) return std::optional<Credentials>();
  return std::optional<Credentials>(ReadCredentials(r));
}

StatusOr<Credentials> FindCredentialsById(db::Connection& db, const std::string& id) {
  db::Params p;
  p.Add(id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kCredentialsById, p));
  if (r.empty()) return Status::NotFound("user not found");
  return ReadCredentials(r);
}

StatusOr<User> InsertUser(db::Connection& db, const NewUser& user) {
  db::Params p;
  p.Add(user.email).Add(user.password_hash).Add(user.name).Add(user.role);
  StatusOr<db::Result> r = db.Execute(kInsert, p);
  if (!r.ok()) return EmailConflictOr(db, r.status());
  return ReadUser(*r, 0, 0);
}

StatusOr<User> RecordLogin(db::Connection& db, const std::string& id,
                           const std::optional<std::string>& new_hash) {
  db::Params p;
  p.Add(id).Add(new_hash);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kRecordLogin, p));
  if (r.empty()) return Status::NotFound("user not found");
  return ReadUser(r, 0, 0);
}

Status SetPasswordHash(db::Connection& db, const std::string& id, const std::string& hash) {
  db::Params p;
  p.Add(id).Add(hash);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kSetPasswordHash, p));
  return r.affected() == 1 ? Status::Ok() : Status::NotFound("user not found");
}

StatusOr<User> UpdateUser(db::Connection& db, const Actor& actor, const std::string& id,
                          const UserChange& change) {
  db::Params p;
  p.Add(id).Add(actor.user_id);
  p.Add(change.name.set).Add(change.name.value);
  p.Add(change.avatar_url.set).Add(change.avatar_url.value);
  p.Add(change.email.set ? std::optional<std::string>(change.email.value) : std::nullopt);
  p.Add(change.role.set ? std::optional<std::string>(change.role.value) : std::nullopt);
  p.Add(change.is_active.set ? std::optional<bool>(change.is_active.value) : std::nullopt);
  p.Add(actor.is_admin);
  StatusOr<db::Result> r = db.Execute(kUpdate, p);
  if (!r.ok()) return EmailConflictOr(db, r.status());
  if (r->empty()) return Status::NotFound("user not found");
  return ReadUser(*r, 0, 0);
}

Status DeleteUser(db::Connection& db, const Actor& actor, const std::string& id) {
  db::Params p;
  p.Add(id).Add(actor.user_id).Add(actor.is_admin);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  return r.affected() == 1 ? Status::Ok() : Status::NotFound("user not found");
}

StatusOr<UserPage> ListUsers(db::Connection& db, const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kTable, query, {}));
  UserPage out;
  out.total = page.total;
  for (int row = 0; row < page.rows.rows(); ++row) out.users.push_back(ReadUser(page.rows, row, 0));
  return out;
}

}  // namespace keel::users
