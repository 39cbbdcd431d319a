// AuthService: accounts, sign-in and sessions (CONTRACT §4.1, §4.2) — the rules, with
// the SQL in session_store / auth_events / login_throttle / users::user_store and the
// HTTP in api/auth_handlers.
//
// Register and Login create a session (a refresh-token family) and hand out its pair:
// an access JWT whose `sid` is the session id, and a random refresh token. Refresh
// rotates the refresh token; presenting a rotated one is reuse and revokes the family,
// except for the direct parent of the current token within KEEL_REFRESH_REUSE_WINDOW
// seconds of its rotation, which gets the very same pair again (child derived by HMAC,
// access token re-signed with the same iat, so byte-identical). Password checks cost the
// same for a wrong email as for a wrong password (crypto::DummyVerify) and answer the
// same 401; failed checks are throttled per account and per IP (auth/login_throttle).
//
// Every error is a client-safe Status: 401 for bad credentials or tokens, 403 for a
// disabled account (only after a correct password), 409 for a taken email, 429 when
// throttled, 400 for policy violations.
#pragma once

#include <optional>
#include <string>

#include "auth/principal.h"
#include "auth/session_store.h"
#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"
#include "users/user.h"

namespace keel::auth {

// A signed-in session's credentials, as returned by register, login and refresh.
struct IssuedSession {
  users::User user;
  std::string session_id;
  std::string access_token;
  std::string refresh_token;
  std::string csrf_token;
  int64_t expires_in = 0;  // seconds of validity of access_token
};

struct Registration {
  std::string email;  // normalised and validated by the caller
  std::string password;
  std::optional<std::string> name;
};

// Creates the account (409 if the email is taken) and its first session.
StatusOr<IssuedSession> Register(db::Connection& db, const Config& config,
                                 const Registration& registration, const ClientInfo& client);

// Checks the password (re-hashing it if its parameters are outdated or it is bcrypt) and
// opens a new session. 401 "invalid email or password" for any wrong credential.
StatusOr<IssuedSession> Login(db::Connection& db, const Config& config, const std::string& email,
                              const std::string& password, const ClientInfo& client);

// Rotates `refresh_token` (see above). 401 for anything but a live, current token (or
// its parent within the reuse window).
StatusOr<IssuedSession> Refresh(db::Connection& db, const Config& config,
                                const std::string& refresh_token, const ClientInfo& client);

// The password_hash of an account that has no password (created by OpenID Connect
// sign-in): never matches anything, like a locked entry in /etc/shadow.
inline constexpr char kNoPasswordHash[] = "!";

// Opens a session for `user_id` signed in by other means than a password (OpenID
// Connect): 403 for a disabled account; records `event_type` ("login_ok" or
// "register") and the last login. Runs inside the caller's transaction, if any.
StatusOr<IssuedSession> OpenSession(db::Connection& db, const Config& config,
                                    const std::string& user_id, const ClientInfo& client,
                                    const char* event_type);

// Revokes the caller's current session.
Status Logout(db::Connection& db, const Principal& principal, const ClientInfo& client);
// Revokes every session of the caller, the current one included.
Status LogoutAll(db::Connection& db, const Principal& principal, const ClientInfo& client);
// Revokes one of the caller's sessions; NotFound for an id that is not a live session of
// theirs (another user's session included).
Status RevokeOwnSession(db::Connection& db, const Principal& principal,
                        const std::string& session_id, const ClientInfo& client);
// Replaces the caller's password after checking the current one (400 on
// current_password if wrong, throttled like a login) and revokes every other session.
// An account created by OpenID Connect sign-in has no password (kNoPasswordHash): its
// first password is set without a current one.
Status ChangePassword(db::Connection& db, const Config& config, const Principal& principal,
                      const std::string& current_password, const std::string& new_password,
                      const ClientInfo& client);

}  // namespace keel::auth
