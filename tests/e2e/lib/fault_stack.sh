# Shared by the fault tests (tests/e2e/fault_*.sh, sourced, not run): each fault test
# breaks something on purpose (kills workers, stops PostgreSQL, signals the master), so
# it starts a stack of its own — PostgreSQL + keel (2 workers) + nginx under a temporary
# directory on free loopback ports — instead of the one the other tests share, and stops
# it again on exit. Also: TAP-style ok/not ok lines, millisecond clocks, worker pids, a
# wrk script that counts statuses. Callers set `set -euo pipefail` themselves.
#
#   fs_start [run-stack options...]   start the stack (--workers 2 --auth-pool 0 --fast
#                                     and KEEL_JOB_WORKERS=0 are given: one pool, so
#                                     worker counts are exact; a test of the job queue
#                                     passes --keel-env KEEL_JOB_WORKERS=N, the later line
#                                     wins);
#                                     sets FS_VAR FS_BASE FS_METRICS FS_CA FS_DB_URL
#                                     FS_PG_PORT FS_MASTER FS_LOG FS_SOCK
#   fs_stop                           stop it (also run by the EXIT trap fs_start sets)
#
# BUILD (default build) names the keel build, as for scripts/run-tests. A test that
# needs its own clean-up adds it with fs_on_exit 'COMMAND'; it runs before the stack
# is stopped. KEEL_KEEP_TEST_VAR=1 keeps the directory for a post-mortem.
# shellcheck shell=bash

FS_REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
# shellcheck source=scripts/lib/common.sh
. "$FS_REPO/scripts/lib/common.sh"
export BUILD=${BUILD:-build}

# shellcheck disable=SC2034 # set here, read by the tests that source this file
FS_VAR="" FS_BASE="" FS_METRICS="" FS_CA="" FS_DB_URL="" FS_PG_PORT="" FS_MASTER=""
FS_LOG="" FS_SOCK="" FS_WORK=""
fs_failures=0
fs_exit_hooks=()
fs_started_at=$SECONDS

ok() { echo "ok - $*"; }
not_ok() {
  echo "not ok - $*"
  fs_failures=$((fs_failures + 1))
}
note() { echo "# $*"; }

now_ms() { date +%s%3N; }

# fs_on_exit COMMAND: run COMMAND (with eval) when the test exits, before the stack stops.
fs_on_exit() { fs_exit_hooks+=("$1"); }

fs_cleanup() {
  local rc=$? hook
  trap - EXIT INT TERM
  for hook in ${fs_exit_hooks[@]+"${fs_exit_hooks[@]}"}; do eval "$hook" >/dev/null 2>&1 || true; done
  fs_stop
  if [ -n "$FS_WORK" ]; then rm -rf "$FS_WORK"; fi
  note "run time $((SECONDS - fs_started_at)) s"
  if [ "$rc" -eq 0 ] && [ "$fs_failures" -gt 0 ]; then rc=1; fi
  exit "$rc"
}

# fs_start [run-stack options...]
fs_start() {
  local tls metrics pg t0
  trap fs_cleanup EXIT
  trap 'exit 130' INT TERM
  FS_WORK=$(mktemp -d /tmp/keel-fault-work.XXXXXX)
  # Short path: unix socket paths are limited to 107 bytes.
  FS_VAR=$(mktemp -d /tmp/kf.XXXXXX)
  chmod 755 "$FS_VAR"
  tls=$(free_port)
  metrics=$(free_port "$tls")
  pg=$(free_port "$tls" "$metrics")
  # shellcheck disable=SC2034
  FS_PG_PORT=$pg
  t0=$(now_ms)
  if ! "$FS_REPO/scripts/run-stack" start --var "$FS_VAR" --tls-port "$tls" \
    --metrics-port "$metrics" --pg-port "$pg" --workers 2 --auth-pool 0 --fast \
    --keel-env KEEL_JOB_WORKERS=0 "$@" >"$FS_WORK/start.log" 2>&1; then
    cat "$FS_WORK/start.log" >&2
    not_ok "the fault test's own stack did not start"
    exit 1
  fi
  note "own stack in $FS_VAR started in $(($(now_ms) - t0)) ms"
  FS_BASE=https://localhost:$tls
  FS_METRICS=http://127.0.0.1:$metrics
  FS_CA=$FS_VAR/tls/cert.pem
  FS_DB_URL=$(sed -n 's/^DATABASE_URL=//p' "$FS_VAR/keel.env" | tail -n1)
  FS_MASTER=$(tr -dc '0-9' <"$FS_VAR/run/keel.pid")
  FS_LOG=$FS_VAR/log/keel.log
  # shellcheck disable=SC2034
  FS_SOCK=$FS_VAR/run/keel.sock
  export CURL_CA_BUNDLE=$FS_CA
}

# Sanitizer reports (make test-asan) of this stack's keel count as a failure: the shared
# stack's log is checked by scripts/run-tests, this one is removed here.
fs_check_sanitizers() {
  local hits
  [ -f "$FS_LOG" ] || return 0
  hits=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: ' "$FS_LOG" || true)
  if [ "$hits" -gt 0 ]; then
    grep -nE -A12 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: ' "$FS_LOG" | head -n 60 >&2 || true
    not_ok "keel.log of the fault stack has $hits sanitizer report line(s)"
  fi
}

fs_stop() {
  [ -n "$FS_VAR" ] && [ -d "$FS_VAR" ] || return 0
  "$FS_REPO/scripts/run-stack" stop --var "$FS_VAR" >/dev/null 2>&1 || true
  fs_check_sanitizers
  if [ "$fs_failures" -gt 0 ] && [ -f "$FS_LOG" ]; then
    say "----- keel.log of the fault stack, without the per-request lines (last 40) -----"
    grep -v '"msg":"request"' "$FS_LOG" | tail -n 40 >&2 || true
    log_tail "$FS_VAR/nginx/error.log" 20
    log_tail "$FS_VAR/pg/log/postgres.log" 20
  fi
  if [ "${KEEL_KEEP_TEST_VAR:-0}" = 1 ]; then
    say "fault test: kept $FS_VAR (KEEL_KEEP_TEST_VAR=1)"
  else
    rm -rf "$FS_VAR"
  fi
  FS_VAR=""
}

# fs_workers: the pids of the master's children (the workers), one a line, sorted as text
# (the order comm(1) needs: numeric order breaks it once pids cross a power of ten).
# Read from /proc so it works while no worker is there to answer /status.
fs_workers() {
  local line=""
  read -r line <"/proc/$FS_MASTER/task/$FS_MASTER/children" 2>/dev/null || true
  tr ' ' '\n' <<<"$line" | grep -E '^[0-9]+$' | LC_ALL=C sort || true
}

# fs_status_pids: the worker pids /status (the metrics listener) reports, sorted as text.
fs_status_pids() {
  curl -sS --max-time 2 "$FS_METRICS/status" 2>/dev/null | jq -r '.workers[].pid' 2>/dev/null | LC_ALL=C sort || true
}

# fs_metric NAME: a counter from /metrics (0 when absent).
fs_metric() {
  local v
  v=$(curl -sS --max-time 2 "$FS_METRICS/metrics" 2>/dev/null | awk -v n="$1" '$1 == n {print $2}' | tail -n1)
  echo "${v:-0}"
}

# fs_register EMAIL PASSWORD: POST auth/register; prints the HTTP status, body to $FS_WORK/last.json.
fs_register() {
  curl -sS --max-time 10 -o "$FS_WORK/last.json" -w '%{http_code}' \
    -H 'Content-Type: application/json' \
    --data "{\"email\":\"$1\",\"password\":\"$2\"}" "$FS_BASE/api/v1/auth/register" 2>/dev/null || true
}

# fs_get_n N URL [CURL ARGS...]: N requests to URL one after another on one connection;
# prints each status on a line (000 for a request that got no answer).
fs_get_n() {
  local n=$1 url=$2 i args=()
  shift 2
  for ((i = 0; i < n; i++)); do args+=(-o /dev/null "$url"); done
  curl -sS --max-time 60 -w '%{http_code}\n' "$@" "${args[@]}" 2>/dev/null || true
}

# fs_psql SQL: run SQL against the stack's database (tab-separated, unaligned, no header).
fs_psql() {
  psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 "$FS_DB_URL" -c "$1"
}

# fs_pg_start_and_wait WHAT: starts the stack's PostgreSQL again after a stop and waits
# for it. Sets FS_T_READY (now_ms when pg_isready first succeeded; empty if not within
# 30 s) and FS_T_HEALTH (when /health first answered 200 after that; empty if not within
# 10 s). A failed start is reported as not ok, naming WHAT.
fs_pg_start_and_wait() {
  local what=$1 pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin} start_pid i c
  "$FS_REPO/scripts/pg-cluster" start "$FS_VAR/pg" "$FS_PG_PORT" --fast >/dev/null 2>"$FS_WORK/pg-start.err" &
  start_pid=$!
  FS_T_READY="" FS_T_HEALTH=""
  for ((i = 0; i < 1500; i++)); do
    if "$pg_bin/pg_isready" -q -h "$FS_VAR/pg/run" -p "$FS_PG_PORT"; then
      FS_T_READY=$(now_ms)
      break
    fi
    sleep 0.02
  done
  for ((i = 0; i < 200 && ${#FS_T_READY} > 0; i++)); do
    c=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$FS_BASE/health" 2>/dev/null || true)
    if [ "$c" = 200 ]; then
      FS_T_HEALTH=$(now_ms)
      break
    fi
    sleep 0.05
  done
  wait "$start_pid" || not_ok "scripts/pg-cluster start $what failed: $(cat "$FS_WORK/pg-start.err")"
}

# fs_lock_users: holds an ACCESS EXCLUSIVE lock on users from a session of its own (for up
# to 40 s; fs_release_users or the exit ends it), so that whatever touches users waits.
# Returns 1 if the lock was not granted within 5 s.
fs_lock_users() {
  local i n
  PGAPPNAME=keel-fault-lock psql -X -q "$FS_DB_URL" \
    -c "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(40); COMMIT;" \
    >/dev/null 2>&1 &
  FS_LOCK_PID=$!
  fs_on_exit "fs_release_users"
  for ((i = 0; i < 100; i++)); do
    n=$(fs_psql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                 WHERE c.relname = 'users' AND l.mode = 'AccessExclusiveLock' AND l.granted" 2>/dev/null || echo 0)
    [ "$n" = 1 ] && return 0
    sleep 0.05
  done
  return 1
}

# fs_release_users: ends the session fs_lock_users started (idempotent).
fs_release_users() {
  fs_psql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'keel-fault-lock'" >/dev/null 2>&1 || true
  if [ -n "${FS_LOCK_PID:-}" ]; then
    kill "$FS_LOCK_PID" 2>/dev/null || true
    wait "$FS_LOCK_PID" 2>/dev/null || true
    FS_LOCK_PID=""
  fi
}

# fs_wrk_script: writes (once) a wrk Lua script that counts responses by status and, with
# KEEL_WRK_BODY_MARK set, how many non-2xx bodies lack that text (with KEEL_WRK_PATHS,
# several paths in turn); its done() prints
#   statuses 200=N 503=M ...
#   non2xx_without_mark N
#   p50_ms X p99_ms Y max_ms Z requests N errors connect/read/write/status/timeout
# Prints the script's path.
fs_wrk_script() {
  local f=$FS_WORK/count.lua
  if [ ! -f "$f" ]; then
    cat >"$f" <<'EOF'
-- Counts statuses per thread; done() sums the threads (wrk's setup/thread pattern).
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
  unmarked = 0
  mark = os.getenv("KEEL_WRK_BODY_MARK")
  auth = os.getenv("KEEL_WRK_AUTH")
  if auth and auth ~= "" then wrk.headers["Authorization"] = "Bearer " .. auth end
end
-- KEEL_WRK_PATHS="/a /b": the requests take these paths in turn (else the URL's path).
if os.getenv("KEEL_WRK_PATHS") then
  local paths, turn = {}, 0
  for p in string.gmatch(os.getenv("KEEL_WRK_PATHS"), "%S+") do table.insert(paths, p) end
  function request()
    turn = turn % #paths + 1
    return wrk.format(nil, paths[turn])
  end
end
function response(status, headers, body)
  local k = tostring(status)
  statuses[k] = (statuses[k] or 0) + 1
  if mark and mark ~= "" and status >= 300 and not string.find(body or "", mark, 1, true) then
    unmarked = unmarked + 1
  end
end
function done(summary, latency, requests)
  local total = {}
  local unmarked_total = 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
    unmarked_total = unmarked_total + t:get("unmarked")
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write("statuses " .. table.concat(parts, " ") .. "\n")
  io.write("non2xx_without_mark " .. unmarked_total .. "\n")
  local e = summary.errors
  io.write(string.format("p50_ms %.2f p99_ms %.2f max_ms %.2f requests %d errors %d/%d/%d/%d/%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout))
end
EOF
  fi
  echo "$f"
}

# wrk_status FILE CODE: how many responses with CODE the wrk output FILE counted.
wrk_status() {
  awk -v c="$2" '/^statuses /{for (i = 2; i <= NF; i++) {split($i, a, "="); if (a[1] == c) n += a[2]}}
    END {print n + 0}' "$1"
}
# wrk_non200 FILE: responses other than 200.
wrk_non200() {
  awk '/^statuses /{for (i = 2; i <= NF; i++) {split($i, a, "="); if (a[1] != "200") n += a[2]}}
    END {print n + 0}' "$1"
}
# wrk_field FILE NAME: a value from the "p50_ms ..." line (p50_ms, p99_ms, max_ms, requests).
wrk_field() {
  awk -v n="$2" '/^p50_ms /{for (i = 1; i < NF; i++) if ($i == n) print $(i + 1)}' "$1"
}
# wrk_socket_errors FILE: connect+read+write+timeout errors (wrk's "status" errors are the
# non-2xx responses, which the statuses line counts instead).
wrk_socket_errors() {
  awk '/^p50_ms /{split($NF, e, "/"); print e[1] + e[2] + e[3] + e[5]}' "$1"
}
# wrk_timeouts FILE: requests wrk gave up on after its --timeout.
wrk_timeouts() {
  awk '/^p50_ms /{split($NF, e, "/"); print e[5] + 0}' "$1"
}

# fs_finish: the last line of a test: exit status from the ok/not ok lines.
fs_finish() {
  if [ "$fs_failures" -gt 0 ]; then exit 1; fi
  exit 0
}
