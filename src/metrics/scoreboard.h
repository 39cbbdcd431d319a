// Scoreboard: the pool's shared memory, mapped by the master before it forks, so
// the master and every worker see the same slots (php-fpm's scoreboard, in short).
//
// A worker writes only its own slot: its pid, whether it is idle or busy, how many
// requests it has served, when its current request started and which route it is.
// The master reads the slots for the watchdog (a request busy past
// KEEL_REQUEST_TIMEOUT_MS gets its worker killed) and for /status; it writes the
// pool-wide counters (respawns, watchdog kills). Fields are atomics or, for the
// route text, guarded by a sequence counter, so readers never block writers.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace keel::metrics {

inline constexpr int kMaxWorkers = 256;
inline constexpr int kRouteTextSize = 56;

enum class WorkerState : int32_t { kEmpty = 0, kStarting = 1, kIdle = 2, kBusy = 3 };

struct WorkerSlot {
  std::atomic<int32_t> pid;
  std::atomic<int32_t> state;
  std::atomic<int32_t> pool;  // 0: API, 1: sign-in pool, 2: job worker (set by the master)
  std::atomic<int64_t> requests;
  std::atomic<int64_t> request_started_ns;  // MonotonicNanos of the current request
  std::atomic<uint32_t> route_seq;          // odd while the route text is being written
  char route[kRouteTextSize];
};

struct PoolCounters {
  std::atomic<int64_t> respawns;
  std::atomic<int64_t> crashes;
  std::atomic<int64_t> watchdog_kills;
};

struct ScoreboardMemory {
  PoolCounters counters;
  WorkerSlot slots[kMaxWorkers];
};

class Scoreboard {
 public:
  // Maps an anonymous shared region (MAP_SHARED) before fork(). Aborts on failure.
  static Scoreboard* Create();
  ScoreboardMemory& memory() { return *memory_; }
  WorkerSlot& slot(int i) { return memory_->slots[i]; }
  PoolCounters& counters() { return memory_->counters; }

  // Worker side.
  static void SetBusy(WorkerSlot& slot, std::string_view route);
  static void SetIdle(WorkerSlot& slot);  // a request served
  // Taking a connection and reading its request: watched like a request, so a client
  // that stalls before its request is complete costs the worker after
  // KEEL_REQUEST_TIMEOUT_MS instead of holding it (and a reload waiting on it) forever.
  static void SetReading(WorkerSlot& slot) { SetBusy(slot, "(reading request)"); }
  // Back to idle with no request served (another worker took the connection).
  static void SetIdleUnserved(WorkerSlot& slot) {
    slot.state.store(static_cast<int32_t>(WorkerState::kIdle), std::memory_order_release);
  }
  // Reader side: a consistent copy of the route text.
  static std::string ReadRoute(const WorkerSlot& slot);

 private:
  explicit Scoreboard(ScoreboardMemory* memory) : memory_(memory) {}
  ScoreboardMemory* memory_;
};

// The process-wide scoreboard and this worker's slot (null outside `keel serve`).
Scoreboard* GlobalScoreboard();
void SetGlobalScoreboard(Scoreboard* board, int slot_index);
WorkerSlot* CurrentWorkerSlot();

}  // namespace keel::metrics
