// ListenSocket: the FastCGI listening socket the master binds before forking, as
// `unix:/path` (mode 0660, optionally chgrp'd so nginx's workers can connect) or
// `host:port` (TCP; loopback unless the operator says otherwise), or `fd:N`, a listening
// socket keel was started with (lighttpd's bin-path passes one as fd 0).
#pragma once

#include <string>

#include "base/status.h"

namespace keel::fcgi {

class ListenSocket {
 public:
  static StatusOr<ListenSocket> Bind(const std::string& spec, const std::string& group,
                                     int backlog);
  ListenSocket(ListenSocket&& other) noexcept;
  ListenSocket& operator=(ListenSocket&&) = delete;
  ListenSocket(const ListenSocket&) = delete;
  ~ListenSocket();

  int fd() const { return fd_; }
  // Removes the unix socket's path so no new connection can arrive (shutdown).
  void UnlinkPath();
  // Closes without unlinking (in a forked worker, which must not remove the path).
  void CloseInChild();

 private:
  ListenSocket(int fd, std::string unix_path) : fd_(fd), unix_path_(std::move(unix_path)) {}
  int fd_ = -1;
  std::string unix_path_;
};

}  // namespace keel::fcgi
