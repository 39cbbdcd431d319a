// Account flows by mail: forgotten password, email verification, email change.
//
// Each request makes a one-time token: a long random token for the link in the mail
// and a 6-digit code for typing by hand. Only their SHA-256 digests are stored
// (sql/005 account_tokens); a newer token of the same purpose replaces the older ones;
// a token expires after KEEL_RESET_TTL, is used once, and a code is burned after 5
// wrong tries. The link opens a page of the browser app, which POSTs the token: a GET
// never consumes it (mail scanners open links). Every mail is queued in the request's
// own transaction and sent by a job worker (mail/mail_job.h). Every step is an auth
// event.
//
// Forgot-password answers the same (202) whether or not the account exists, doing
// the same statements either way; it is throttled per IP (429 after 20 requests in 15
// minutes) and per address (past 3 mails in 15 minutes, no further mail, same 202).
// A reset revokes every session of the account.
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

inline constexpr int kCodeDigits = 6;
inline constexpr int kMaxCodeAttempts = 5;

// A token from a link, or the code from the mail (with the account's email when the
// caller is not signed in).
struct OneTimeProof {
  std::optional<std::string> token;
  std::optional<std::string> code;
  std::optional<std::string> email;
};

Status RequestPasswordReset(db::Connection& db, const Config& config, const std::string& email,
                            const ClientInfo& client);
Status ResetPassword(db::Connection& db, const Config& config, const OneTimeProof& proof,
                     const std::string& new_password, const ClientInfo& client);

// Inside the caller's transaction (registration): a verification token and its mail.
Status QueueVerificationMail(db::Connection& db, const Config& config, const std::string& user_id,
                             const std::string& email);
// 202 for the signed-in user (no mail when already verified).
Status RequestEmailVerification(db::Connection& db, const Config& config,
                                const Principal& principal, const ClientInfo& client);
StatusOr<users::User> VerifyEmail(db::Connection& db, const Principal& principal,
                                  const OneTimeProof& proof, const ClientInfo& client);

// Checks the password, then mails a confirmation to `new_email` (409 if taken).
Status RequestEmailChange(db::Connection& db, const Config& config, const Principal& principal,
                          const std::string& new_email, const std::string& password,
                          const ClientInfo& client);
// Moves the email (verified by this very proof) and tells the old address.
StatusOr<users::User> ConfirmEmailChange(db::Connection& db, const Config& config,
                                         const Principal& principal, const OneTimeProof& proof,
                                         const ClientInfo& client);

}  // namespace keel::auth
