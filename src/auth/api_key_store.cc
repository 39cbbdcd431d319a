// The api_keys statements (see api_key_store.h).
#include "auth/api_key_store.h"

#include <sstream>

#include "db/params.h"
#include "db/sql_fragments.h"
#include "db/statement.h"

namespace keel::auth {
namespace {

#define KEEL_API_KEY_COLUMNS                                           \
  "id, name, prefix, array_to_string(scopes, ' ') AS scope_list,"      \
  " " KEEL_SQL_RFC3339("created_at") " AS created, " KEEL_SQL_RFC3339( \
      "last_used_at") " AS last_used, " KEEL_SQL_RFC3339("expires_at") " AS expires"

// $1 user, $2 name, $3 prefix, $4 digest hex, $5 scopes (space-separated), $6 expiry,
// $7 the per-user limit. The checks and the insert are one statement.
constexpr db::Statement kCreate{
    "api_key_create",
    "WITH checks AS ("
    " SELECT (SELECT count(*) FROM api_keys WHERE user_id = $1) < $7::int8 AS room,"
    " ($6::timestamptz IS NULL OR $6::timestamptz > now()) AS future"
    "), created AS ("
    " INSERT INTO api_keys (user_id, name, prefix, key_hash, scopes, expires_at)"
    " SELECT $1, $2, $3, decode($4, 'hex'), string_to_array($5, ' '), $6::timestamptz"
    " FROM checks WHERE room AND future"
    " RETURNING " KEEL_API_KEY_COLUMNS
    ") SELECT c.room, c.future, k.* FROM checks c LEFT JOIN created k ON true"};

constexpr db::Statement kList{"api_key_list", "SELECT " KEEL_API_KEY_COLUMNS
                                              " FROM api_keys WHERE user_id = $1"
                                              " ORDER BY created_at DESC, id DESC LIMIT $2"};

constexpr db::Statement kDelete{"api_key_delete",
                                "DELETE FROM api_keys WHERE id = $1 AND user_id = $2"};

constexpr db::Statement kLive{
    "api_key_live",
    "WITH live AS ("
    " SELECT k.id, k.user_id, u.role, array_to_string(k.scopes, ' ') AS scopes,"
    " (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale"
    " FROM api_keys k JOIN users u ON u.id = k.user_id"
    " WHERE k.key_hash = decode($1, 'hex') AND (k.expires_at IS NULL OR k.expires_at > now())"
    " AND u.is_active"
    "), touched AS ("
    " UPDATE api_keys SET last_used_at = now() WHERE id = (SELECT id FROM live WHERE stale)"
    ") SELECT id, user_id, role, scopes FROM live"};

std::vector<std::string> SplitScopes(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string s; in >> s;) out.push_back(s);
  return out;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

ApiKeyInfo InfoAt(const db::Result& r, int row, int col) {
  return ApiKeyInfo{r.String(row, col),       r.String(row, col + 1),
                    r.String(row, col + 2),   SplitScopes(r.Text(row, col + 3)),
                    r.String(row, col + 4),   r.OptString(row, col + 5),
                    r.OptString(row, col + 6)};
}

}  // namespace

StatusOr<ApiKeyInfo> CreateApiKey(db::Connection& db, const NewApiKey& key) {
  db::Params p;
  p.Add(key.user_id).Add(key.name).Add(key.prefix).Add(key.digest_hex).Add(JoinScopes(key.scopes));
  p.Add(key.expires_at).Add(kMaxApiKeysPerUser);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kCreate, p));
  if (r.empty()) return Status::Internal("api key insert returned nothing");
  if (!r.Bool(0, 0)) {
    return Status::Conflict("at most " + std::to_string(kMaxApiKeysPerUser) +
                            " API keys per account; delete one first");
  }
  if (!r.Bool(0, 1)) return Status::InvalidField("expires_at", "must be in the future");
  return InfoAt(r, 0, 2);
}

StatusOr<std::vector<ApiKeyInfo>> ListApiKeys(db::Connection& db, const std::string& user_id) {
  db::Params p;
  p.Add(user_id).Add(kMaxApiKeysPerUser);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kList, p));
  std::vector<ApiKeyInfo> keys;
  for (int i = 0; i < r.rows(); ++i) keys.push_back(InfoAt(r, i, 0));
  return keys;
}

StatusOr<bool> DeleteApiKey(db::Connection& db, const std::string& user_id, const std::string& id) {
  db::Params p;
  p.Add(id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kDelete, p));
  return r.affected() > 0;
}

StatusOr<std::optional<LiveApiKey>> FindLiveApiKey(db::Connection& db,
                                                   const std::string& digest_hex) {
  db::Params p;
  p.Add(digest_hex);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kLive, p));
  if (r.empty()) return std::optional<LiveApiKey>();
  return std::optional<LiveApiKey>(
      LiveApiKey{r.String(0, 0), r.String(0, 1), r.String(0, 2), SplitScopes(r.Text(0, 3))});
}

}  // namespace keel::auth
