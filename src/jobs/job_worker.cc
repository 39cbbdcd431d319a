// The job worker loop (see job_worker.h).
#include "jobs/job_worker.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <random>

#include "base/clock.h"
#include "base/log.h"
#include "metrics/scoreboard.h"

namespace keel::jobs {
namespace {

constexpr int64_t kMaintenanceEveryMs = 10000;
constexpr int64_t kKeepDoneDays = 7;

volatile sig_atomic_t g_stop = 0;
void OnStop(int) { g_stop = 1; }

void InstallSignals() {
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a wait returns at once and the loop sees g_stop
  sa.sa_handler = OnStop;
  for (int sig : {SIGTERM, SIGINT, SIGUSR2}) sigaction(sig, &sa, nullptr);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
}

double UnitRandom() {
  static std::mt19937_64 engine(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string WorkerId() {
  char host[64] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host).substr(0, 40) + ":" + std::to_string(getpid());
}

void SetSlotBusy(const std::string& kind) {
  if (metrics::WorkerSlot* slot = metrics::CurrentWorkerSlot()) {
    metrics::Scoreboard::SetBusy(*slot, "job " + kind);
  }
}
void SetSlotIdle() {
  if (metrics::WorkerSlot* slot = metrics::CurrentWorkerSlot()) metrics::Scoreboard::SetIdle(*slot);
}

}  // namespace

StatusOr<bool> RunOneJob(db::Connection& db, const Config& config, const JobHandlers& handlers,
                         const std::string& worker_id) {
  KEEL_ASSIGN_OR_RETURN(std::optional<ClaimedJob> job,
                        Claim(db, worker_id, config.job_lease_ms, config.job_max_attempts));
  if (!job) return false;
  SetSlotBusy(job->kind);
  int64_t started = MonotonicMillis();
  Status outcome = Status::Ok();
  auto handler = handlers.find(job->kind);
  if (handler == handlers.end()) {
    outcome = Status::Internal("no handler for job kind " + job->kind);
  } else {
    db.TakeDbMicros();
    outcome = handler->second(db, *job);
    db.Rollback();  // a handler never leaves a transaction open
  }
  StatusOr<bool> recorded = false;
  if (outcome.ok()) {
    recorded = Complete(db, job->id, worker_id);
  } else {
    int64_t retry_in = BackoffMs(config.job_backoff_ms, job->attempts, UnitRandom());
    recorded = Fail(db, job->id, worker_id, outcome.message(), retry_in, config.job_max_attempts);
  }
  int64_t duration_ms = MonotonicMillis() - started;
  if (outcome.ok()) {
    log::Info("job done", {{"job_id", job->id},
                           {"kind", job->kind},
                           {"attempt", job->attempts},
                           {"duration_ms", duration_ms}});
  } else {
    log::Warn("job attempt failed", {{"job_id", job->id},
                                     {"kind", job->kind},
                                     {"attempt", job->attempts},
                                     {"final", job->last_attempt()},
                                     {"duration_ms", duration_ms},
                                     {"error", outcome.message()}});
  }
  SetSlotIdle();
  if (!recorded.ok()) return recorded.status();
  if (!*recorded) log::Warn("job lease lost before it finished", {{"job_id", job->id}});
  return true;
}

int RunJobWorker(const Config& config, const JobHandlers& handlers, bool once) {
  InstallSignals();
  db::Connection db(
      db::ConnectionOptions{.url = config.database_url,
                            .statement_timeout_ms = config.statement_timeout_ms,
                            .lock_timeout_ms = config.lock_timeout_ms,
                            .idle_in_transaction_timeout_ms = config.idle_in_transaction_timeout_ms,
                            .prepared = config.db_prepared,
                            .application_name = "keel-jobs"});
  std::string worker_id = WorkerId();
  if (!once) {
    Status listening = db.Listen(kJobsChannel);
    if (!listening.ok()) log::Warn("job worker: LISTEN failed; polling", {});
  }
  if (metrics::WorkerSlot* slot = metrics::CurrentWorkerSlot())
    metrics::Scoreboard::SetIdleUnserved(*slot);
  int64_t last_maintenance = -kMaintenanceEveryMs;
  int64_t ran = 0;
  while (!g_stop) {
    // Expired leases are looked for at least twice per lease.
    if (MonotonicMillis() - last_maintenance >=
        std::min<int64_t>(kMaintenanceEveryMs, config.job_lease_ms / 2)) {
      last_maintenance = MonotonicMillis();
      auto reclaimed = ReclaimExpired(db, config.job_max_attempts);
      if (reclaimed.ok() && *reclaimed > 0) {
        log::Warn("jobs whose lease expired queued again", {{"count", *reclaimed}});
      }
      Status pruned = PruneDone(db, kKeepDoneDays);
      (void)pruned;
    }
    auto ran_one = RunOneJob(db, config, handlers, worker_id);
    if (ran_one.ok() && *ran_one) {
      ++ran;
      continue;
    }
    if (once) {
      if (!ran_one.ok()) {
        log::Error("keel jobs --once: database error", {{"detail", ran_one.status().message()}});
        return 1;
      }
      break;
    }
    if (!ran_one.ok()) {
      usleep(200000);  // the database is down: EnsureConnected spaces the attempts
      continue;
    }
    auto woke = db.WaitForNotification(config.job_poll_ms);
    if (!woke.ok()) usleep(200000);
  }
  log::Info("job worker stopped", {{"jobs_run", ran}});
  return 0;
}

}  // namespace keel::jobs
