// Account flows by mail (see account_flows.h).
#include "auth/account_flows.h"

#include <cstdio>

#include "auth/auth_events.h"
#include "auth/password_policy.h"
#include "base/log.h"
#include "base/shared_semaphore.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "mail/mail_job.h"
#include "metrics/request_metrics.h"
#include "users/user_store.h"

namespace keel::auth {
namespace {

constexpr char kPasswordReset[] = "password_reset";
constexpr char kEmailVerify[] = "email_verify";
constexpr char kEmailChange[] = "email_change";
constexpr int64_t kIpRequestsPerWindow = 20;
constexpr int64_t kMailsPerAddressPerWindow = 3;
constexpr int64_t kHashSlotWaitMs = 250;

constexpr db::Statement kInvalidateOlder{"account_tokens_invalidate",
                                         "UPDATE account_tokens SET used_at = now() "
                                         "WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL"};
constexpr db::Statement kInsertToken{
    "account_tokens_insert",
    "INSERT INTO account_tokens (user_id, purpose, token_hash, code_hash, new_email, expires_at) "
    "VALUES ($1, $2, decode($3, 'hex'), decode($4, 'hex'), $5::varchar, "
    "now() + make_interval(secs => $6))"};
constexpr db::Statement kFindByToken{
    "account_tokens_find_token",
    "SELECT id, user_id, new_email FROM account_tokens WHERE token_hash = decode($1, 'hex') "
    "AND purpose = $2 AND used_at IS NULL AND expires_at > now() AND attempts < $3"};
constexpr db::Statement kFindByCode{
    "account_tokens_find_code",
    "SELECT id, encode(code_hash, 'hex'), new_email FROM account_tokens "
    "WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() "
    "AND attempts < $3 ORDER BY created_at DESC LIMIT 1 FOR UPDATE"};
constexpr db::Statement kWrongCode{
    "account_tokens_wrong_code",
    "UPDATE account_tokens SET attempts = attempts + 1, "
    "used_at = CASE WHEN attempts + 1 >= $2 THEN now() END WHERE id = $1"};
constexpr db::Statement kUse{
    "account_tokens_use",
    "UPDATE account_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL "
    "AND expires_at > now()"};
constexpr db::Statement kIpRecent{"account_ip_recent",
                                  "SELECT count(*) FROM auth_events WHERE ip = $1 AND type = $2 "
                                  "AND created_at > now() - interval '15 minutes'"};
constexpr db::Statement kUserRecent{
    "account_user_recent",
    "SELECT count(*) FROM account_tokens WHERE user_id = $1 AND purpose = $2 "
    "AND created_at > now() - interval '15 minutes'"};
constexpr db::Statement kSetVerified{
    "account_set_verified",
    "UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() "
    "WHERE id = $1"};
constexpr db::Statement kMoveEmail{
    "account_move_email",
    "UPDATE users SET email = $2, email_verified_at = now(), updated_at = now() WHERE id = $1"};
constexpr db::Statement kEmailTaken{"account_email_taken",
                                    "SELECT count(*) FROM users WHERE email = $1"};

struct NewToken {
  std::string token;  // for the link
  std::string code;   // 6 digits
};

struct FoundToken {
  std::string id;
  std::string user_id;
  std::optional<std::string> new_email;
};

std::string CodeDigest(const std::string& user_id, const std::string& code) {
  return crypto::Sha256Hex(user_id + ":" + code);
}

std::string RandomCode() {
  std::string bytes = crypto::RandomBytes(8);
  uint64_t n = 0;
  for (unsigned char b : bytes) n = (n << 8) | b;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06llu", static_cast<unsigned long long>(n % 1000000));
  return buf;
}

// Within the caller's transaction: replaces older tokens of the purpose with a new one.
StatusOr<NewToken> CreateToken(db::Connection& db, const Config& config, const std::string& user_id,
                               const char* purpose, const std::optional<std::string>& new_email) {
  NewToken t{crypto::RandomToken(), RandomCode()};
  db::Params old;
  old.Add(user_id).Add(purpose);
  KEEL_RETURN_IF_ERROR(db.Execute(kInvalidateOlder, old).status());
  db::Params p;
  p.Add(user_id).Add(purpose).Add(crypto::Sha256Hex(t.token)).Add(CodeDigest(user_id, t.code));
  p.Add(new_email).Add(config.reset_ttl_seconds);
  KEEL_RETURN_IF_ERROR(db.Execute(kInsertToken, p).status());
  return t;
}

Status Invalid(const OneTimeProof& proof) {
  return Status::InvalidField(proof.token ? "token" : "code",
                              "the link or code is invalid, used or expired");
}

// Finds the live token the proof names (not consumed yet). A wrong code counts
// against its token (committed on its own; 5 and the token is burned). `user_id`: the
// signed-in user, or empty (then the proof's email names the account).
StatusOr<FoundToken> CheckProof(db::Connection& db, const char* purpose, const OneTimeProof& proof,
                                std::string user_id) {
  if (proof.token) {
    db::Params p;
    p.Add(crypto::Sha256Hex(*proof.token)).Add(purpose).Add(kMaxCodeAttempts);
    KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kFindByToken, p));
    if (r.empty()) return Invalid(proof);
    FoundToken found{r.String(0, 0), r.String(0, 1), r.OptString(0, 2)};
    if (!user_id.empty() && found.user_id != user_id) return Invalid(proof);
    return found;
  }
  if (!proof.code) return Status::InvalidField("token", "token or code is required");
  if (user_id.empty()) {
    if (!proof.email) return Status::InvalidField("email", "email is required with a code");
    KEEL_ASSIGN_OR_RETURN(std::optional<users::Credentials> account,
                          users::FindCredentialsByEmail(db, *proof.email));
    if (!account) return Invalid(proof);
    user_id = account->user.id;
  }
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  db::Params p;
  p.Add(user_id).Add(purpose).Add(kMaxCodeAttempts);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kFindByCode, p));
  if (r.empty()) return Invalid(proof);
  FoundToken found{r.String(0, 0), user_id, r.OptString(0, 2)};
  if (!crypto::ConstantTimeEquals(CodeDigest(user_id, *proof.code), r.Text(0, 1))) {
    db::Params bump;
    bump.Add(found.id).Add(kMaxCodeAttempts);
    KEEL_RETURN_IF_ERROR(db.Execute(kWrongCode, bump).status());
    KEEL_RETURN_IF_ERROR(tx.Commit());
    return Invalid(proof);
  }
  KEEL_RETURN_IF_ERROR(tx.Commit());
  return found;
}

// Within the caller's transaction: marks the token used; INVALID if it was used meanwhile.
Status UseToken(db::Connection& db, const FoundToken& token, const OneTimeProof& proof) {
  db::Params p;
  p.Add(token.id);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kUse, p));
  return r.affected() == 1 ? Status::Ok() : Invalid(proof);
}

int64_t Count(db::Connection& db, const db::Statement& s, const std::string& a, const char* b,
              Status& status) {
  db::Params p;
  p.Add(a).Add(b);
  auto r = db.Execute(s, p);
  if (!r.ok()) {
    status = r.status();
    return 0;
  }
  return r->Int64(0, 0);
}

std::string Link(const Config& config, const std::string& page, const std::string& token) {
  return config.public_origin + page + "#token=" + token;
}

// A mail of a short notice with an optional action link and code. Every value that came
// from a user is escaped in the HTML; there are no images and no tracked links.
mail::Mail Notice(const std::string& to, const std::string& subject, const std::string& lead,
                  const std::string& link, const std::string& code, const std::string& tail) {
  mail::Mail m{.to = to, .subject = subject, .text = "", .html = ""};
  m.text = lead + "\n\n";
  m.html = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>" +
           mail::HtmlEscape(lead) + "</p>";
  if (!link.empty()) {
    m.text += link + "\n\n";
    m.html +=
        "<p><a href=\"" + mail::HtmlEscape(link) + "\">" + mail::HtmlEscape(link) + "</a></p>";
  }
  if (!code.empty()) {
    m.text += "Or enter this code: " + code + "\n\n";
    m.html += "<p>Or enter this code: <strong>" + code + "</strong></p>";
  }
  m.text += tail + "\n";
  m.html += "<p>" + mail::HtmlEscape(tail) + "</p></body></html>";
  return m;
}

std::string Minutes(const Config& config) {
  return std::to_string(config.reset_ttl_seconds / 60) + " minutes";
}

crypto::Argon2Params HashParams(const Config& config) {
  return crypto::Argon2Params{.memory_kib = config.argon2_memory_kib, .time = config.argon2_time};
}

Status HashSlotsBusy() {
  metrics::Shared().hash_rejections.fetch_add(1, std::memory_order_relaxed);
  return Status::Unavailable("too many sign-ins at once; retry shortly", 1);
}

}  // namespace

Status RequestPasswordReset(db::Connection& db, const Config& config, const std::string& email,
                            const ClientInfo& client) {
  Status failed = Status::Ok();
  int64_t from_ip = Count(db, kIpRecent, client.ip, event::kPasswordResetRequested, failed);
  KEEL_RETURN_IF_ERROR(failed);
  if (from_ip >= kIpRequestsPerWindow) {
    return Status::RateLimited("too many password reset requests; try again later", 900);
  }
  KEEL_ASSIGN_OR_RETURN(std::optional<users::Credentials> account,
                        users::FindCredentialsByEmail(db, email));
  // The same statements run for an unknown address (against an id that matches nothing),
  // so the answer and its time do not tell whether the account exists.
  std::string user_id = account ? account->user.id : "00000000-0000-0000-0000-000000000000";
  int64_t recent = Count(db, kUserRecent, user_id, kPasswordReset, failed);
  KEEL_RETURN_IF_ERROR(failed);
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  if (account && account->user.is_active && recent < kMailsPerAddressPerWindow) {
    KEEL_ASSIGN_OR_RETURN(NewToken t,
                          CreateToken(db, config, user_id, kPasswordReset, std::nullopt));
    KEEL_RETURN_IF_ERROR(mail::EnqueueMail(
        db, Notice(account->user.email, "Reset your keel password",
                   "Someone (hopefully you) asked to reset the password of your keel account. "
                   "Open this link to choose a new one:",
                   Link(config, "/reset-password/", t.token), t.code,
                   "The link and the code work once, for " + Minutes(config) +
                       ". If you did not ask, ignore this mail: your password is unchanged.")));
  }
  KEEL_RETURN_IF_ERROR(
      RecordAuthEvent(db, account ? user_id : "", "", event::kPasswordResetRequested, client));
  return tx.Commit();
}

Status ResetPassword(db::Connection& db, const Config& config, const OneTimeProof& proof,
                     const std::string& new_password, const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(FoundToken token, CheckProof(db, kPasswordReset, proof, ""));
  KEEL_ASSIGN_OR_RETURN(users::Credentials account, users::FindCredentialsById(db, token.user_id));
  if (std::optional<std::string> problem =
          PasswordProblem(new_password, account.user.email, "new_password")) {
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
  KEEL_RETURN_IF_ERROR(UseToken(db, token, proof));
  KEEL_RETURN_IF_ERROR(users::SetPasswordHash(db, token.user_id, hash));
  KEEL_ASSIGN_OR_RETURN(int64_t revoked,
                        RevokeUserSessions(db, token.user_id, "password_reset", ""));
  (void)revoked;
  // Reaching the mailbox proves the address too.
  db::Params v;
  v.Add(token.user_id);
  KEEL_RETURN_IF_ERROR(db.Execute(kSetVerified, v).status());
  KEEL_RETURN_IF_ERROR(RecordAuthEvent(db, token.user_id, "", event::kPasswordReset, client));
  return tx.Commit();
}

Status QueueVerificationMail(db::Connection& db, const Config& config, const std::string& user_id,
                             const std::string& email) {
  KEEL_ASSIGN_OR_RETURN(NewToken t, CreateToken(db, config, user_id, kEmailVerify, std::nullopt));
  return mail::EnqueueMail(
      db, Notice(email, "Confirm your email address for keel",
                 "Please confirm that " + email + " is your address. Open this link:",
                 Link(config, "/verify-email/", t.token), t.code,
                 "The link and the code work once, for " + Minutes(config) + "."));
}

Status RequestEmailVerification(db::Connection& db, const Config& config,
                                const Principal& principal, const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(users::Credentials account,
                        users::FindCredentialsById(db, principal.user_id));
  Status failed = Status::Ok();
  int64_t recent = Count(db, kUserRecent, principal.user_id, kEmailVerify, failed);
  KEEL_RETURN_IF_ERROR(failed);
  if (recent >= kMailsPerAddressPerWindow) {
    return Status::RateLimited("a verification mail was sent recently; check your inbox", 900);
  }
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  if (!account.user.email_verified_at) {
    KEEL_RETURN_IF_ERROR(QueueVerificationMail(db, config, principal.user_id, account.user.email));
  }
  KEEL_RETURN_IF_ERROR(RecordAuthEvent(db, principal.user_id, principal.session_id,
                                       event::kEmailVerifyRequested, client));
  return tx.Commit();
}

StatusOr<users::User> VerifyEmail(db::Connection& db, const Principal& principal,
                                  const OneTimeProof& proof, const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(FoundToken token, CheckProof(db, kEmailVerify, proof, principal.user_id));
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_RETURN_IF_ERROR(UseToken(db, token, proof));
  db::Params v;
  v.Add(token.user_id);
  KEEL_RETURN_IF_ERROR(db.Execute(kSetVerified, v).status());
  KEEL_RETURN_IF_ERROR(
      RecordAuthEvent(db, token.user_id, principal.session_id, event::kEmailVerified, client));
  KEEL_RETURN_IF_ERROR(tx.Commit());
  KEEL_ASSIGN_OR_RETURN(users::Credentials account, users::FindCredentialsById(db, token.user_id));
  return account.user;
}

Status RequestEmailChange(db::Connection& db, const Config& config, const Principal& principal,
                          const std::string& new_email, const std::string& password,
                          const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(users::Credentials account,
                        users::FindCredentialsById(db, principal.user_id));
  bool matches = false;
  {
    HashPermit permit(kHashSlotWaitMs);
    if (!permit.acquired()) return HashSlotsBusy();
    matches =
        crypto::VerifyPassword(password, account.password_hash) == crypto::PasswordCheck::kMatch;
  }
  if (!matches) {
    KEEL_RETURN_IF_ERROR(
        RecordAuthEvent(db, principal.user_id, principal.session_id, event::kLoginFailed, client));
    return Status::InvalidField("password", "password is incorrect");
  }
  if (new_email == account.user.email) {
    return Status::InvalidField("new_email", "new_email is already your address");
  }
  db::Params taken;
  taken.Add(new_email);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kEmailTaken, taken));
  if (r.Int64(0, 0) > 0) return Status::Conflict("email already registered");
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_ASSIGN_OR_RETURN(NewToken t,
                        CreateToken(db, config, principal.user_id, kEmailChange, new_email));
  KEEL_RETURN_IF_ERROR(mail::EnqueueMail(
      db, Notice(new_email, "Confirm your new email address for keel",
                 "You asked to use " + new_email + " for your keel account. Open this link:",
                 Link(config, "/verify-email/", t.token) + "&change=1", t.code,
                 "The link and the code work once, for " + Minutes(config) +
                     ". Until then your account keeps its current address.")));
  KEEL_RETURN_IF_ERROR(RecordAuthEvent(db, principal.user_id, principal.session_id,
                                       event::kEmailChangeRequested, client));
  return tx.Commit();
}

StatusOr<users::User> ConfirmEmailChange(db::Connection& db, const Config& config,
                                         const Principal& principal, const OneTimeProof& proof,
                                         const ClientInfo& client) {
  KEEL_ASSIGN_OR_RETURN(FoundToken token, CheckProof(db, kEmailChange, proof, principal.user_id));
  if (!token.new_email) return Invalid(proof);
  KEEL_ASSIGN_OR_RETURN(users::Credentials before,
                        users::FindCredentialsById(db, principal.user_id));
  db::Transaction tx(db);
  KEEL_RETURN_IF_ERROR(tx.Begin());
  KEEL_RETURN_IF_ERROR(UseToken(db, token, proof));
  db::Params move;
  move.Add(principal.user_id).Add(*token.new_email);
  auto moved = db.Execute(kMoveEmail, move);
  if (!moved.ok()) {
    if (moved.status().code() == ErrorCode::kConflict) {
      return Status::Conflict("email already registered");
    }
    return moved.status();
  }
  KEEL_RETURN_IF_ERROR(mail::EnqueueMail(
      db, Notice(before.user.email, "Your keel email address was changed",
                 "The email address of your keel account was changed from " + before.user.email +
                     " to " + *token.new_email + ".",
                 "", "",
                 "If you did not do this, reset your password at " + config.public_origin +
                     "/reset-password/ and contact your administrator.")));
  KEEL_RETURN_IF_ERROR(
      RecordAuthEvent(db, principal.user_id, principal.session_id, event::kEmailChanged, client));
  KEEL_RETURN_IF_ERROR(tx.Commit());
  KEEL_ASSIGN_OR_RETURN(users::Credentials after,
                        users::FindCredentialsById(db, principal.user_id));
  return after.user;
}

}  // namespace keel::auth
