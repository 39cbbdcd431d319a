// The job queue in PostgreSQL (see job_store.h).
#include "jobs/job_store.h"

#include <algorithm>
#include <cmath>

#include "db/statement.h"

namespace keel::jobs {
namespace {

constexpr db::Statement kEnqueue{
    "jobs_enqueue",
    "INSERT INTO jobs (kind, payload, max_attempts) VALUES ($1, $2::jsonb, $3) RETURNING id"};
// One statement: the row lock of SKIP LOCKED is held only while it runs; the lease
// (state running, locked_until) is what keeps the job afterwards.
constexpr db::Statement kClaim{
    "jobs_claim",
    "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = $1, "
    "locked_until = now() + make_interval(secs => $2::double precision / 1000), "
    "updated_at = now() "
    "WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= now() "
    "ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, kind, payload::text, attempts, COALESCE(max_attempts, $3)"};
constexpr db::Statement kComplete{
    "jobs_complete",
    "UPDATE jobs SET state = 'done', finished_at = now(), updated_at = now(), "
    "locked_until = NULL, last_error = NULL "
    "WHERE id = $1 AND locked_by = $2 AND state = 'running'"};
constexpr db::Statement kFail{
    "jobs_fail",
    "UPDATE jobs SET state = CASE WHEN attempts >= COALESCE(max_attempts, $5) THEN 'dead' "
    "ELSE 'queued' END, "
    "run_at = now() + make_interval(secs => $4::double precision / 1000), "
    "finished_at = CASE WHEN attempts >= COALESCE(max_attempts, $5) THEN now() END, "
    "locked_until = NULL, last_error = left($3, 2000), updated_at = now() "
    "WHERE id = $1 AND locked_by = $2 AND state = 'running'"};
constexpr db::Statement kReclaim{
    "jobs_reclaim",
    "UPDATE jobs SET state = CASE WHEN attempts >= COALESCE(max_attempts, $1) THEN 'dead' "
    "ELSE 'queued' END, "
    "finished_at = CASE WHEN attempts >= COALESCE(max_attempts, $1) THEN now() END, "
    "last_error = 'lease expired (worker lost)', locked_until = NULL, locked_by = NULL, "
    "run_at = now(), updated_at = now() "
    "WHERE id IN (SELECT id FROM jobs WHERE state = 'running' AND locked_until < now() "
    "FOR UPDATE SKIP LOCKED)"};
constexpr db::Statement kPrune{
    "jobs_prune",
    "DELETE FROM jobs WHERE state = 'done' AND finished_at < now() - make_interval(days => $1)"};
constexpr db::Statement kStats{
    "jobs_stats",
    "SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'running'), "
    "count(*) FILTER (WHERE state = 'done'), "
    "count(*) FILTER (WHERE state = 'queued' AND attempts > 0), "
    "count(*) FILTER (WHERE state = 'dead'), "
    "COALESCE(extract(epoch FROM now() - min(created_at) "
    "FILTER (WHERE state IN ('queued', 'running'))), 0)::double precision FROM jobs"};

}  // namespace

StatusOr<int64_t> Enqueue(db::Connection& db, std::string_view kind, std::string_view payload,
                          std::optional<int> max_attempts) {
  db::Params p;
  p.Add(kind).Add(payload).Add(max_attempts);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kEnqueue, p));
  return r.Int64(0, 0);
}

std::optional<ClaimedJob> ClaimResultRow(const db::Result& r) {
  if (r.empty()) return std::nullopt;
  return ClaimedJob{.id = r.Int64(0, 0),
                    .kind = r.String(0, 1),
                    .payload = r.String(0, 2),
                    .attempts = static_cast<int>(r.Int64(0, 3)),
                    .max_attempts = static_cast<int>(r.Int64(0, 4))};
}

StatusOr<std::optional<ClaimedJob>> Claim(db::Connection& db, std::string_view worker,
                                          int64_t lease_ms, int64_t default_max_attempts) {
  db::Params p;
  p.Add(worker).Add(lease_ms).Add(default_max_attempts);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kClaim, p));
  return ClaimResultRow(r);
}

StatusOr<bool> Complete(db::Connection& db, int64_t id, std::string_view worker) {
  db::Params p;
  p.Add(id).Add(worker);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kComplete, p));
  return r.affected() == 1;
}

StatusOr<bool> Fail(db::Connection& db, int64_t id, std::string_view worker, std::string_view error,
                    int64_t retry_in_ms, int64_t default_max_attempts) {
  db::Params p;
  p.Add(id).Add(worker).Add(error).Add(retry_in_ms).Add(default_max_attempts);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kFail, p));
  return r.affected() == 1;
}

StatusOr<int64_t> ReclaimExpired(db::Connection& db, int64_t default_max_attempts) {
  db::Params p;
  p.Add(default_max_attempts);
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kReclaim, p));
  return r.affected();
}

Status PruneDone(db::Connection& db, int64_t days) {
  db::Params p;
  p.Add(days);
  return db.Execute(kPrune, p).status();
}

StatusOr<QueueStats> Stats(db::Connection& db) {
  KEEL_ASSIGN_OR_RETURN(db::Result r, db.Execute(kStats));
  return QueueStats{.queued = r.Int64(0, 0),
                    .running = r.Int64(0, 1),
                    .done = r.Int64(0, 2),
                    .failed = r.Int64(0, 3),
                    .dead = r.Int64(0, 4),
                    .oldest_age_seconds = r.Double(0, 5)};
}

int64_t BackoffMs(int64_t base_ms, int attempts, double unit_random) {
  constexpr int64_t kCapMs = 3600000;
  int shift = std::clamp(attempts - 1, 0, 30);
  double full = std::min<double>(kCapMs, static_cast<double>(base_ms) * std::ldexp(1.0, shift));
  double jittered = full * (0.5 + 0.5 * std::clamp(unit_random, 0.0, 1.0));
  return std::max<int64_t>(1, static_cast<int64_t>(jittered));
}

}  // namespace keel::jobs
