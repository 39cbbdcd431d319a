// ReadReplica: a worker's second, lazily opened PostgreSQL connection, to a streaming
// replica (KEEL_DATABASE_READ_URL), for the read-heavy routes that tolerate a little
// staleness: the time report, the metrics summary and the dashboard summary.
//
// The replica is used only while it is within KEEL_REPLICA_MAX_LAG_MS of the primary.
// That is checked at most once per kLagCheckIntervalMs per worker, not per request: one
// small query (is it streaming, has it replayed all it received, else how old is the last
// replayed transaction). A replica that is too far behind, unreachable or not
// configured sends those routes to the primary; a read the replica cannot answer runs
// again on the primary, and a replica lost in the middle of one is marked down
// (WithReadConnection).
//
// Everything else — sessions and auth (the session check of a read runs on the primary
// connection), and every route where a user reads what they just wrote — stays on the
// primary: only the handlers of those three routes ask for the read connection.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "base/status.h"
#include "db/connection.h"

namespace keel::db {

inline constexpr int64_t kLagCheckIntervalMs = 1000;

class ReadReplica {
 public:
  ReadReplica(ConnectionOptions options, int64_t max_lag_ms);

  // The replica's connection if it is connected and was within the lag at the last
  // check (re-checking when that is older than kLagCheckIntervalMs), else nullptr.
  Connection* Healthy();
  // The replica failed in the middle of a read: use the primary until the next check.
  void MarkDown();

 private:
  ConnectionOptions options_;
  int64_t max_lag_ms_;
  std::unique_ptr<Connection> conn_;  // opened on first use
  int64_t checked_ms_ = -1000000;
  bool healthy_ = false;
};

// The worker's replica (set once at worker start; nullptr: no KEEL_DATABASE_READ_URL).
void SetReadReplica(ReadReplica* replica);
ReadReplica* CurrentReadReplica();

// Runs fn(Connection&) -> StatusOr<T> on the replica when it is healthy, else on
// `primary`. A read the replica could not answer (UNAVAILABLE: connection lost, timeout,
// a query cancelled by a conflict with recovery) runs again on the primary (fn must only
// read); a lost connection also marks the replica down until the next check.
template <typename Fn>
auto WithReadConnection(Connection& primary, Fn&& fn) -> decltype(fn(primary)) {
  ReadReplica* replica = CurrentReadReplica();
  Connection* conn = replica != nullptr ? replica->Healthy() : nullptr;
  if (conn != nullptr) {
    auto result = fn(*conn);
    if (result.ok() || result.status().code() != ErrorCode::kUnavailable) return result;
    if (conn->last_failure_was_connection()) replica->MarkDown();
  }
  return fn(primary);
}

}  // namespace keel::db
