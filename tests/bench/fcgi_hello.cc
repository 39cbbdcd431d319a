// fcgi_hello: the trivial FastCGI responder behind `make bench`'s floor (b). It does what a
// keel worker does around a request and nothing else: a prefork pool of N processes, each
// blocking in FCGX_Accept_r on one shared unix socket (backlog 1024, mode 0660, like
// `keel serve`), answering every request with 200 and a fixed 1 KiB text body with a
// Content-Length, then FCGX_Finish_r. No database, no parsing, no logging: nginx in front
// of this is the most a FastCGI stack can do on this machine, the floor W4 is compared to.
//
//   fcgi_hello SOCKET_PATH WORKERS [GROUP]
//
// Built by scripts/bench with `g++ -O2 tests/bench/fcgi_hello.cc -lfcgi`. SIGTERM or SIGINT
// to the master stops the workers and removes the socket. Not part of the product.
#include <fcgiapp.h>
#include <grp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

volatile sig_atomic_t g_stop = 0;
void OnStop(int) { g_stop = 1; }

int BindUnix(const char* path, const char* group) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (std::strlen(path) >= sizeof addr.sun_path) return -1;
  std::strcpy(addr.sun_path, path);
  unlink(path);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  mode_t old = umask(0117);
  int rc = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  umask(old);
  if (rc != 0) return -1;
  if (group != nullptr && *group != '\0') {
    struct group* g = getgrnam(group);
    if (g == nullptr || chown(path, static_cast<uid_t>(-1), g->gr_gid) != 0) return -1;
  }
  chmod(path, 0660);
  if (listen(fd, 1024) != 0) return -1;
  return fd;
}

int Worker(int listen_fd) {
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGPIPE, SIG_IGN);
  if (FCGX_Init() != 0) return 1;
  std::string body(1024, 'x');
  for (size_t i = 63; i < body.size(); i += 64) body[i] = '\n';
  std::string head = "Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n";
  FCGX_Request request;
  if (FCGX_InitRequest(&request, listen_fd, 0) != 0) return 1;
  while (FCGX_Accept_r(&request) >= 0) {
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), request.out);
    FCGX_PutStr(body.data(), static_cast<int>(body.size()), request.out);
    FCGX_Finish_r(&request);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fcgi_hello SOCKET_PATH WORKERS [GROUP]\n");
    return 2;
  }
  const char* path = argv[1];
  int workers = std::atoi(argv[2]);
  if (workers < 1 || workers > 256) {
    std::fprintf(stderr, "fcgi_hello: WORKERS must be 1..256\n");
    return 2;
  }
  int fd = BindUnix(path, argc > 3 ? argv[3] : nullptr);
  if (fd < 0) {
    std::fprintf(stderr, "fcgi_hello: cannot listen on %s: %s\n", path, std::strerror(errno));
    return 1;
  }
  struct sigaction sa {};
  sa.sa_handler = OnStop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::vector<pid_t> children;
  for (int i = 0; i < workers; ++i) {
    pid_t pid = fork();
    if (pid == 0) _exit(Worker(fd));
    if (pid > 0) children.push_back(pid);
  }
  while (!g_stop) pause();
  for (pid_t pid : children) kill(pid, SIGTERM);
  for (pid_t pid : children) waitpid(pid, nullptr, 0);
  unlink(path);
  return 0;
}
