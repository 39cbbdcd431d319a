// Master: `keel serve`, the prefork supervisor (php-fpm's master, in short).
//
// It binds the socket, maps the scoreboard, forks KEEL_WORKERS workers and then
// only supervises; it never handles a request. It
//   - respawns a worker that died: at once after an orderly exit (a recycle after
//     KEEL_MAX_REQUESTS), with a growing back-off after a crash, and with a loud
//     brake when crashes come in a loop (10 in 60 s: one respawn per 5 s), so a
//     broken build can never become a fork storm;
//   - kills a worker whose request is busy past KEEL_REQUEST_TIMEOUT_MS (watchdog);
//   - on SIGHUP replaces workers one at a time (start the new one, then let the old
//     one finish its request and exit), so no request fails;
//   - on SIGTERM/SIGINT removes the unix socket path (no new connections), lets the
//     workers drain what is queued and finish what is in flight, then exits.
#pragma once

#include "config/config.h"

namespace keel::fcgi {

// Runs the pool until SIGTERM. Returns the process exit code.
int RunMaster(const Config& config);

}  // namespace keel::fcgi
