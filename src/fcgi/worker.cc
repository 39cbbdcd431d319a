// The worker's accept loop.
#include "fcgi/worker.h"

#include <fcgiapp.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "base/clock.h"
#include "base/log.h"
#include "db/connection.h"
#include "db/read_replica.h"
#include "fcgi/cgi_params.h"
#include "fcgi/connection_waiter.h"
#include "http/error_response.h"
#include "metrics/scoreboard.h"

namespace keel::fcgi {
namespace {

constexpr int64_t kDrainCapMs = 25000;

volatile sig_atomic_t g_stop = 0;   // SIGTERM: stop after the current request
volatile sig_atomic_t g_drain = 0;  // SIGUSR2: serve what is already queued, then stop

void OnStop(int) { g_stop = 1; }
void OnDrain(int) {
  g_stop = 1;
  g_drain = 1;
}

// Installs the stop handlers and blocks the stop signals: they are delivered only
// while the worker waits for a connection (ConnectionWaiter). Returns the mask to wait
// with: the caller's own, without the stop signals.
sigset_t InstallSignals() {
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the wait returns EINTR and the loop looks at g_stop
  sa.sa_handler = OnStop;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  sa.sa_handler = OnDrain;
  sigaction(SIGUSR2, &sa, nullptr);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  constexpr int kStopSignals[] = {SIGTERM, SIGINT, SIGUSR2};
  sigset_t stop;
  sigemptyset(&stop);
  for (int sig : kStopSignals) sigaddset(&stop, sig);
  sigset_t wait_mask;
  sigprocmask(SIG_BLOCK, &stop, &wait_mask);
  for (int sig : kStopSignals) sigdelset(&wait_mask, sig);
  return wait_mask;
}

bool ConnectionWaiting(int listen_fd) {
  pollfd p{listen_fd, POLLIN, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

// Reads exactly `length` bytes of body; false if the client sent fewer.
bool ReadBody(FCGX_Stream* in, int64_t length, std::string& body) {
  body.resize(static_cast<size_t>(length));
  int64_t got = 0;
  while (got < length) {
    int n = FCGX_GetStr(body.data() + got, static_cast<int>(length - got), in);
    if (n <= 0) break;
    got += n;
  }
  body.resize(static_cast<size_t>(got));
  return got == length;
}

// Whether the web server's whole request has been read: the body (when `body_read`)
// and the empty FCGI_STDIN record after it. libfcgi's close shuts the socket down and
// then waits (up to 2 s) for the server to close its end, so that input still unread
// never turns into a reset that cuts the answer short; with nothing left unread there is
// nothing to reset, and a worker that skips the wait is back at the queue at once.
bool InputReadToEnd(FCGX_Stream* in, bool body_read) {
  if (!body_read) return false;
  return FCGX_HasSeenEOF(in) == EOF || FCGX_GetChar(in) == EOF;
}

// The body of a streamed route, read from libfcgi's stream as the handler asks for it.
class FcgiBodyReader : public http::BodyReader {
 public:
  FcgiBodyReader(FCGX_Stream* in, int64_t length) : in_(in), left_(length) {}
  size_t Read(char* buffer, size_t n) override {
    int want = static_cast<int>(std::min<int64_t>({static_cast<int64_t>(n), left_, 1 << 20}));
    if (want <= 0) return 0;
    int got = FCGX_GetStr(buffer, want, in_);
    if (got <= 0) return 0;
    left_ -= got;
    return static_cast<size_t>(got);
  }
  bool complete() const override { return left_ == 0; }
  // Reads and drops what the handler left unread (a refusal before the end of an
  // upload), so nginx, still sending the body, is never cut off mid-request.
  void Drain() {
    char sink[16384];
    while (Read(sink, sizeof sink) > 0) {
    }
  }

 private:
  FCGX_Stream* in_;
  int64_t left_;
};

// `head` is the worker's buffer for the response head, kept from one answer to the next.
void WriteResponse(FCGX_Stream* out, const http::Response& response, bool head_only,
                   std::string& head) {
  FormatResponseHead(response, head);
  FCGX_PutStr(head.data(), static_cast<int>(head.size()), out);
  std::string_view body = response.body();
  if (!head_only && !body.empty()) {
    FCGX_PutStr(body.data(), static_cast<int>(body.size()), out);
  }
}

}  // namespace

int RunWorker(int listen_fd, const Config& config, FreedMemory freed, AtLimit at_limit) {
  const sigset_t wait_mask = InstallSignals();
  auto waiter = ConnectionWaiter::Create(listen_fd, wait_mask);
  if (!waiter.ok()) {
    log::Error("cannot wait for connections", {{"detail", waiter.status().message()}});
    return 1;
  }
  const bool keep_while_busy = freed == FreedMemory::kKeepWhileBusy;
  if (keep_while_busy) {
    mallopt(M_MMAP_MAX, 0);              // every block from the heap, none mapped apart
    mallopt(M_TRIM_THRESHOLD, 1 << 30);  // the heap's top is returned by malloc_trim only
  }
  if (FCGX_Init() != 0) {
    log::Error("FCGX_Init failed");
    return 1;
  }
  db::Connection db(db::ConnectionOptions{
      .url = config.database_url,
      .statement_timeout_ms = config.statement_timeout_ms,
      .lock_timeout_ms = config.lock_timeout_ms,
      .idle_in_transaction_timeout_ms = config.idle_in_transaction_timeout_ms,
      .prepared = config.db_prepared,
  });
  if (Status s = db.Connect(); !s.ok()) {
    log::Warn("database not reachable at worker start; will retry per request");
  }
  // The read-heavy routes' replica: its connection is opened on first use.
  std::optional<db::ReadReplica> replica;
  if (!config.database_read_url.empty()) {
    replica.emplace(
        db::ConnectionOptions{
            .url = config.database_read_url,
            .statement_timeout_ms = config.statement_timeout_ms,
            .lock_timeout_ms = config.lock_timeout_ms,
            .idle_in_transaction_timeout_ms = config.idle_in_transaction_timeout_ms,
            .prepared = config.db_prepared,
        },
        config.replica_max_lag_ms);
    db::SetReadReplica(&*replica);
  }
  App app(config, db);

  FCGX_Request request;
  if (FCGX_InitRequest(&request, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
    log::Error("FCGX_InitRequest failed");
    return 1;
  }
  metrics::WorkerSlot* slot = metrics::CurrentWorkerSlot();
  if (slot != nullptr) {
    slot->state.store(static_cast<int32_t>(metrics::WorkerState::kIdle));
  }

  http::Request req;
  http::Response res;
  std::string response_head;  // reused: one allocation for the life of the worker
  int64_t served = 0;
  int64_t drain_deadline = 0;
  for (;;) {
    if (config.max_requests != 0 && served >= config.max_requests && !g_drain) {
      if (at_limit == AtLimit::kExit) break;
      g_stop = 1;
      g_drain = 1;
    }
    if (g_stop) {
      if (!g_drain) break;
      // The master unlinks the socket first, so the queue only shrinks; the cap stays
      // below the master's grace period (kShutdownGraceMs, 30 s). At the request limit
      // under an outside manager the queue may keep filling: the cap ends it too.
      if (drain_deadline == 0) drain_deadline = MonotonicMillis() + kDrainCapMs;
      if (MonotonicMillis() > drain_deadline || !ConnectionWaiting(listen_fd)) break;
    } else {
      auto woken = waiter->Wait();
      if (!woken.ok()) {
        log::Error("waiting for connections failed", {{"detail", woken.status().message()}});
        break;
      }
      if (*woken == ConnectionWaiter::Woken::kSignal) continue;
    }
    if (slot != nullptr) metrics::Scoreboard::SetReading(*slot);
    if (FCGX_Accept_r(&request) < 0) {
      if (slot != nullptr) metrics::Scoreboard::SetIdleUnserved(*slot);
      // EAGAIN: another worker took the connection (the socket is non-blocking).
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      log::Error("accept failed", {{"errno", errno}});
      break;
    }
    res.Reset();
    // Every field of `req` is set anew (the last request's headers are gone); its strings
    // keep their capacity: an access token is not allocated again for every request.
    int64_t length = ReadRequestHead(request.envp, req);
    const bool streamed = length > 0 && app.StreamsBody(req);
    const int64_t max_length =
        streamed ? config.max_upload_bytes + kUploadEnvelopeBytes : config.max_body_bytes;
    bool body_read = true;
    if (length < 0 || length > max_length) {
      body_read = false;
      Status s = length < 0 ? Status::BadRequest("invalid Content-Length")
                            : Status::Error(ErrorCode::kPayloadTooLarge, "request body too large");
      app.RejectEarly(req, s, res);
    } else if (streamed) {
      FcgiBodyReader body(request.in, length);
      req.body_stream = &body;
      app.Handle(req, res);
      req.body_stream = nullptr;
      body.Drain();
    } else if (!ReadBody(request.in, length, req.body)) {
      app.RejectEarly(req, Status::BadRequest("request body shorter than Content-Length"), res);
    } else {
      app.Handle(req, res);
    }
    WriteResponse(request.out, res, req.method == http::Method::kHead, response_head);
    // Detached, FCGX_Finish_r closes the connection without libfcgi's shutdown-and-wait.
    if (InputReadToEnd(request.in, body_read)) FCGX_Detach(&request);
    FCGX_Finish_r(&request);
    if (slot != nullptr) metrics::Scoreboard::SetIdle(*slot);
    ++served;
    if (keep_while_busy && !ConnectionWaiting(listen_fd)) malloc_trim(0);
  }
  FCGX_Free(&request, 0);
  return 0;
}

int RunInheritedWorker(const Config& config) {
  Config worker_config = config;
  if (!config.max_requests_given) worker_config.max_requests = 0;
  return RunWorker(0, worker_config, FreedMemory::kDefault, AtLimit::kServeQueued);
}

}  // namespace keel::fcgi
