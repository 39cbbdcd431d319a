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

#include "app/config.h"

namespace keel::fcgi {

// What a worker does with the memory its requests free.
enum class FreedMemory {
  kDefault,  // glibc's own policy
  // Keep it for the next request while connections are waiting; hand it back to the
  // kernel once the queue is empty. For the sign-in pool: each Argon2 hash allocates
  // its whole working memory (46 MiB by default), which glibc would map and unmap per
  // hash, the kernel faulting in and zeroing ~12,000 fresh pages every time. During a
  // login storm that was 13% of the machine in system time; kept, 2%, and 25% more
  // sign-ins per second. An idle sign-in worker is back to its usual size.
  kKeepWhileBusy,
};

// Serves requests on `listen_fd` until told to stop or `config.max_requests` have
// been served. Returns the process exit code (0 = orderly).
int RunWorker(int listen_fd, const Config& config, FreedMemory freed = FreedMemory::kDefault);

}  // namespace keel::fcgi
