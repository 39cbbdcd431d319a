// SessionStore: the SQL of sessions and their refresh-token history (sql/001, sql/002).
//
// Every multi-step change is a single statement (writable CTEs), so it is atomic without
// an explicit transaction and costs one round trip. The two statements that matter most:
//
//   - LiveSessionRole runs on every authenticated request: one statement joining
//     sessions and users (session not revoked, not expired, user active; the role comes
//     from the database, not the token). It also refreshes last_used_at, at most every
//     5 minutes, so a busy session does not write on every request.
//   - RotateRefreshToken is a conditional UPDATE ... WHERE refresh_hash = $old ...
//     RETURNING: of any number of concurrent rotations of one token exactly one matches
//     (the others wait for its row lock, re-check the condition and find the hash
//     changed), never SELECT-then-UPDATE.
//
// Token digests travel as hex (SHA-256 of the token, auth::TokenDigestHex); timestamps
// come back as RFC 3339 UTC text, or Unix seconds where they feed a JWT. Times are the
// database's clock, so all workers and hosts agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"
#include "db/list_query.h"

namespace keel::auth {

// Where a request came from, for sessions and auth events (bounded by the fcgi layer).
struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

struct NewSession {
  std::string id;
  int64_t issued_at = 0;  // Unix seconds
};

// Creates a session for `user_id` whose current refresh token has digest `digest_hex`,
// expiring after config's refresh TTL (capped by the absolute TTL), and records the auth
// event `event_type` ("login_ok" or "register") for it. Also deletes this user's
// sessions that died more than 30 days ago, so the table does not grow without bound.
StatusOr<NewSession> CreateSession(db::Connection& db, const std::string& user_id,
                                   const std::string& digest_hex, const ClientInfo& client,
                                   const Config& config, const char* event_type);

// The role of the user if session `session_id` belongs to `user_id`, is not revoked,
// not expired and the user is active; nullopt otherwise.
StatusOr<std::optional<std::string>> LiveSessionRole(db::Connection& db,
                                                     const std::string& session_id,
                                                     const std::string& user_id);
// What the statement a deferred check rides along with does: read, or write. Before a
// write the check raises (SQLSTATE KL401, sql/009) for a session that is not live, so
// the pipeline's implicit transaction is aborted and the write never runs; before a
// read it answers no row and the caller discards the read's answer.
enum class DeferredCheck { kBeforeRead, kBeforeWrite };
// The same check, sent ahead of the connection's next statement in one round trip
// (db::Connection::Defer); TakeLiveSessionRole reads its answer afterwards (UNAUTHORIZED
// when a check before a write raised).
void DeferLiveSessionRole(db::Connection& db, const std::string& session_id,
                          const std::string& user_id, DeferredCheck check);
StatusOr<std::optional<std::string>> TakeLiveSessionRole(db::Connection& db);

struct Rotation {
  std::string session_id;
  std::string user_id;
  std::string role;
  int64_t issued_at = 0;  // Unix seconds: when the new token was issued
};

// If `old_hex` is the current refresh token of a live session of an active user:
// makes `new_hex` current, moves `old_hex` to the history, extends the idle expiry,
// records a "refresh" event, and returns the session. nullopt otherwise.
StatusOr<std::optional<Rotation>> RotateRefreshToken(db::Connection& db, const std::string& old_hex,
                                                     const std::string& new_hex,
                                                     const ClientInfo& client,
                                                     const Config& config);

// A token found in the history: it was current once and has been rotated.
struct RotatedToken {
  std::string session_id;
  std::string user_id;
  std::string role;
  bool direct_parent = false;      // its child is the session's current token
  bool within_window = false;      // rotated less than the reuse window ago
  bool session_live = false;       // session not revoked, not expired, user active
  int64_t child_issued_at = 0;     // Unix seconds
  std::string current_digest_hex;  // digest of the session's current token
};

StatusOr<std::optional<RotatedToken>> FindRotatedToken(db::Connection& db,
                                                       const std::string& digest_hex,
                                                       int64_t window_seconds);

// Revokes session `session_id` of `user_id` (if live) with `reason`, recording the auth
// event `event_type`. Returns false if there was no such live session.
StatusOr<bool> RevokeSession(db::Connection& db, const std::string& user_id,
                             const std::string& session_id, const char* reason,
                             const char* event_type, const ClientInfo& client);

// Revokes every live session of `user_id` except `keep_session_id` (if not empty) with
// `reason`. Returns how many were revoked. Records no event (the caller does).
StatusOr<int64_t> RevokeUserSessions(db::Connection& db, const std::string& user_id,
                                     const char* reason, const std::string& keep_session_id);

struct SessionInfo {
  std::string id;
  std::string created_at;
  std::string last_used_at;
  std::string expires_at;
  std::optional<std::string> user_agent;
  std::optional<std::string> ip;
};

struct SessionPage {
  std::vector<SessionInfo> sessions;
  int64_t total = 0;
};

// What GET auth/sessions may sort on (created_at, last_used_at; default
// -last_used_at: most recently used first) and compare (_gt... on both).
const db::ListSpec& SessionListSpec();

// One page of the live sessions of `user_id` (only theirs).
StatusOr<SessionPage> ListSessions(db::Connection& db, const std::string& user_id,
                                   const db::ListQuery& query);

}  // namespace keel::auth
