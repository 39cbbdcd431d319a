# Shared helpers for keel's operational scripts (sourced, not run): logging, "run as an
# unprivileged user", path traversability for that user, free loopback ports, waiting.
# Callers set `set -euo pipefail` themselves; nothing here changes shell options.
# shellcheck shell=bash

KEEL_REPO=${KEEL_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# build_dir: the absolute path of the build directory $BUILD (default "build"; relative
# to the repository unless absolute), where keel and the test binaries are.
build_dir() {
  local b=${BUILD:-build}
  case "$b" in /*) echo "$b" ;; *) echo "$KEEL_REPO/$b" ;; esac
}

# keel_default BIN KEY: keel's default for configuration KEY, from its own table
# (`keel config-table`), so that no script repeats it.
keel_default() {
  "$1" config-table | awk -F'|' -v k="\`$2\`" '{gsub(/ /, "", $2)} $2 == k {gsub(/[ `]/, "", $3); print $3}'
}

# Messages go to stderr so that stdout stays free for values a caller captures.
say() { printf '%s\n' "$*" >&2; }
die() {
  printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2
  exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }

# as_user USER CMD...: run CMD as USER when we are root (and USER is not root), else as
# ourselves. The working directory becomes / so that a cwd the user cannot enter (e.g.
# under /root) does not make PostgreSQL's tools complain.
as_user() {
  local user=$1
  shift
  if is_root && [ "$user" != root ]; then
    (cd / && runuser -u "$user" -- "$@")
  else
    "$@"
  fi
}

# ensure_traversable USER PATH: make sure USER can reach PATH (search permission on every
# ancestor directory). Running as root with the repository under a 0700 home directory is
# the usual way this fails; we then add o+x (search only, never read) to the ancestors that
# need it and say so, rather than leave PostgreSQL or nginx workers unable to start.
ensure_traversable() {
  local user=$1 path dir
  path=$(readlink -f "$2")
  is_root || return 0
  [ "$user" = root ] && return 0
  dir=$(dirname "$path")
  while :; do
    if ! runuser -u "$user" -- test -x "$dir" 2>/dev/null; then
      say "note: adding o+x to $dir so that user $user can reach $path"
      chmod o+x "$dir"
    fi
    [ "$dir" = / ] && break
    dir=$(dirname "$dir")
  done
}

# port_in_use PORT: something listens on TCP PORT (any address). Only a listener counts:
# a connection the server closed leaves a TIME-WAIT socket on the port for up to 60 s,
# and nginx, PostgreSQL and keel bind with SO_REUSEADDR, which such a socket never stops.
port_in_use() {
  [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
}

# port_unused PORT: no TCP socket at all has PORT as its local end. Stricter than
# port_in_use, for choosing a port: one seen in any state is simply passed over.
port_unused() {
  [ -z "$(ss -Htan "sport = :$1" 2>/dev/null)" ]
}

# free_port [EXCLUDED...]: print a TCP port that no socket uses, avoiding EXCLUDED.
# Racy by nature (someone may take it before we bind) but good enough for a test run.
# Chosen below the kernel's ephemeral range (ip_local_port_range, 32768- by default):
# a port in that range may become the local end of any outgoing connection (wrk, curl,
# nginx) between the check and the bind, and then a server cannot listen on it.
free_port() {
  local p tries=0 ex low=32768
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  [ "$low" -gt 12000 ] || low=32768
  while [ $tries -lt 200 ]; do
    p=$((10000 + RANDOM % (low - 10000)))
    tries=$((tries + 1))
    for ex in "$@"; do [ "$p" = "$ex" ] && continue 2; done
    port_unused "$p" || continue
    echo "$p"
    return 0
  done
  die "no free port found"
}

# wait_for SECONDS DESCRIPTION CMD...: poll CMD every 0.2 s until it succeeds.
wait_for() {
  local secs=$1 what=$2 i
  shift 2
  for ((i = 0; i < secs * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  say "timed out after ${secs}s waiting for $what"
  return 1
}

# pid_alive PIDFILE: the process named in PIDFILE exists.
pid_alive() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(head -n1 "$1" 2>/dev/null | tr -dc '0-9')
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# log_tail FILE [LINES]: print the end of a log file with a header, if it exists.
log_tail() {
  local f=$1 n=${2:-40}
  if [ -s "$f" ]; then
    say "----- last $n lines of $f -----"
    tail -n "$n" "$f" >&2 || true
    say "-----"
  fi
}

# check_plain_path PATH: refuse paths that would break KEY=VALUE files, nginx configs or
# libpq URIs (whitespace, quotes, ;, #, ?, & and the like): letters, digits and ._/+@:=,~-
# only.
check_plain_path() {
  [[ "$1" =~ ^[A-Za-z0-9._/+@:=,~-]+$ ]] ||
    die "path '$1' contains characters keel's configs cannot carry; use a plain path"
}
