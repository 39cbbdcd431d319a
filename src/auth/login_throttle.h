// Failed-login throttling, per account and per client IP, kept in PostgreSQL so that
// every worker on every host shares it (CONTRACT §4.1, §8).
//
// A fixed window per key (sql/002 login_throttle): the first failure opens a window of
// config.login_throttle_window_seconds; once a key has config.login_max_failures_account
// (per email, default 5) or config.login_max_failures_ip (per IP, default 50) failures in
// it, every further attempt answers 429 RATE_LIMITED with Retry-After = the rest of the
// window, before any password is checked (so a throttled attempt costs no hashing and
// does not count). The per-account key is counted for unknown emails too, so throttling
// behaves the same whether or not the account exists. A successful login clears the
// account's counter, never the IP's: an attacker cannot reset their IP budget by logging
// into an account of their own. nginx's limit_req on the auth routes limits the request
// rate per IP in front of this. The per-IP default is deliberately looser than the
// per-account one: many honest people can share one address (an office or carrier NAT),
// while password spraying from one address is already slowed by limit_req; per-account
// counting is what protects each account, whatever the number of addresses used.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"

namespace keel::auth {

struct ThrottleKeys {
  std::string account;  // hex SHA-256 of the normalised email
  std::string ip;       // may be empty (then not counted)
};

ThrottleKeys LoginThrottleKeys(const std::string& email, const std::string& ip);

// Seconds until the caller may try again (> 0) if the account or the IP is over its
// limit in the current window, else 0.
StatusOr<int64_t> LoginRetryAfter(db::Connection& db, const ThrottleKeys& keys,
                                  const Config& config);

// Counts one failure against both keys (opening a new window where the old one ended),
// and prunes up to 100 windows that ended long ago.
Status RecordLoginFailure(db::Connection& db, const ThrottleKeys& keys, const Config& config);

// Forgets the account's failures (after a successful login).
Status ClearAccountFailures(db::Connection& db, const ThrottleKeys& keys);

}  // namespace keel::auth
