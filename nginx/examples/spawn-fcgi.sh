#!/usr/bin/env bash
# Example: run keel under spawn-fcgi instead of its own master (`keel serve`), for hosts
# whose tooling expects an external FastCGI process manager. spawn-fcgi opens the socket
# and starts keel with the listening socket on fd 0; keel then behaves as one worker.
#
# Prefer `keel serve` (nginx/examples/keel.service) where you can: spawn-fcgi starts the
# processes once and does not respawn them, so a worker that crashes is gone for good
# (keel does not recycle itself here unless KEEL_MAX_REQUESTS is set), and /metrics then
# only sees that one worker's counters. Put this script under a supervisor (systemd
# Restart=, runit, multiwatch) or use mod_fcgid/php-fpm-style managers that respawn.
# spawn-fcgi points stderr at /dev/null: set KEEL_LOG_DEST (file:PATH or syslog).
# docs/deploy/nginx-spawn-fcgi.conf is the nginx side; tests/deploy/classic_hosts.sh runs
# this script with it.
#
#   nginx/examples/spawn-fcgi.sh [start|stop]
# Settings (environment): KEEL_BIN, KEEL_CONFIG, KEEL_SOCKET, KEEL_CHILDREN, KEEL_USER, KEEL_GROUP,
# KEEL_SOCKET_USER (the nginx worker user, who must be able to connect), KEEL_PIDFILE.
set -euo pipefail

KEEL_BIN=${KEEL_BIN:-/usr/local/bin/keel}
KEEL_CONFIG=${KEEL_CONFIG:-/etc/keel/keel.env}
KEEL_SOCKET=${KEEL_SOCKET:-/run/keel/keel.sock}
KEEL_CHILDREN=${KEEL_CHILDREN:-4}
KEEL_USER=${KEEL_USER:-keel}
KEEL_GROUP=${KEEL_GROUP:-$KEEL_USER}
KEEL_SOCKET_USER=${KEEL_SOCKET_USER:-www-data}
KEEL_PIDFILE=${KEEL_PIDFILE:-/run/keel/spawn-fcgi.pids}

case "${1:-start}" in
  start)
    install -d -m 0750 -o "$KEEL_USER" -g "$KEEL_SOCKET_USER" "$(dirname "$KEEL_SOCKET")"
    # -s socket, -M mode, -U/-G socket owner (so nginx can connect), -u/-g the user keel
    # runs as, -F number of worker processes, -P pid file (one pid per line with -F).
    # With no subcommand keel finds the FastCGI socket on fd 0 and serves as one worker.
    exec spawn-fcgi -s "$KEEL_SOCKET" -M 0660 \
      -U "$KEEL_SOCKET_USER" -G "$KEEL_SOCKET_USER" \
      -u "$KEEL_USER" -g "$KEEL_GROUP" \
      -F "$KEEL_CHILDREN" -P "$KEEL_PIDFILE" \
      -- "$KEEL_BIN" --config "$KEEL_CONFIG"
    ;;
  stop)
    # SIGTERM: each worker finishes its current request and exits.
    if [ -f "$KEEL_PIDFILE" ]; then
      while read -r pid || [ -n "$pid" ]; do  # spawn-fcgi writes no final newline
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
      done <"$KEEL_PIDFILE"
      rm -f "$KEEL_PIDFILE"
    fi
    rm -f "$KEEL_SOCKET"
    ;;
  *)
    echo "usage: $0 [start|stop]" >&2
    exit 2
    ;;
esac
