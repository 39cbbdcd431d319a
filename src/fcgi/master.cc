// The prefork master: spawn, reap, respawn with back-off, watchdog, reload, drain.
#include "fcgi/master.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <vector>

#include "app/job_handlers.h"
#include "base/clock.h"
#include "base/cpu_set.h"
#include "base/log.h"
#include "base/shared_semaphore.h"
#include "fcgi/listen_socket.h"
#include "fcgi/worker.h"
#include "jobs/job_worker.h"
#include "metrics/request_metrics.h"
#include "metrics/scoreboard.h"

namespace keel::fcgi {
namespace {

constexpr int64_t kCrashWindowMs = 60000;
constexpr size_t kCrashLoopCount = 10;
constexpr int64_t kMaxBackoffMs = 5000;
constexpr int64_t kShutdownGraceMs = 30000;
constexpr int kJobPool = 2;

struct Worker {
  pid_t pid = 0;
  int pool = 0;         // 0: the main socket; 1: the sign-in socket (KEEL_AUTH_LISTEN); 2: jobs
  int board_slot = -1;  // its slot in the shared scoreboard
  int64_t respawn_at_ms = 0;  // when an empty position may be refilled
};

class Master {
 public:
  Master(const Config& config, ListenSocket socket, metrics::Scoreboard* board)
      : config_(config), board_(board), active_(config.workers) {
    sockets_.push_back(std::move(socket));
  }
  // Adds the sign-in pool: `workers` more workers accepting on `socket` only, run on
  // the CPUs hashing may use (all but the first KEEL_API_RESERVED_CPUS).
  void AddAuthPool(ListenSocket socket, int workers) {
    sockets_.push_back(std::move(socket));
    for (int i = 0; i < workers; ++i) active_.push_back(Worker{.pool = 1});
    std::vector<int> allowed = AllowedCpus();
    std::vector<int> hashing = HashingCpus(allowed, config_.api_reserved_cpus);
    if (hashing.size() < allowed.size()) auth_cpus_ = hashing;
    log::Info("sign-in pool", {{"listen", config_.auth_listen},
                               {"workers", workers},
                               {"cpus", CpuListText(hashing)},
                               {"hashes_at_once", config_.hash_concurrency}});
  }

  // Adds the job workers (jobs/job_worker.h): no socket, they claim jobs from PostgreSQL.
  void AddJobWorkers(int workers) {
    for (int i = 0; i < workers; ++i) active_.push_back(Worker{.pool = kJobPool});
  }

  int Run();

 private:
  bool Spawn(Worker& worker);
  void Reap();
  void RespawnDue();
  void Watchdog(Worker& worker);
  void StartReload();
  void AdvanceReload();
  void StartShutdown();
  void SignalAll(int sig);
  int64_t CrashBackoffMs();
  size_t RecentCrashes();
  bool AnyAlive() const;

  const Config& config_;
  std::vector<ListenSocket> sockets_;  // [0] main, [1] sign-in pool (optional)
  std::vector<int> auth_cpus_;         // the sign-in pool's CPUs; empty: not confined
  metrics::Scoreboard* board_;
  std::vector<Worker> active_;    // one per configured worker position
  std::vector<Worker> retiring_;  // replaced by a reload, finishing their request
  bool board_used_[metrics::kMaxWorkers] = {};
  std::deque<int64_t> crashes_ms_;
  int64_t last_loop_respawn_ms_ = -kMaxBackoffMs;
  std::deque<int> reload_queue_;  // positions still to replace
  bool shutting_down_ = false;
  int64_t shutdown_started_ms_ = 0;
};

bool Master::Spawn(Worker& worker) {
  int slot = -1;
  for (int i = 0; i < metrics::kMaxWorkers; ++i) {
    if (!board_used_[i]) {
      slot = i;
      break;
    }
  }
  if (slot < 0) return false;
  metrics::WorkerSlot& s = board_->slot(slot);
  s.state.store(static_cast<int32_t>(metrics::WorkerState::kStarting));
  s.requests.store(0);
  s.pool.store(worker.pool);
  pid_t pid = fork();
  if (pid < 0) {
    log::Error("fork failed", {{"errno", errno}});
    worker.respawn_at_ms = MonotonicMillis() + 1000;
    return false;
  }
  if (pid == 0) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_UNBLOCK, &all, nullptr);
    s.pid.store(getpid());
    metrics::SetGlobalScoreboard(board_, slot);
    SetCurrentHolderIndex(slot);
    if (worker.pool == 1 && config_.auth_nice > 0 &&
        setpriority(PRIO_PROCESS, 0, config_.auth_nice) != 0) {
      log::Warn("cannot lower the sign-in worker's priority", {{"errno", errno}});
    }
    if (worker.pool == 1 && !auth_cpus_.empty() && !RunOnlyOn(auth_cpus_)) {
      log::Warn("cannot confine the sign-in worker to its CPUs", {{"errno", errno}});
    }
    if (worker.pool == kJobPool) {
      for (ListenSocket& socket : sockets_) close(socket.fd());
      int code = jobs::RunJobWorker(config_, DefaultJobHandlers(config_), false);
      s.state.store(static_cast<int32_t>(metrics::WorkerState::kEmpty));
      _exit(code);
    }
    int code = RunWorker(sockets_[worker.pool].fd(), config_,
                         worker.pool == 1 ? FreedMemory::kKeepWhileBusy : FreedMemory::kDefault);
    s.state.store(static_cast<int32_t>(metrics::WorkerState::kEmpty));
    _exit(code);
  }
  board_used_[slot] = true;
  s.pid.store(pid);
  worker.pid = pid;
  worker.board_slot = slot;
  worker.respawn_at_ms = 0;
  return true;
}

bool Master::AnyAlive() const {
  for (const Worker& w : active_) {
    if (w.pid > 0) return true;
  }
  return !retiring_.empty();
}

void Master::SignalAll(int sig) {
  for (const Worker& w : active_) {
    if (w.pid > 0) kill(w.pid, sig);
  }
  for (const Worker& w : retiring_) kill(w.pid, sig);
}

size_t Master::RecentCrashes() {
  int64_t now = MonotonicMillis();
  while (!crashes_ms_.empty() && now - crashes_ms_.front() > kCrashWindowMs) {
    crashes_ms_.pop_front();
  }
  return crashes_ms_.size();
}

int64_t Master::CrashBackoffMs() {
  size_t n = RecentCrashes();
  if (n >= kCrashLoopCount) {
    log::Error("workers are crashing in a loop; respawning at most one per 5 s",
               {{"crashes_last_60s", static_cast<int64_t>(n)}});
    return kMaxBackoffMs;
  }
  if (n <= 1) return 0;  // a single crash: replace at once
  return std::min<int64_t>(kMaxBackoffMs, int64_t{50} << std::min<size_t>(n, 10));
}

void Master::Reap() {
  int status = 0;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    auto free_slot = [&](const Worker& w) {
      if (SharedSemaphore* gate = PasswordHashGate()) gate->ReleaseHeldBy(w.board_slot);
      metrics::WorkerSlot& s = board_->slot(w.board_slot);
      s.pid.store(0);
      s.state.store(static_cast<int32_t>(metrics::WorkerState::kEmpty));
      board_used_[w.board_slot] = false;
    };
    auto old = std::find_if(retiring_.begin(), retiring_.end(),
                            [&](const Worker& w) { return w.pid == pid; });
    if (old != retiring_.end()) {
      free_slot(*old);
      retiring_.erase(old);
      continue;
    }
    auto it =
        std::find_if(active_.begin(), active_.end(), [&](const Worker& w) { return w.pid == pid; });
    if (it == active_.end()) continue;
    free_slot(*it);
    it->pid = 0;
    if (shutting_down_) continue;
    bool orderly = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (orderly) {
      it->respawn_at_ms = 0;  // recycled after KEEL_MAX_REQUESTS: replace at once
      continue;
    }
    crashes_ms_.push_back(MonotonicMillis());
    board_->counters().crashes.fetch_add(1);
    int64_t backoff = CrashBackoffMs();
    log::Warn("worker died", {{"pid", static_cast<int64_t>(pid)},
                              {"signal", WIFSIGNALED(status) ? WTERMSIG(status) : 0},
                              {"exit_code", WIFEXITED(status) ? WEXITSTATUS(status) : -1},
                              {"respawn_in_ms", backoff}});
    it->respawn_at_ms = MonotonicMillis() + backoff;
  }
}

void Master::RespawnDue() {
  int64_t now = MonotonicMillis();
  // In a crash loop the brake is the pool's, not each position's: one respawn per
  // kMaxBackoffMs in all, however many workers are down.
  bool looping = RecentCrashes() >= kCrashLoopCount;
  for (Worker& w : active_) {
    if (w.pid != 0 || now < w.respawn_at_ms) continue;
    if (looping && now - last_loop_respawn_ms_ < kMaxBackoffMs) break;
    if (Spawn(w)) {
      board_->counters().respawns.fetch_add(1);
      if (looping) last_loop_respawn_ms_ = now;
    }
  }
}

void Master::Watchdog(Worker& w) {
  if (w.pid <= 0) return;
  metrics::WorkerSlot& s = board_->slot(w.board_slot);
  if (s.state.load() != static_cast<int32_t>(metrics::WorkerState::kBusy)) return;
  int64_t busy_ms = (MonotonicNanos() - s.request_started_ns.load()) / 1000000;
  // A job worker is held to its job's lease: past it, the job may already run elsewhere.
  int64_t limit_ms = w.pool == kJobPool ? config_.job_lease_ms : config_.request_timeout_ms;
  if (busy_ms <= limit_ms) return;
  log::Error("watchdog: request exceeded KEEL_REQUEST_TIMEOUT_MS, killing its worker",
             {{"pid", static_cast<int64_t>(w.pid)},
              {"route", metrics::Scoreboard::ReadRoute(s)},
              {"busy_ms", busy_ms}});
  kill(w.pid, SIGKILL);
  board_->counters().watchdog_kills.fetch_add(1);
  s.state.store(static_cast<int32_t>(metrics::WorkerState::kStarting));  // count it once
}

void Master::StartReload() {
  if (shutting_down_) return;
  log::Info("reload: replacing workers one at a time");
  reload_queue_.clear();
  for (size_t i = 0; i < active_.size(); ++i) reload_queue_.push_back(static_cast<int>(i));
}

// One step of a rolling reload: once the previous old worker has exited, fork a
// replacement first, then ask the old one to finish its request and exit. At every
// moment at least KEEL_WORKERS processes accept, so nothing fails.
void Master::AdvanceReload() {
  if (reload_queue_.empty() || !retiring_.empty()) return;
  int position = reload_queue_.front();
  reload_queue_.pop_front();
  Worker old = active_[position];
  Worker fresh;
  fresh.pool = old.pool;
  if (!Spawn(fresh)) {
    reload_queue_.push_front(position);
    return;
  }
  active_[position] = fresh;
  if (old.pid > 0) {
    retiring_.push_back(old);
    kill(old.pid, SIGTERM);
  }
}

void Master::StartShutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  shutdown_started_ms_ = MonotonicMillis();
  reload_queue_.clear();
  for (ListenSocket& socket : sockets_) {
    socket.UnlinkPath();  // new connections are refused at once instead of queueing
  }
  log::Info("shutting down: finishing queued and in-flight requests");
  SignalAll(SIGUSR2);
}

int Master::Run() {
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&mask, sig);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) {
    log::Error("signalfd failed");
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);
  for (Worker& w : active_) Spawn(w);
  log::Info("keel serving", {{"listen", config_.listen}, {"workers", config_.workers}});

  for (;;) {
    pollfd p{sfd, POLLIN, 0};
    poll(&p, 1, 100);
    signalfd_siginfo info;
    while (read(sfd, &info, sizeof info) == sizeof info) {
      if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT) StartShutdown();
      if (info.ssi_signo == SIGHUP) StartReload();
    }
    Reap();
    for (Worker& w : active_) Watchdog(w);
    for (Worker& w : retiring_) Watchdog(w);
    if (!shutting_down_) {
      RespawnDue();
      AdvanceReload();
      continue;
    }
    if (!AnyAlive()) break;
    if (MonotonicMillis() - shutdown_started_ms_ > kShutdownGraceMs) {
      log::Error("shutdown grace period over; killing remaining workers");
      SignalAll(SIGKILL);
    }
  }
  close(sfd);
  log::Info("keel stopped");
  return 0;
}

}  // namespace

int RunMaster(const Config& config) {
  auto socket = ListenSocket::Bind(config.listen, config.socket_group, 1024);
  if (!socket.ok()) {
    log::Error("cannot listen", {{"detail", socket.status().message()}});
    return 1;
  }
  metrics::Scoreboard* board = metrics::Scoreboard::Create();
  metrics::SetGlobalScoreboard(board, -1);
  metrics::InitSharedMetrics();
  SetPasswordHashGate(SharedSemaphore::Create(config.hash_concurrency));
  Master master(config, std::move(socket).value(), board);
  if (!config.auth_listen.empty()) {
    // A small backlog: sign-ins beyond what the pool can take are refused at once
    // (nginx answers 502/503 JSON) instead of waiting in a long queue.
    auto auth_socket = ListenSocket::Bind(config.auth_listen, config.socket_group, 32);
    if (!auth_socket.ok()) {
      log::Error("cannot listen", {{"detail", auth_socket.status().message()}});
      return 1;
    }
    master.AddAuthPool(std::move(auth_socket).value(), config.auth_workers);
  }
  master.AddJobWorkers(config.job_workers);
  return master.Run();
}

}  // namespace keel::fcgi
