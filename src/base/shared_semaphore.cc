// SharedSemaphore over a process-shared POSIX semaphore.
#include "base/shared_semaphore.h"

#include <sys/mman.h>
#include <time.h>

#include <cerrno>
#include <cstdlib>
#include <new>

namespace keel {
namespace {
SharedSemaphore* g_gate = nullptr;
int g_holder = SharedSemaphore::kMaxHolders - 1;
}  // namespace

SharedSemaphore* SharedSemaphore::Create(int permits) {
  void* p = mmap(nullptr, sizeof(SharedSemaphore), PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) std::abort();
  auto* s = new (p) SharedSemaphore();
  if (sem_init(&s->sem_, /*pshared=*/1, static_cast<unsigned>(permits)) != 0) std::abort();
  s->permits_ = permits;
  for (auto& h : s->held_) h.store(0);
  return s;
}

bool SharedSemaphore::TryAcquireFor(int64_t wait_ms, int holder) {
  timespec deadline{};
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += wait_ms / 1000;
  deadline.tv_nsec += (wait_ms % 1000) * 1000000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000;
  }
  for (;;) {
    if (sem_clockwait(&sem_, CLOCK_MONOTONIC, &deadline) == 0) break;
    if (errno == EINTR) continue;
    return false;
  }
  held_[holder % kMaxHolders].fetch_add(1);
  return true;
}

void SharedSemaphore::Release(int holder) {
  held_[holder % kMaxHolders].fetch_sub(1);
  sem_post(&sem_);
}

void SharedSemaphore::ReleaseHeldBy(int holder) {
  int32_t n = held_[holder % kMaxHolders].exchange(0);
  for (int32_t i = 0; i < n; ++i) sem_post(&sem_);
}

SharedSemaphore* PasswordHashGate() { return g_gate; }
void SetPasswordHashGate(SharedSemaphore* gate) { g_gate = gate; }
int CurrentHolderIndex() { return g_holder; }
void SetCurrentHolderIndex(int index) { g_holder = index; }

HashPermit::HashPermit(int64_t wait_ms) {
  SharedSemaphore* gate = PasswordHashGate();
  if (gate == nullptr) {
    acquired_ = true;  // not under `keel serve` (CGI, spawn-fcgi): nothing to share
    return;
  }
  acquired_ = gate->TryAcquireFor(wait_ms, CurrentHolderIndex());
  counted_ = acquired_;
}

HashPermit::~HashPermit() {
  if (counted_) PasswordHashGate()->Release(CurrentHolderIndex());
}

}  // namespace keel
