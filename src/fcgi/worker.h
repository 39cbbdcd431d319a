// Worker: the FastCGI accept loop of one worker process, the only code that talks
// to libfcgi's request API (fcgi2's FCGX_InitRequest → FCGX_Accept_r → FCGX_Finish_r).
//
// One request at a time: read the parameters and exactly CONTENT_LENGTH bytes of
// body (refusing more than KEEL_MAX_BODY_BYTES with 413 without reading it), let the
// App handle it, and write the buffered response in one piece.
//
// Signals: SIGTERM = finish the current request and exit; SIGUSR2 = keep serving
// while connections are already waiting (drain the backlog, at most 25 s), then exit.
// Both interrupt a blocked accept() (FCGI_FAIL_ACCEPT_ON_INTR, no SA_RESTART).
#pragma once

#include "app/config.h"

namespace keel::fcgi {

// Serves requests on `listen_fd` until told to stop or `config.max_requests` have
// been served. Returns the process exit code (0 = orderly).
int RunWorker(int listen_fd, const Config& config);

}  // namespace keel::fcgi
