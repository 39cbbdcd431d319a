// Job worker: the loop that claims jobs from PostgreSQL and runs them.
//
// `keel serve`'s master forks KEEL_JOB_WORKERS of them and supervises them like the
// request workers; `keel jobs` runs one in the foreground and `keel jobs --once` runs
// what is due and exits (for hosts where keel does not own the process pool: cron).
//
// An idle worker LISTENs on keel_jobs (NOTIFY at the commit of every enqueue) and
// also looks every KEEL_JOB_POLL_MS, so a lost notification only delays a job. It
// queues again the jobs whose lease expired (their worker died) and prunes old
// finished ones. A handler's error is a failed attempt: the job is retried after an
// exponential back-off with jitter (KEEL_JOB_BACKOFF_MS doubling, at most an hour)
// until KEEL_JOB_MAX_ATTEMPTS, then it is dead. SIGTERM/SIGINT/SIGUSR2 stop it after
// the current job.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"
#include "jobs/job_store.h"

namespace keel::jobs {

// Runs one job. Ok: done. An error: a failed attempt (its message is recorded).
using JobHandler = std::function<Status(db::Connection& db, const ClaimedJob& job)>;
using JobHandlers = std::map<std::string, JobHandler, std::less<>>;

inline constexpr const char* kJobsChannel = "keel_jobs";

// Claims and runs one due job. Returns false when none was due.
StatusOr<bool> RunOneJob(db::Connection& db, const Config& config, const JobHandlers& handlers,
                         const std::string& worker_id);

// The worker loop. `once`: run what is due, then return. Returns the exit code.
int RunJobWorker(const Config& config, const JobHandlers& handlers, bool once);

}  // namespace keel::jobs
