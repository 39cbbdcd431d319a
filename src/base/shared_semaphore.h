// SharedSemaphore: a counting semaphore in shared memory, created by the master
// before it forks so that every worker draws from the same permits — e.g. "at most
// one Argon2 hash per CPU hashing may use, across the whole pool", so a login storm
// cannot starve the other routes of CPU.
//
// A worker killed while holding a permit (kill -9, the watchdog) would leak it, so
// each holder is recorded by worker slot and the master returns the permits of a
// dead worker (ReleaseHeldBy) when it reaps it.
#pragma once

#include <semaphore.h>

#include <atomic>
#include <cstdint>

namespace keel {

class SharedSemaphore {
 public:
  static constexpr int kMaxHolders = 256;

  // Maps and initialises a semaphore with `permits` permits. Aborts on failure.
  static SharedSemaphore* Create(int permits);

  // Waits at most `wait_ms` for a permit; false if none became free in time.
  bool TryAcquireFor(int64_t wait_ms, int holder);
  void Release(int holder);
  // Returns every permit still recorded as held by `holder` (a dead worker).
  void ReleaseHeldBy(int holder);
  int permits() const { return permits_; }

 private:
  sem_t sem_;
  int permits_;
  std::atomic<int32_t> held_[kMaxHolders];
};

// The pool's password-hash gate (null when not serving under `keel serve`), and the
// index this process records itself under (its scoreboard slot).
SharedSemaphore* PasswordHashGate();
void SetPasswordHashGate(SharedSemaphore* gate);
int CurrentHolderIndex();
void SetCurrentHolderIndex(int index);

// RAII permit: acquired() tells whether the wait succeeded; released on destruction.
class HashPermit {
 public:
  explicit HashPermit(int64_t wait_ms);
  ~HashPermit();
  HashPermit(const HashPermit&) = delete;
  HashPermit& operator=(const HashPermit&) = delete;
  bool acquired() const { return acquired_; }

 private:
  bool acquired_ = false;
  bool counted_ = false;
};

}  // namespace keel
