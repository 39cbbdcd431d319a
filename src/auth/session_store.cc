// The sessions and session_refresh_history statements.
#include "auth/session_store.h"

#include "db/list_sql.h"
#include "db/params.h"
#include "db/sql_fragments.h"
#include "db/statement.h"

namespace keel::auth {
namespace {

// $5 refresh TTL, $6 absolute TTL (seconds). Sessions dead for 30 days are pruned.
constexpr db::Statement kCreate{
    "auth_session_create",
    "WITH pruned AS ("
    " DELETE FROM sessions WHERE user_id = $1"
    " AND (expires_at < now() - interval '30 days' OR revoked_at < now() - interval '30 days')"
    "), created AS ("
    " INSERT INTO sessions (user_id, refresh_hash, user_agent, ip, expires_at)"
    " VALUES ($1, decode($2, 'hex'), $3, $4,"
    "  now() + LEAST($5::int8, $6::int8) * interval '1 second')"
    " RETURNING id, user_id"
    "), event AS ("
    " INSERT INTO auth_events (user_id, session_id, type, ip, user_agent)"
    " SELECT user_id, id, $7, $4, $3 FROM created"
    ") SELECT id, floor(extract(epoch FROM now()))::int8 FROM created"};

// The live-session check: the session is the user's, not revoked, not expired, and the
// user is active; last_used_at is touched at most every 5 minutes. Its two forms below
// differ only in what they answer.
#define KEEL_LIVE_SESSION                                                                  \
  "WITH live AS ("                                                                         \
  " SELECT s.id, u.role, s.last_used_at < now() - interval '5 minutes' AS stale"           \
  " FROM sessions s JOIN users u ON u.id = s.user_id"                                      \
  " WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()"  \
  " AND u.is_active"                                                                       \
  "), touched AS ("                                                                        \
  " UPDATE sessions SET last_used_at = now() WHERE id = (SELECT id FROM live WHERE stale)" \
  ") "
constexpr db::Statement kLiveRole{"auth_session_live_role",
                                  KEEL_LIVE_SESSION "SELECT role FROM live"};
// The check a write's first statement rides along with: one row, or the error KL401
// (keel_session_ended(), sql/009) that aborts the pipeline before the write.
constexpr db::Statement kLiveRoleForWrite{
    "auth_session_live_role_for_write",
    KEEL_LIVE_SESSION "SELECT COALESCE((SELECT role FROM live), keel_session_ended())"};
#undef KEEL_LIVE_SESSION

// $1 old digest, $2 new digest, $3 ip, $4 user agent, $5 refresh TTL, $6 absolute TTL.
constexpr db::Statement kRotate{
    "auth_session_rotate",
    "WITH rotated AS ("
    " UPDATE sessions s SET refresh_hash = decode($2, 'hex'), generation = s.generation + 1,"
    "  last_used_at = now(), ip = COALESCE($3, s.ip), user_agent = COALESCE($4, s.user_agent),"
    "  expires_at = LEAST(now() + $5::int8 * interval '1 second',"
    "                     s.created_at + $6::int8 * interval '1 second')"
    " FROM users u"
    " WHERE s.refresh_hash = decode($1, 'hex') AND s.revoked_at IS NULL"
    " AND s.expires_at > now() AND u.id = s.user_id AND u.is_active"
    " RETURNING s.id, s.user_id, s.generation, u.role"
    "), history AS ("
    " INSERT INTO session_refresh_history (refresh_hash, session_id, generation, rotated_at)"
    " SELECT decode($1, 'hex'), id, generation - 1, now() FROM rotated"
    "), event AS ("
    " INSERT INTO auth_events (user_id, session_id, type, ip, user_agent)"
    " SELECT user_id, id, 'refresh', $3, $4 FROM rotated"
    ") SELECT id, user_id, role, floor(extract(epoch FROM now()))::int8 FROM rotated"};

constexpr db::Statement kFindRotated{
    "auth_session_find_rotated",
    "SELECT h.session_id, s.user_id, u.role, h.generation = s.generation - 1,"
    " h.rotated_at > now() - $2::int8 * interval '1 second',"
    " s.revoked_at IS NULL AND s.expires_at > now() AND u.is_active,"
    " floor(extract(epoch FROM h.rotated_at))::int8, encode(s.refresh_hash, 'hex')"
    " FROM session_refresh_history h JOIN sessions s ON s.id = h.session_id"
    " JOIN users u ON u.id = s.user_id WHERE h.refresh_hash = decode($1, 'hex')"};

constexpr db::Statement kRevoke{
    "auth_session_revoke",
    "WITH revoked AS ("
    " UPDATE sessions SET revoked_at = now(), revoke_reason = $3"
    " WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL RETURNING id, user_id"
    ") INSERT INTO auth_events (user_id, session_id, type, ip, user_agent)"
    " SELECT user_id, id, $4, $5, $6 FROM revoked RETURNING id"};

constexpr db::Statement kRevokeAll{
    "auth_session_revoke_all",
    "UPDATE sessions SET revoked_at = now(), revoke_reason = $2"
    " WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3)"};

// The live sessions of one user (scope $1 = the user).
constexpr db::ListTable kListTable{
    .columns = "id, " KEEL_SQL_RFC3339("created_at") ", " KEEL_SQL_RFC3339(
        "last_used_at") ", " KEEL_SQL_RFC3339("expires_at") ", user_agent, ip",
    .from = "sessions",
    .scope = "user_id = $1 AND revoked_at IS NULL AND expires_at > now()"};
constexpr db::ListField kListFields[] = {
    {.name = "created_at",
     .column = "created_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
    {.name = "last_used_at",
     .column = "last_used_at",
     .type = db::FieldType::kTimestamp,
     .sortable = true,
     .ranged = true},
};
constexpr db::ListSpec kListSpec{.fields = kListFields, .default_sort = "-last_used_at"};

std::optional<std::string> NonEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

StatusOr<NewSession> CreateSession(db::Connection& db, const std::string& user_id,
                                   const std::string& digest_hex, const ClientInfo& client,
                                   const Config& config, const char* event_type) {
  db::Params p;
  p.Add(user_id).Add(digest_hex).Add(NonEmpty(client.user_agent)).Add(NonEmpty(client.ip));
  p.Add(config.refresh_ttl_seconds).Add(config.session_absolute_ttl_seconds).Add(event_type);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kCreate, p));
  if (r.empty()) return Status::Internal("session insert returned nothing");
  return NewSession{r.String(0, 0), r.Int64(0, 1)};
}

namespace {
std::optional<std::string> RoleOf(const db::Result& r) {
  if (r.empty()) return std::nullopt;
  return r.String(0, 0);
}
}  // namespace

StatusOr<std::optional<std::string>> LiveSessionRole(db::Connection& db,
                                                     const std::string& session_id,
                                                     const std::string& user_id) {
  db::Params p;
  p.Add(session_id).Add(user_id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kLiveRole, p));
  return RoleOf(r);
}

void DeferLiveSessionRole(db::Connection& db, const std::string& session_id,
                          const std::string& user_id, DeferredCheck check) {
  db::Params p;
  p.Add(session_id).Add(user_id);
  db.Defer(check == DeferredCheck::kBeforeWrite ? kLiveRoleForWrite : kLiveRole, std::move(p));
}

StatusOr<std::optional<std::string>> TakeLiveSessionRole(db::Connection& db) {
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.TakeDeferred());
  return RoleOf(r);
}

StatusOr<std::optional<Rotation>> RotateRefreshToken(db::Connection& db, const std::string& old_hex,
                                                     const std::string& new_hex,
                                                     const ClientInfo& client,
                                                     const Config& config) {
  db::Params p;
  p.Add(old_hex).Add(new_hex).Add(NonEmpty(client.ip)).Add(NonEmpty(client.user_agent));
  p.Add(config.refresh_ttl_seconds).Add(config.session_absolute_ttl_seconds);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kRotate, p));
  if (r.empty()) return std::optional<Rotation>();
  return std::optional<Rotation>(
      Rotation{r.String(0, 0), r.String(0, 1), r.String(0, 2), r.Int64(0, 3)});
}

StatusOr<std::optional<RotatedToken>> FindRotatedToken(db::Connection& db,
                                                       const std::string& digest_hex,
                                                       int64_t window_seconds) {
  db::Params p;
  p.Add(digest_hex).Add(window_seconds);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kFindRotated, p));
  if (r.empty()) return std::optional<RotatedToken>();
  RotatedToken t;
  t.session_id = r.String(0, 0);
  t.user_id = r.String(0, 1);
  t.role = r.String(0, 2);
  t.direct_parent = r.Bool(0, 3);
  t.within_window = r.Bool(0, 4);
  t.session_live = r.Bool(0, 5);
  t.child_issued_at = r.Int64(0, 6);
  t.current_digest_hex = r.String(0, 7);
  return std::optional<RotatedToken>(std::move(t));
}

StatusOr<bool> RevokeSession(db::Connection& db, const std::string& user_id,
                             const std::string& session_id, const char* reason,
                             const char* event_type, const ClientInfo& client) {
  db::Params p;
  p.Add(user_id).Add(session_id).Add(reason).Add(event_type);
  p.Add(NonEmpty(client.ip)).Add(NonEmpty(client.user_agent));
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kRevoke, p));
  return r.rows() == 1;
}

StatusOr<int64_t> RevokeUserSessions(db::Connection& db, const std::string& user_id,
                                     const char* reason, const std::string& keep_session_id) {
  db::Params p;
  p.Add(user_id).Add(reason).Add(NonEmpty(keep_session_id));
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kRevokeAll, p));
  return r.affected();
}

const db::ListSpec& SessionListSpec() { return kListSpec; }

StatusOr<SessionPage> ListSessions(db::Connection& db, const std::string& user_id,
                                   const db::ListQuery& query) {
  KEEL_ASSIGN_OR_RETURN(db::ListPage page, db::RunList(db, kListTable, query, {user_id}));
  SessionPage out;
  out.total = page.total;
  const db::Result& r = page.rows;
  for (int row = 0; row < r.rows(); ++row) {
    out.sessions.push_back(SessionInfo{r.String(row, 0), r.String(row, 1), r.String(row, 2),
                                       r.String(row, 3), r.OptString(row, 4), r.OptString(row, 5)});
  }
  return out;
}

}  // namespace keel::auth
