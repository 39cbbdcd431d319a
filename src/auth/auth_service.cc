// Register, login, refresh, logout and password change.
#include "auth/auth_service.h"

#include "auth/account_flows.h"
#include "auth/auth_events.h"
#include "auth/csrf.h"
#include "auth/keys.h"
#include "auth/login_throttle.h"
#include "auth/password_policy.h"
#include "auth/tokens.h"
#include "base/log.h"
#include "base/shared_semaphore.h"
#include "crypto/password.h"
#include "db/transaction.h"
#include "metrics/request_metrics.h"
#include "users/user_store.h"

namespace keel::auth {
namespace {

constexpr char kBadCredentials[] = "invalid email or password";
constexpr char kBadRefreshToken[] = "invalid or expired refresh token";

crypto::Argon2Params HashParams(const Config& config) {
  return crypto::Argon2Params{.memory_kib = config.argon2_memory_kib, .time = config.argon2_time};
}

// The access token, CSRF token and response body for a session's current refresh token.
IssuedSession Issue(const Config& config, users::User user, const std::string& session_id,
                    std::string refresh_token, int64_t issued_at) {
  const AuthKeys& keys = KeysFor(config);
  IssuedSession s;
  s.access_token = IssueAccessToken(keys, config, user.id, session_id, user.role, issued_at);
  s.csrf_token = CsrfToken(keys.csrf, session_id);
  s.refresh_token = std::move(refresh_token);
  s.session_id = session_id;
  s.expires_in = config.access_ttl_seconds;
  s.user = std::move(user);
  return s;
}

// A wrong password or unknown email: counted, recorded, and answered like every other.
Status FailedLogin(db::Connection& db, const Config& config, const ThrottleKeys& keys,
                   const std::string& user_id, const ClientInfo& client) {
  KEEL_RETURN_IF_ERROR(RecordLoginFailure(db, keys, config));
  KEEL_RETURN_IF_ERROR(RecordAuthEvent(db, user_id, "", event::kLoginFailed, client));
  return Status::Unauthorized(kBadCredentials);
}

// 429 (and a "throttled" event) when the account or the IP is over its limit.
Status CheckThrottle(db::Connection& db, const Config& config, const ThrottleKeys& keys,
                     const std::string& user_id, const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(int64_t retry_after, LoginRetryAfter(db, keys, config));
  if (retry_after == 0) return Status::Ok();
  KEEL_RETURN_IF_ERROR(RecordAuthEvent(db, user_id, "", event::kThrottled, client));
  return Status::RateLimited("too many failed sign-in attempts; try again later",
                             static_cast<int>(retry_after));
}

// At most KEEL_HASH_CONCURRENCY Argon2 computations run at once across the whole pool
// (a semaphore the master shares with its workers). A sign-in that cannot get a slot
// within kHashSlotWaitMs is refused at once with 503 + Retry-After rather than queueing
// without limit, so a login storm cannot starve every other route of CPU.
constexpr int64_t kHashSlotWaitMs = 250;

Status HashSlotsBusy() {
  metrics::Shared().hash_rejections.fetch_add(1, std::memory_order_relaxed);
  return Status::Unavailable("too many sign-ins at once; retry shortly", 1);
}

bool PasswordMatches(std::string_view password, const users::Credentials& credentials,
                     const Config& config) {
  if (credentials.password_hash == kNoPasswordHash) {
    crypto::DummyVerify(HashParams(config));  // same time as a real check
    return false;
  }
  crypto::PasswordCheck check = crypto::VerifyPassword(password, credentials.password_hash);
  if (check == crypto::PasswordCheck::kMalformed) {
    log::Error("stored password hash cannot be checked", {{"user_id", credentials.user.id}});
  }
  return check == crypto::PasswordCheck::kMatch;
}

// The user of a refreshed session, for the response; one deleted meanwhile makes the
// refresh token dead like any other.
StatusOr<users::User> SessionUser(db::Connection& db, const std::string& user_id) {
  StatusOr<users::User> user = users::FindUser(db, users::Actor{user_id, false}, user_id);
  if (!user.ok() && user.status().code() == ErrorCode::kNotFound) {
    return Status::Unauthorized(kBadRefreshToken);
  }
  return user;
}

// The same pair again for the direct parent of the current token, inside the window.
StatusOr<IssuedSession> ReissueWithinWindow(db::Connection& db, const Config& config,
                                            const std::string& parent,
                                            const RotatedToken& rotated) {
  const AuthKeys& keys = KeysFor(config);
  std::string child = ChildRefreshToken(keys.chain, parent);
  if (TokenDigestHex(child) != rotated.current_digest_hex && !keys.chain_previous.empty()) {
    child = ChildRefreshToken(keys.chain_previous, parent);
  }
  if (TokenDigestHex(child) != rotated.current_digest_hex) {
    return Status::Unauthorized(kBadRefreshToken);  // derived under a secret we lost
  }
  KEEL_ASSIGN_OR_RETURN(users::User user, SessionUser(db, rotated.user_id));
  return Issue(config, std::move(user), rotated.session_id, std::move(child),
               rotated.child_issued_at);
}

}  // namespace

StatusOr<IssuedSession> Register(db::Connection& db, const Config& config,
                                 const Registration& registration, const ClientInfo& client) {
  if (std::optional<std::string> problem =
          PasswordProblem(registration.password, registration.email, "password")) {
    return Status::InvalidField("password", *problem);
  }
  std::string hash;
  {  // the hash slot is held for the hashing only, never across database work
    HashPermit permit(kHashSlotWaitMs);
    if (!permit.acquired()) return HashSlotsBusy();
    KEEL_ASSIGN_OR_RETURN(hash, crypto::HashPassword(registration.password, HashParams(config)));
  }
  std::string refresh_token = NewRefreshToken();
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_ASSIGN_OR_RETURN(
      users::User user,
      users::InsertUser(db, users::NewUser{registration.email, hash, registration.name}));
  KEEL_ASSIGN_OR_RETURN(
      NewSession session,
      CreateSession(db, user.id, TokenDigestHex(refresh_token), client, config, event::kRegister));
  KEEL_RETURN_IF_ERROR(QueueVerificationMail(db, config, user.id, user.email));
  KEEL_RETURN_IF_ERROR(tx.Commit());
  return Issue(config, std::move(user), session.id, std::move(refresh_token), session.issued_at);
}

StatusOr<IssuedSession> Login(db::Connection& db, const Config& config, const std::string& email,
                              const std::string& password, const ClientInfo& client) {
  ThrottleKeys keys = LoginThrottleKeys(email, client.ip);
  KEEL_ASSIGN_OR_RETURN(std::optional<users::Credentials> credentials,
                        users::FindCredentialsByEmail(db, email));
  std::string user_id = credentials ? credentials->user.id : std::string();
  KEEL_RETURN_IF_ERROR(CheckThrottle(db, config, keys, user_id, client));
  bool matches = false;
  std::optional<std::string> new_hash;
  {  // the hash slot is held for the hashing only, never across database work
    HashPermit permit(kHashSlotWaitMs);
    if (!permit.acquired()) return HashSlotsBusy();
    if (!credentials) {
      crypto::DummyVerify(HashParams(config));  // same time as a real check
    } else {
      matches = PasswordMatches(password, *credentials, config);
      if (matches && credentials->user.is_active &&
          crypto::NeedsRehash(credentials->password_hash, HashParams(config))) {
        StatusOr<std::string> rehashed = crypto::HashPassword(password, HashParams(config));
        if (rehashed.ok()) new_hash = std::move(rehashed).value();  // else keep the old one
      }
    }
  }
  if (!credentials) return FailedLogin(db, config, keys, "", client);
  if (!matches) return FailedLogin(db, config, keys, user_id, client);
  if (!credentials->user.is_active) return Status::Forbidden("account disabled");
  std::string refresh_token = NewRefreshToken();
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_ASSIGN_OR_RETURN(users::User user, users::RecordLogin(db, user_id, new_hash));
  KEEL_ASSIGN_OR_RETURN(
      NewSession session,
      CreateSession(db, user_id, TokenDigestHex(refresh_token), client, config, event::kLoginOk));
  KEEL_RETURN_IF_ERROR(ClearAccountFailures(db, keys));
  KEEL_RETURN_IF_ERROR(tx.Commit());
  return Issue(config, std::move(user), session.id, std::move(refresh_token), session.issued_at);
}

StatusOr<IssuedSession> OpenSession(db::Connection& db, const Config& config,
                                    const std::string& user_id, const ClientInfo& client,
                                    const char* event_type) {
  KEEL_ASSIGN_OR_RETURN(users::Credentials credentials, users::FindCredentialsById(db, user_id));
  if (!credentials.user.is_active) return Status::Forbidden("account disabled");
  std::string refresh_token = NewRefreshToken();
  KEEL_ASSIGN_OR_RETURN(users::User user, users::RecordLogin(db, user_id, std::nullopt));
  KEEL_ASSIGN_OR_RETURN(
      NewSession session,
      CreateSession(db, user_id, TokenDigestHex(refresh_token), client, config, event_type));
  return Issue(config, std::move(user), session.id, std::move(refresh_token), session.issued_at);
}

StatusOr<IssuedSession> Refresh(db::Connection& db, const Config& config,
                                const std::string& refresh_token, const ClientInfo& client) {
  if (!IsWellFormedRefreshToken(refresh_token)) return Status::Unauthorized(kBadRefreshToken);
  const AuthKeys& keys = KeysFor(config);
  std::string old_hex = TokenDigestHex(refresh_token);
  std::string child = ChildRefreshToken(keys.chain, refresh_token);

  KEEL_ASSIGN_OR_RETURN(std::optional<Rotation> rotation,
                        RotateRefreshToken(db, old_hex, TokenDigestHex(child), client, config));
  if (rotation) {
    KEEL_ASSIGN_OR_RETURN(users::User user, SessionUser(db, rotation->user_id));
    return Issue(config, std::move(user), rotation->session_id, std::move(child),
                 rotation->issued_at);
  }

  KEEL_ASSIGN_OR_RETURN(std::optional<RotatedToken> rotated,
                        FindRotatedToken(db, old_hex, config.refresh_reuse_window_seconds));
  if (!rotated || !rotated->session_live) return Status::Unauthorized(kBadRefreshToken);
  if (rotated->direct_parent && rotated->within_window) {
    return ReissueWithinWindow(db, config, refresh_token, *rotated);
  }
  // A rotated token presented again after the window: a copy is in two hands.
  KEEL_ASSIGN_OR_RETURN(bool revoked,
                        RevokeSession(db, rotated->user_id, rotated->session_id, "reuse_detected",
                                      event::kReuseDetected, client));
  if (revoked) {
    log::Warn("refresh token reuse detected; session revoked",
              {{"user_id", rotated->user_id}, {"session_id", rotated->session_id}});
  }
  return Status::Unauthorized(kBadRefreshToken);
}

Status Logout(db::Connection& db, const Principal& principal, const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(bool revoked, RevokeSession(db, principal.user_id, principal.session_id,
                                                    "logout", event::kLogout, client));
  (void)revoked;  // revoked concurrently by another request: the outcome is the same
  return Status::Ok();
}

Status LogoutAll(db::Connection& db, const Principal& principal, const ClientInfo& client) {
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_ASSIGN_OR_RETURN(int64_t count, RevokeUserSessions(db, principal.user_id, "logout_all", ""));
  (void)count;
  KEEL_RETURN_IF_ERROR(
      RecordAuthEvent(db, principal.user_id, principal.session_id, event::kLogoutAll, client));
  return tx.Commit();
}

Status RevokeOwnSession(db::Connection& db, const Principal& principal,
                        const std::string& session_id, const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(bool revoked, RevokeSession(db, principal.user_id, session_id, "revoked",
                                                    event::kSessionRevoked, client));
  return revoked ? Status::Ok() : Status::NotFound("session not found");
}

Status ChangePassword(db::Connection& db, const Config& config, const Principal& principal,
                      const std::string& current_password, const std::string& new_password,
                      const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(users::Credentials credentials,
                        users::FindCredentialsById(db, principal.user_id));
  ThrottleKeys keys = LoginThrottleKeys(credentials.user.email, client.ip);
  KEEL_RETURN_IF_ERROR(CheckThrottle(db, config, keys, principal.user_id, client));
  bool matches = false;
  if (credentials.password_hash == kNoPasswordHash) {
    matches = true;  // the first password of an account made by OpenID Connect sign-in
  } else {
    if (current_password.empty()) {
      return Status::InvalidField("current_password", "current_password is required");
    }
    HashPermit permit(kHashSlotWaitMs);
    if (!permit.acquired()) return HashSlotsBusy();
    matches = PasswordMatches(current_password, credentials, config);
  }
  if (!matches) {
    KEEL_RETURN_IF_ERROR(RecordLoginFailure(db, keys, config));
    KEEL_RETURN_IF_ERROR(
        RecordAuthEvent(db, principal.user_id, principal.session_id, event::kLoginFailed, client));
    return Status::InvalidField("current_password", "current_password is incorrect");
  }
  if (std::optional<std::string> problem =
          PasswordProblem(new_password, credentials.user.email, "new_password")) {
    return Status::InvalidField("new_password", *problem);
  }
  std::string hash;
  {
    HashPermit permit(kHashSlotWaitMs);
    if (!permit.acquired()) return HashSlotsBusy();
    KEEL_ASSIGN_OR_RETURN(hash, crypto::HashPassword(new_password, HashParams(config)));
  }
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_RETURN_IF_ERROR(users::SetPasswordHash(db, principal.user_id, hash));
  KEEL_ASSIGN_OR_RETURN(int64_t count, RevokeUserSessions(db, principal.user_id, "password_change",
                                                          principal.session_id));
  (void)count;
  KEEL_RETURN_IF_ERROR(
      RecordAuthEvent(db, principal.user_id, principal.session_id, event::kPasswordChange, client));
  return tx.Commit();
}

}  // namespace keel::auth
