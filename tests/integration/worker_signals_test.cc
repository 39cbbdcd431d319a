// The worker loop and stop signals, against a real worker process (RunWorker forked on a
// unix socket of the test's own) and the test database: a SIGTERM or SIGUSR2 that
// arrives while a connection is open never costs that connection its answer (libfcgi
// drops a connection whose read is interrupted), and one that arrives while the worker
// is idle ends it at once. The test speaks FastCGI itself, so it can stop between
// connecting and sending, the moment nginx cannot be made to hold still.
#include "fcgi/worker.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "base/clock.h"
#include "config/config.h"
#include "fcgi/listen_socket.h"
#include "support/test_db.h"

namespace keel::fcgi {
namespace {

// One FastCGI record (version 1, request id 1, no padding).
std::string Record(unsigned char type, const std::string& content) {
  std::string r;
  r += '\x01';
  r += static_cast<char>(type);
  r += '\x00';
  r += '\x01';
  r += static_cast<char>(content.size() >> 8);
  r += static_cast<char>(content.size() & 0xff);
  r += '\x00';
  r += '\x00';
  return r + content;
}

std::string Pair(const std::string& name, const std::string& value) {  // both < 128 bytes
  return std::string(1, static_cast<char>(name.size())) +
         std::string(1, static_cast<char>(value.size())) + name + value;
}

constexpr unsigned char kBeginRequest = 1, kEndRequest = 3, kParams = 4, kStdin = 5, kStdout = 6;

// BEGIN_REQUEST (responder, no keep-alive) and the parameters of `method path`.
std::string RequestHead(const std::string& method, const std::string& path, size_t body_size) {
  std::string begin("\x00\x01\x00\x00\x00\x00\x00\x00", 8);
  std::string params = Pair("REQUEST_METHOD", method) + Pair("DOCUMENT_URI", path) +
                       Pair("REQUEST_URI", path) + Pair("REMOTE_ADDR", "127.0.0.1") +
                       Pair("CONTENT_LENGTH", std::to_string(body_size)) +
                       Pair("CONTENT_TYPE", "application/json");
  return Record(kBeginRequest, begin) + Record(kParams, params) + Record(kParams, "");
}

std::string RequestBody(const std::string& body) {
  return (body.empty() ? "" : Record(kStdin, body)) + Record(kStdin, "");
}

bool SendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Reads records until END_REQUEST or EOF (5 s at most); returns the STDOUT content and
// sets `ended` when END_REQUEST came.
std::string ReadResponse(int fd, bool& ended) {
  ended = false;
  std::string in, out;
  char buf[4096];
  int64_t deadline = MonotonicMillis() + 5000;
  for (;;) {
    while (in.size() >= 8) {
      size_t length = (static_cast<unsigned char>(in[4]) << 8) | static_cast<unsigned char>(in[5]);
      size_t total = 8 + length + static_cast<unsigned char>(in[6]);
      if (in.size() < total) break;
      unsigned char type = static_cast<unsigned char>(in[1]);
      if (type == kStdout) out.append(in, 8, length);
      in.erase(0, total);
      if (type == kEndRequest) {
        ended = true;
        return out;
      }
    }
    pollfd p{fd, POLLIN, 0};
    int left = static_cast<int>(deadline - MonotonicMillis());
    if (left <= 0 || poll(&p, 1, left) <= 0) return out;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return out;
    in.append(buf, static_cast<size_t>(n));
  }
}

class WorkerSignals : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(test::TestDatabaseUrl().empty()) << "DATABASE_URL must be set";
    char dir[] = "/tmp/keel-worker-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/worker.sock";
    auto socket = ListenSocket::Bind("unix:" + path_, "", 16);
    ASSERT_TRUE(socket.ok()) << socket.status().message();
    socket_.emplace(std::move(socket).value());
    config_.database_url = test::TestDatabaseUrl();
    config_.jwt_secret = "worker-signals-test-secret-0123456789abcdef";
    BeforeFork();
    pid_ = fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives a test process that failed hard
      _exit(RunChild());
    }
  }

  // Hooks for fixtures that start the worker differently.
  virtual void BeforeFork() {}
  virtual int RunChild() { return RunWorker(socket_->fd(), config_); }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    socket_.reset();
    rmdir(dir_.c_str());
  }

  int Connect() {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      return -1;
    }
    return fd;
  }

  // True once the worker has taken every connection off the listening socket's queue
  // (the test holds the same socket: readable means a connection is still waiting).
  bool WaitUntilAccepted() {
    for (int64_t deadline = MonotonicMillis() + 5000; MonotonicMillis() < deadline;) {
      pollfd p{socket_->fd(), POLLIN, 0};
      if (poll(&p, 1, 0) == 0) {
        usleep(100 * 1000);  // and is blocked reading from it
        return true;
      }
      usleep(2000);
    }
    return false;
  }

  // Sends `bytes` on `fd`, reads the answer and closes `fd`; `ended`: END_REQUEST came.
  static std::string Exchange(int fd, const std::string& bytes, bool& ended) {
    ended = false;
    std::string out = SendAll(fd, bytes) ? ReadResponse(fd, ended) : "(send failed)";
    close(fd);
    return out;
  }

  // Once the worker has accepted `fd` and is blocked reading it, sends the worker
  // `signal`, then the `rest` of the request, and returns the answer.
  std::string SignalMidRequest(int fd, int signal, const std::string& rest, bool& ended) {
    ended = false;
    if (!WaitUntilAccepted() || kill(pid_, signal) != 0) {
      close(fd);
      return "(the worker did not accept the connection)";
    }
    usleep(100 * 1000);
    return Exchange(fd, rest, ended);
  }

  // The worker's exit status, or -1 if it is still running after `ms`.
  int ExitStatusWithin(int ms) {
    for (int64_t deadline = MonotonicMillis() + ms; MonotonicMillis() < deadline;) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      usleep(5000);
    }
    return -1;
  }

  std::string dir_, path_;
  std::optional<ListenSocket> socket_;
  Config config_;
  pid_t pid_ = -1;
};

TEST_F(WorkerSignals, SigtermRightAfterAcceptStillAnswersThatConnection) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  bool ended = false;  // the signal comes while the worker waits for our first byte
  std::string out =
      SignalMidRequest(fd, SIGTERM, RequestHead("GET", "/health", 0) + RequestBody(""), ended);
  EXPECT_TRUE(ended) << "connection closed without an answer; got: " << out;
  EXPECT_NE(out.find("Status: 200"), std::string::npos) << out;
  EXPECT_NE(out.find("\"status\":\"ok\""), std::string::npos) << out;
  EXPECT_EQ(ExitStatusWithin(2000), 0) << "the worker stops once it has answered";
}

TEST_F(WorkerSignals, SigtermHalfwayThroughTheBodyStillAnswers) {
  // Only the whole body names the field at fault (a cut one: "shorter than Content-Length").
  const std::string body = R"({"email":"signals@example.com","password":"x"})";
  int fd = Connect();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, RequestHead("POST", "/api/v1/auth/register", body.size()) +
                              Record(kStdin, body.substr(0, 10))));
  bool ended = false;  // the signal comes while the worker waits for the rest of the body
  std::string out = SignalMidRequest(fd, SIGTERM, RequestBody(body.substr(10)), ended);
  EXPECT_TRUE(ended) << "connection closed without an answer; got: " << out;
  EXPECT_NE(out.find("Status: 400"), std::string::npos) << out;
  EXPECT_NE(out.find("VALIDATION_ERROR"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("field":"password")"), std::string::npos) << out;
  EXPECT_EQ(ExitStatusWithin(2000), 0);
}

TEST_F(WorkerSignals, SigusrTwoWhileReadingStillAnswers) {
  int fd = Connect();
  ASSERT_GE(fd, 0);
  bool ended = false;  // drain: answer what is there, then stop
  std::string out =
      SignalMidRequest(fd, SIGUSR2, RequestHead("GET", "/health", 0) + RequestBody(""), ended);
  EXPECT_TRUE(ended) << out;
  EXPECT_NE(out.find("Status: 200"), std::string::npos) << out;
  EXPECT_EQ(ExitStatusWithin(2000), 0);
}

TEST_F(WorkerSignals, SigtermWhileIdleStopsTheWorkerAtOnce) {
  // Served one request first, so the signal finds the worker back in its wait.
  int fd = Connect();
  ASSERT_GE(fd, 0);
  bool ended = false;
  Exchange(fd, RequestHead("GET", "/health", 0) + RequestBody(""), ended);
  ASSERT_TRUE(ended);
  usleep(100 * 1000);
  int64_t t0 = MonotonicMillis();
  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  EXPECT_EQ(ExitStatusWithin(1000), 0);
  EXPECT_LT(MonotonicMillis() - t0, 1000);
}

TEST_F(WorkerSignals, AnIdleWorkerServesAgainAfterAConnectionWasTakenElsewhere) {
  // The test process accepts one connection itself, as a second worker would: the worker
  // woken for it finds nothing (EAGAIN on its non-blocking accept) and must go back to
  // waiting, then serve the next connection normally.
  int stolen_client = Connect();
  ASSERT_GE(stolen_client, 0);
  int stolen = accept(socket_->fd(), nullptr, nullptr);
  bool ended = false;
  if (stolen < 0) {
    // The worker was quicker; then it holds the connection and must answer it.
    Exchange(stolen_client, RequestHead("GET", "/health", 0) + RequestBody(""), ended);
    ASSERT_TRUE(ended);
  } else {
    close(stolen);
    close(stolen_client);
  }
  int fd = Connect();
  ASSERT_GE(fd, 0);
  std::string out = Exchange(fd, RequestHead("GET", "/health", 0) + RequestBody(""), ended);
  EXPECT_TRUE(ended) << out;
  EXPECT_NE(out.find("Status: 200"), std::string::npos) << out;
  EXPECT_EQ(ExitStatusWithin(100), -1) << "the worker is still running";
}

// A worker an outside manager started (spawn-fcgi, mod_fcgid) with KEEL_MAX_REQUESTS=1
// given: three connections are queued before it starts; at its limit it serves the two
// still queued, then exits 0.
class InheritedWorkerAtLimit : public WorkerSignals {
 protected:
  void BeforeFork() override {
    config_.max_requests = 1;
    config_.max_requests_given = true;
    for (int& fd : queued_) {
      fd = Connect();
      ASSERT_GE(fd, 0);
      ASSERT_TRUE(SendAll(fd, RequestHead("GET", "/health", 0) + RequestBody("")));
    }
  }
  int RunChild() override {
    return RunWorker(socket_->fd(), config_, FreedMemory::kDefault, AtLimit::kServeQueued);
  }
  int queued_[3] = {-1, -1, -1};
};

TEST_F(InheritedWorkerAtLimit, ServesWhatIsQueuedBeforeExiting) {
  for (int fd : queued_) {
    bool ended = false;
    std::string out = ReadResponse(fd, ended);
    close(fd);
    EXPECT_TRUE(ended) << out;
    EXPECT_NE(out.find("Status: 200"), std::string::npos) << out;
  }
  EXPECT_EQ(ExitStatusWithin(5000), 0);
}

}  // namespace
}  // namespace keel::fcgi
