// Auth events: what happened to an account (sql/002 auth_events), shown to its owner by
// GET auth/events and kept for operators. Events that belong to a session change
// (register, login_ok, refresh, logout, session_revoked, reuse_detected) are written by
// the session statements themselves; the others through RecordAuthEvent. Never holds a
// password, token or hash: only the type, the client's address and user agent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/session_store.h"
#include "base/status.h"
#include "db/connection.h"
#include "db/list_query.h"

namespace keel::auth {

// The event types (the CHECK constraint of auth_events.type lists the same).
namespace event {
inline constexpr char kRegister[] = "register";
inline constexpr char kLoginOk[] = "login_ok";
inline constexpr char kLoginFailed[] = "login_failed";
inline constexpr char kRefresh[] = "refresh";
inline constexpr char kReuseDetected[] = "reuse_detected";
inline constexpr char kLogout[] = "logout";
inline constexpr char kLogoutAll[] = "logout_all";
inline constexpr char kPasswordChange[] = "password_change";
inline constexpr char kThrottled[] = "throttled";
inline constexpr char kSessionRevoked[] = "session_revoked";
inline constexpr char kPasswordResetRequested[] = "password_reset_requested";
inline constexpr char kPasswordReset[] = "password_reset";
inline constexpr char kEmailVerifyRequested[] = "email_verify_requested";
inline constexpr char kEmailVerified[] = "email_verified";
inline constexpr char kEmailChangeRequested[] = "email_change_requested";
inline constexpr char kEmailChanged[] = "email_changed";
}  // namespace event

inline constexpr std::string_view kAuthEventTypes[] = {event::kRegister,
                                                       event::kLoginOk,
                                                       event::kLoginFailed,
                                                       event::kRefresh,
                                                       event::kReuseDetected,
                                                       event::kLogout,
                                                       event::kLogoutAll,
                                                       event::kPasswordChange,
                                                       event::kThrottled,
                                                       event::kSessionRevoked,
                                                       event::kPasswordResetRequested,
                                                       event::kPasswordReset,
                                                       event::kEmailVerifyRequested,
                                                       event::kEmailVerified,
                                                       event::kEmailChangeRequested,
                                                       event::kEmailChanged};

// Records one event. `user_id` is empty for an attempt on an unknown email; `session_id`
// may be empty.
Status RecordAuthEvent(db::Connection& db, const std::string& user_id,
                       const std::string& session_id, const char* type, const ClientInfo& client);

struct AuthEvent {
  std::string id;
  std::string type;
  std::optional<std::string> session_id;
  std::optional<std::string> ip;
  std::optional<std::string> user_agent;
  std::string created_at;  // RFC 3339 UTC
};

struct AuthEventPage {
  std::vector<AuthEvent> events;
  int64_t total = 0;
};

// What GET auth/events may sort on (created_at; default newest first) and filter by
// (type; created_at ranges).
const db::ListSpec& AuthEventListSpec();

// One page of the events of `user_id` (only theirs).
StatusOr<AuthEventPage> ListAuthEvents(db::Connection& db, const std::string& user_id,
                                       const db::ListQuery& query);

}  // namespace keel::auth
