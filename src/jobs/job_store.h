// JobStore: the SQL of the job queue (table `jobs`, sql/005_jobs_webhooks_mail.sql).
//
// Enqueue runs on the caller's connection, inside the caller's transaction when there
// is one: the job commits or rolls back with the change that caused it (outbox). Claim
// takes the oldest due queued job with FOR UPDATE SKIP LOCKED in one statement, so two
// workers never take the same job, and marks it running under a lease; Complete and
// Fail only touch a job still leased by the same worker. A job whose lease expired
// (its worker died) is queued again by ReclaimExpired, or buried if it has no attempt
// left.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "db/connection.h"

namespace keel::jobs {

struct ClaimedJob {
  int64_t id = 0;
  std::string kind;
  std::string payload;  // JSON text
  int attempts = 0;     // including this one
  int max_attempts = 0;
  bool last_attempt() const { return attempts >= max_attempts; }
};

struct QueueStats {
  int64_t queued = 0;             // waiting, first attempts and retries
  int64_t running = 0;            // leased by a worker
  int64_t done = 0;               // finished (kept for a while)
  int64_t failed = 0;             // queued again after a failed attempt (a subset of queued)
  int64_t dead = 0;               // out of attempts, kept for inspection
  double oldest_age_seconds = 0;  // the oldest queued or running job
};

// Adds a job of `kind` with JSON `payload`; returns its id. Without max_attempts the
// job gets the worker's KEEL_JOB_MAX_ATTEMPTS (`default_max_attempts` below).
StatusOr<int64_t> Enqueue(db::Connection& db, std::string_view kind, std::string_view payload,
                          std::optional<int> max_attempts = std::nullopt);
std::optional<ClaimedJob> ClaimResultRow(const db::Result& r);
StatusOr<std::optional<ClaimedJob>> Claim(db::Connection& db, std::string_view worker,
                                          int64_t lease_ms, int64_t default_max_attempts);
// Done. False if the job was no longer leased by `worker` (its lease expired and it was
// queued again or taken by another worker).
StatusOr<bool> Complete(db::Connection& db, int64_t id, std::string_view worker);
// A failed attempt: queued again after `retry_in_ms`, or dead when it was the last.
StatusOr<bool> Fail(db::Connection& db, int64_t id, std::string_view worker, std::string_view error,
                    int64_t retry_in_ms, int64_t default_max_attempts);
// Queues again (or buries) jobs whose lease has expired. Returns how many.
StatusOr<int64_t> ReclaimExpired(db::Connection& db, int64_t default_max_attempts);
// Deletes finished jobs older than `days`.
Status PruneDone(db::Connection& db, int64_t days);
StatusOr<QueueStats> Stats(db::Connection& db);

// The delay before attempt `attempts + 1`: base * 2^(attempts-1), at most an hour,
// with jitter: a uniformly random value in [half of it, all of it].
int64_t BackoffMs(int64_t base_ms, int attempts, double unit_random);

}  // namespace keel::jobs
