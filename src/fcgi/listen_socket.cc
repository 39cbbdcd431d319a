// Binding the FastCGI socket: unix or TCP, with the permissions nginx needs.
#include "fcgi/listen_socket.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace keel::fcgi {

StatusOr<ListenSocket> ListenSocket::Bind(const std::string& spec, const std::string& group,
                                          int backlog) {
  if (spec.rfind("fd:", 0) == 0) {
    // A socket opened by whoever started keel (lighttpd's bin-path, spawn-fcgi): keel's
    // master and its workers serve it; the opener keeps its path.
    int fd = std::atoi(spec.c_str() + 3);
    int accepting = 0;
    socklen_t size = sizeof accepting;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) != 0 || accepting != 1) {
      return Status::Internal(spec + " is not a listening socket");
    }
    return ListenSocket(fd, std::string());
  }
  if (spec.rfind("unix:", 0) == 0) {
    std::string path = spec.substr(5);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) return Status::Internal("socket path too long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Status::FromErrno("socket");
    // A stale socket from a crashed run would make bind fail; a live one means another
    // keel is running there: refuse rather than steal it.
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      close(fd);
      return Status::Internal("another process is already listening on " + path);
    }
    close(fd);
    unlink(path.c_str());
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Status::FromErrno("socket");
    mode_t old = umask(0117);  // socket created 0660
    int rc = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    umask(old);
    if (rc != 0) {
      Status s = Status::FromErrno("bind " + path);
      close(fd);
      return s;
    }
    if (!group.empty()) {
      struct group* g = getgrnam(group.c_str());
      if (g == nullptr || chown(path.c_str(), static_cast<uid_t>(-1), g->gr_gid) != 0) {
        close(fd);
        return Status::Internal("KEEL_SOCKET_GROUP: cannot give the socket to group " + group);
      }
    }
    chmod(path.c_str(), 0660);
    if (listen(fd, backlog) != 0) {
      Status s = Status::FromErrno("listen");
      close(fd);
      return s;
    }
    return ListenSocket(fd, path);
  }

  size_t colon = spec.rfind(':');
  std::string host = spec.substr(0, colon);
  std::string port = spec.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found) != 0 ||
      found == nullptr) {
    return Status::Internal("KEEL_LISTEN: cannot resolve " + spec);
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> owner(found, freeaddrinfo);
  int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::FromErrno("socket");
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, backlog) != 0) {
    Status s = Status::FromErrno("bind " + spec);
    close(fd);
    return s;
  }
  return ListenSocket(fd, "");
}

ListenSocket::ListenSocket(ListenSocket&& other) noexcept
    : fd_(other.fd_), unix_path_(std::move(other.unix_path_)) {
  other.fd_ = -1;
  other.unix_path_.clear();
}

ListenSocket::~ListenSocket() {
  if (fd_ >= 0) close(fd_);
  UnlinkPath();
}

void ListenSocket::UnlinkPath() {
  if (!unix_path_.empty()) unlink(unix_path_.c_str());
  unix_path_.clear();
}

void ListenSocket::CloseInChild() {
  unix_path_.clear();
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

}  // namespace keel::fcgi
