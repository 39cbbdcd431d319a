// ReadReplica: the lag check and the worker's replica (see read_replica.h).
#include "db/read_replica.h"

#include "base/clock.h"
#include "base/log.h"

namespace keel::db {
namespace {

// Milliseconds the replica is behind: 0 while it streams and has replayed everything it
// received; else the age of the last transaction it replayed; NULL (not a standby, or
// nothing replayed yet) counts as too far behind.
constexpr Statement kReplicaLag{
    "replica_lag",
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL"
    " WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')"
    " AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
    " ELSE (EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())"
    " * 1000)::bigint END"};

ReadReplica* current_replica = nullptr;

}  // namespace

ReadReplica::ReadReplica(ConnectionOptions options, int64_t max_lag_ms)
    : options_(std::move(options)), max_lag_ms_(max_lag_ms) {
  options_.application_name = "keel-read";
  // A replica that does not answer quickly is not worth waiting for: the primary is there.
  options_.connect_timeout_ms = 500;
}

Connection* ReadReplica::Healthy() {
  const int64_t now = MonotonicMillis();
  if (now - checked_ms_ < kLagCheckIntervalMs) return healthy_ ? conn_.get() : nullptr;
  checked_ms_ = now;
  const bool was_healthy = healthy_;
  healthy_ = false;
  if (conn_ == nullptr) conn_ = std::make_unique<Connection>(options_);
  if (conn_->EnsureConnected().ok()) {
    StatusOr<Result> lag = conn_->Execute(kReplicaLag);
    if (lag.ok() && lag->rows() == 1 && lag->OptText(0, 0).has_value()) {
      healthy_ = lag->Int64(0, 0) <= max_lag_ms_;
    }
  }
  if (healthy_ != was_healthy) {
    if (healthy_) {
      log::Info("reading reports from the replica");
    } else {
      log::Warn("replica unreachable or behind; reading reports from the primary");
    }
  }
  return healthy_ ? conn_.get() : nullptr;
}

void ReadReplica::MarkDown() {
  healthy_ = false;
  checked_ms_ = MonotonicMillis();
  log::Warn("replica lost during a read; reading reports from the primary");
}

void SetReadReplica(ReadReplica* replica) { current_replica = replica; }
ReadReplica* CurrentReadReplica() { return current_replica; }

}  // namespace keel::db
