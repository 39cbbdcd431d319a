// ConnectionWaiter: epoll_pwait on the listening socket with the stop signals let in.
#include "fcgi/connection_waiter.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <string>

namespace keel::fcgi {

StatusOr<ConnectionWaiter> ConnectionWaiter::Create(int listen_fd, const sigset_t& wait_mask) {
  int flags = fcntl(listen_fd, F_GETFL);
  if (flags < 0 || fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return Status::FromErrno("making the listening socket non-blocking");
  }
  int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) return Status::FromErrno("epoll_create1");
  ConnectionWaiter waiter(epoll_fd, wait_mask);
  epoll_event event{};
  event.events = EPOLLIN | EPOLLEXCLUSIVE;
  event.data.fd = listen_fd;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &event) != 0) {
    return Status::FromErrno("epoll_ctl on the listening socket");
  }
  return waiter;
}

ConnectionWaiter::ConnectionWaiter(ConnectionWaiter&& other) noexcept
    : epoll_fd_(other.epoll_fd_), wait_mask_(other.wait_mask_) {
  other.epoll_fd_ = -1;
}

ConnectionWaiter::~ConnectionWaiter() {
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

StatusOr<ConnectionWaiter::Woken> ConnectionWaiter::Wait() {
  epoll_event event{};
  int n = epoll_pwait(epoll_fd_, &event, 1, -1, &wait_mask_);
  if (n > 0) return Woken::kConnection;
  if (n < 0 && errno != EINTR) return Status::FromErrno("epoll_pwait");
  return Woken::kSignal;
}

}  // namespace keel::fcgi
