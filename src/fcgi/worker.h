// Worker: the FastCGI accept loop of one worker process, the only code that talks
// to libfcgi's request API (fcgi2's FCGX_InitRequest → FCGX_Accept_r → FCGX_Finish_r).
//
// One request at a time: read the parameters and exactly CONTENT_LENGTH bytes of
// body (refusing more than KEEL_MAX_BODY_BYTES with 413 without reading it), let the
// App handle it, and write the buffered response in one piece.
//
// Signals: SIGTERM = finish the current request and exit; SIGUSR2 = keep serving
// while connections are already waiting (drain the backlog, at most 25 s), then exit.
// Both are held back while a request is served and act once it is answered (see
// ConnectionWaiter: libfcgi's I/O does not survive being interrupted).
#pragma once

#include "config/config.h"

namespace keel::fcgi {

// What a worker does with the memory its requests free.
enum class FreedMemory {
  kDefault,  // glibc's own policy
  // Keep it for the next request while connections are waiting; hand it back to the
  // kernel once the queue is empty. For the sign-in pool: each Argon2 hash allocates
  // its whole working memory (19 MiB by default), which glibc would map and unmap per
  // hash, the kernel faulting in and zeroing ~12,000 fresh pages every time. During a
  // login storm that was 13% of the machine in system time; kept, 2%, and 25% more
  // sign-ins per second. An idle sign-in worker is back to its usual size.
  kKeepWhileBusy,
};

// What a worker does once it has served `config.max_requests`.
enum class AtLimit {
  kExit,  // exit at once: keel's master forks the next worker on the shared socket
  // Serve the connections already queued on the socket first (at most 25 s), then exit:
  // no outside manager serves a connection left in the queue of an exiting process.
  kServeQueued,
};

// Serves requests on `listen_fd` until told to stop or `config.max_requests` have
// been served. Returns the process exit code (0 = orderly).
int RunWorker(int listen_fd, const Config& config, FreedMemory freed = FreedMemory::kDefault,
              AtLimit at_limit = AtLimit::kExit);

// One worker on the socket an outside manager passed as fd 0 (spawn-fcgi, mod_fcgid,
// lighttpd's bin-path). The manager owns the pool, so recycling is off unless
// KEEL_MAX_REQUESTS is given: spawn-fcgi never starts a new worker, and mod_fcgid and
// lighttpd lose the connections queued on an exiting worker's own socket. mod_fcgid
// recycles by itself, between requests (FcgidMaxRequestsPerProcess). With
// KEEL_MAX_REQUESTS given, the worker serves what is queued before it exits.
int RunInheritedWorker(const Config& config);

}  // namespace keel::fcgi
