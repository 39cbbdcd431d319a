// ConnectionWaiter: where an idle worker sleeps until its listening socket has a
// connection, and the only place a stop signal (SIGTERM, SIGUSR2, ...) reaches it.
//
// libfcgi retries none of its reads, writes or selects when a signal interrupts them:
// a SIGTERM landing just after accept() made it close the new connection (nginx: 502
// "Broken pipe"), one landing mid-request cut the response short. So a worker keeps
// its stop signals blocked while it serves and lets them in only while it waits here,
// atomically (epoll_pwait with the signals unblocked): a signal sent during a request
// is acted on once the request is answered, and one sent just before the wait still
// ends it at once.
//
// The listening socket is made non-blocking (for every process sharing it): a worker
// woken for a connection another worker took gets EAGAIN from accept() and waits again.
// EPOLLEXCLUSIVE wakes one idle worker per connection instead of all of them.
#pragma once

#include <signal.h>

#include "base/status.h"

namespace keel::fcgi {

class ConnectionWaiter {
 public:
  enum class Woken { kConnection, kSignal };

  // `wait_mask`: the signal mask while waiting (the caller's mask without the stop
  // signals, which the caller keeps blocked otherwise).
  static StatusOr<ConnectionWaiter> Create(int listen_fd, const sigset_t& wait_mask);
  ConnectionWaiter(ConnectionWaiter&& other) noexcept;
  ConnectionWaiter& operator=(ConnectionWaiter&&) = delete;
  ConnectionWaiter(const ConnectionWaiter&) = delete;
  ~ConnectionWaiter();

  // Sleeps until a connection is waiting or a signal is delivered. An error of
  // epoll_pwait itself (other than EINTR) is returned as a Status.
  StatusOr<Woken> Wait();

 private:
  ConnectionWaiter(int epoll_fd, const sigset_t& wait_mask)
      : epoll_fd_(epoll_fd), wait_mask_(wait_mask) {}
  int epoll_fd_ = -1;
  sigset_t wait_mask_;
};

}  // namespace keel::fcgi
