// Scoreboard: shared anonymous mapping and seqlock-guarded route text.
#include "metrics/scoreboard.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "base/clock.h"

namespace keel::metrics {
namespace {
Scoreboard* g_board = nullptr;
int g_slot = -1;
}  // namespace

Scoreboard* Scoreboard::Create() {
  void* p = mmap(nullptr, sizeof(ScoreboardMemory), PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) std::abort();
  auto* memory = new (p) ScoreboardMemory();  // value-initialised: all zero
  return new Scoreboard(memory);
}

void Scoreboard::SetBusy(WorkerSlot& slot, std::string_view route) {
  uint32_t seq = slot.route_seq.load(std::memory_order_relaxed);
  slot.route_seq.store(seq + 1, std::memory_order_release);
  size_t n = std::min(route.size(), sizeof slot.route - 1);
  std::memcpy(slot.route, route.data(), n);
  slot.route[n] = '\0';
  slot.route_seq.store(seq + 2, std::memory_order_release);
  slot.request_started_ns.store(MonotonicNanos(), std::memory_order_release);
  slot.state.store(static_cast<int32_t>(WorkerState::kBusy), std::memory_order_release);
}

void Scoreboard::SetIdle(WorkerSlot& slot) {
  slot.state.store(static_cast<int32_t>(WorkerState::kIdle), std::memory_order_release);
  slot.requests.fetch_add(1, std::memory_order_relaxed);
}

std::string Scoreboard::ReadRoute(const WorkerSlot& slot) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    uint32_t before = slot.route_seq.load(std::memory_order_acquire);
    if (before & 1) continue;
    char copy[kRouteTextSize];
    std::memcpy(copy, slot.route, sizeof copy);
    copy[kRouteTextSize - 1] = '\0';
    if (slot.route_seq.load(std::memory_order_acquire) == before) return copy;
  }
  return "";
}

Scoreboard* GlobalScoreboard() { return g_board; }
void SetGlobalScoreboard(Scoreboard* board, int slot_index) {
  g_board = board;
  g_slot = slot_index;
}
WorkerSlot* CurrentWorkerSlot() {
  return g_board != nullptr && g_slot >= 0 ? &g_board->slot(g_slot) : nullptr;
}

}  // namespace keel::metrics
