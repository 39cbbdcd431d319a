// The login_throttle statements.
#include "auth/login_throttle.h"

#include "crypto/hash.h"
#include "db/params.h"
#include "db/statement.h"

namespace keel::auth {
namespace {

// $3 window (s), $4 account limit, $5 IP limit.
constexpr db::Statement kRetryAfter{
    "auth_throttle_retry_after",
    "SELECT COALESCE(max(ceil(extract(epoch FROM"
    " window_start + $3::int8 * interval '1 second' - now()))), 0)::int8"
    " FROM login_throttle"
    " WHERE ((kind = 'account' AND key = $1 AND failures >= $4)"
    "     OR (kind = 'ip' AND key = $2 AND failures >= $5))"
    " AND window_start > now() - $3::int8 * interval '1 second'"};

// One upsert for both keys: inside the window the counter grows, after it a new window
// starts at 1. The old row's values are read on both SET lines (SQL semantics). The
// pruning leaves this call's own keys alone: one statement must not touch a row twice.
constexpr db::Statement kRecordFailure{
    "auth_throttle_record_failure",
    "WITH pruned AS ("
    " DELETE FROM login_throttle WHERE ctid IN (SELECT ctid FROM login_throttle"
    "  WHERE window_start < now() - 2 * $3::int8 * interval '1 second'"
    "  AND key <> $1 AND key IS DISTINCT FROM $2 LIMIT 100)"
    ") INSERT INTO login_throttle AS t (kind, key, window_start, failures)"
    " SELECT v.kind, v.key, now(), 1 FROM (VALUES ('account', $1::varchar), ('ip', $2::varchar))"
    "  AS v (kind, key) WHERE v.key IS NOT NULL"
    " ON CONFLICT (kind, key) DO UPDATE SET"
    "  failures = CASE WHEN t.window_start > now() - $3::int8 * interval '1 second'"
    "             THEN t.failures + 1 ELSE 1 END,"
    "  window_start = CASE WHEN t.window_start > now() - $3::int8 * interval '1 second'"
    "                 THEN t.window_start ELSE now() END"};

constexpr db::Statement kClearAccount{
    "auth_throttle_clear_account",
    "DELETE FROM login_throttle WHERE kind = 'account' AND key = $1"};

}  // namespace

ThrottleKeys LoginThrottleKeys(const std::string& email, const std::string& ip) {
  return ThrottleKeys{crypto::Sha256Hex(email), ip};
}

StatusOr<int64_t> LoginRetryAfter(db::Connection& db, const ThrottleKeys& keys,
                                  const Config& config) {
  db::Params p;
  p.Add(keys.account).Add(keys.ip).Add(config.login_throttle_window_seconds);
  p.Add(config.login_max_failures_account).Add(config.login_max_failures_ip);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kRetryAfter, p));
  int64_t seconds = r.empty() ? 0 : r.Int64(0, 0);
  return seconds > 0 ? seconds : 0;
}

Status RecordLoginFailure(db::Connection& db, const ThrottleKeys& keys, const Config& config) {
  db::Params p;
  p.Add(keys.account);
  if (keys.ip.empty()) {
    p.AddNull();
  } else {
    p.Add(keys.ip);
  }
  p.Add(config.login_throttle_window_seconds);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kRecordFailure, p));
  (void)r;
  return Status::Ok();
}

Status ClearAccountFailures(db::Connection& db, const ThrottleKeys& keys) {
  db::Params p;
  p.Add(keys.account);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kClearAccount, p));
  (void)r;
  return Status::Ok();
}

}  // namespace keel::auth
