#!/usr/bin/env bash
# Fault test (RELIABILITY test 17 and CONTRACT §2's SIGHUP): signals to the `keel serve`
# master under load, on a stack of its own (2 workers).
#  1. SIGHUP twice during 5 s of wrk on GET /health: 0 failed requests, and afterwards
#     every worker pid has changed.
#  2. SIGTERM with 50 requests in flight: a psql session locks `users`, two registrations
#     block on it (so both workers are busy) and 48 GET auth/me queue behind them on
#     keel's socket (counted with ss, not assumed); then SIGTERM, then the lock is let go.
#     All 50 must complete (2 x 201, 48 x 200, no 502/504), a request sent after the
#     SIGTERM is refused at once (the socket path is gone: nginx's 502 JSON), and the
#     master exits within its 30 s grace period.
# The lock makes "in flight" exact: the requests cannot finish before the signal, and what
# the workers drain afterwards is quick (a worker drains its queue for at most 25 s).
# The lock, statement and watchdog timeouts (2, 5 and 15 s by default; the client-side
# bound on a statement follows the statement timeout) and nginx's fastcgi_read_timeout
# (10 s) are raised so that none of them ends a wait while the 50 are still arriving on a
# slow machine (up to 20 s): only the SIGTERM decides what happens. The two registrations
# are sent one after the other (see below).
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

fs_start --auth-rate 1000r/s --auth-burst 1000 --keel-env KEEL_LOCK_TIMEOUT_MS=30000 \
  --keel-env KEEL_STATEMENT_TIMEOUT_MS=35000 --keel-env KEEL_REQUEST_TIMEOUT_MS=45000 \
  --fastcgi-read-timeout 60s
password="correct horse battery"
prefix="sig-$$-$RANDOM"
code=$(fs_register "$prefix-a@example.com" "$password")
token=$(jq -r '.data.access_token // empty' "$FS_WORK/last.json" 2>/dev/null || true)
if [ "$code" != 201 ] || [ -z "$token" ]; then
  not_ok "register a user (got $code)"
  exit 1
fi

# ---- 1. SIGHUP under load ----------------------------------------------------------------
old=$(fs_status_pids)
wrk -t2 -c4 -d5s --timeout 5s -s "$(fs_wrk_script)" "$FS_BASE/health" >"$FS_WORK/wrk.out" 2>&1 &
wrk_pid=$!
fs_on_exit "kill $wrk_pid"
sleep 1.5
kill -HUP "$FS_MASTER"
sleep 1.5
kill -HUP "$FS_MASTER"
wait "$wrk_pid" || true
# The reload replaces one worker at a time; wait (bounded) until none of the old is left.
new=""
for ((i = 0; i < 50; i++)); do
  new=$(fs_status_pids)
  if [ "$(echo "$new" | grep -c .)" -eq 2 ] && ! comm -12 <(echo "$old") <(echo "$new") | grep -q .; then
    break
  fi
  sleep 0.1
done
total=$(wrk_field "$FS_WORK/wrk.out" requests)
failed=$(($(wrk_non200 "$FS_WORK/wrk.out") + $(wrk_socket_errors "$FS_WORK/wrk.out")))
if [ "${total:-0}" -gt 0 ] && [ "$failed" -eq 0 ]; then
  ok "SIGHUP x2 under load: 0 failed of $total requests (p99 $(wrk_field "$FS_WORK/wrk.out" p99_ms) ms)"
else
  not_ok "SIGHUP x2 under load: $failed failed of ${total:-0} ($(grep '^statuses' "$FS_WORK/wrk.out"))"
fi
kept=$(comm -12 <(echo "$old") <(echo "$new") | grep -c . || true)
if [ "$kept" -eq 0 ] && [ "$(echo "$new" | grep -c .)" -eq 2 ]; then
  ok "SIGHUP replaced every worker: pids $(tr '\n' ' ' <<<"$old")-> $(tr '\n' ' ' <<<"$new")"
else
  not_ok "after SIGHUP: pids $(tr '\n' ' ' <<<"$old")-> $(tr '\n' ' ' <<<"$new") ($kept unchanged)"
fi

# ---- 2. SIGTERM with 50 in flight --------------------------------------------------------
fs_lock_users || true

# accepted: connections the workers have accepted; queued: waiting in the listen backlog.
accepted() { ss -xH src "$FS_SOCK" 2>/dev/null | grep -c . || true; }
queued() { ss -xlH src "$FS_SOCK" 2>/dev/null | awk '{print $3 + 0}' | head -n1; }

# lock_waiters: keel's database sessions waiting for a lock (the blocked registrations).
lock_waiters() {
  fs_psql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'keel' AND wait_event_type = 'Lock'" 2>/dev/null || echo 0
}

mkdir -p "$FS_WORK/inflight" "$FS_WORK/bodies"
pids=()
# One registration at a time: each hashes its password before it reaches the lock, and a
# second hash that finds the one slot (KEEL_HASH_CONCURRENCY on two CPUs) busy for 250 ms
# is refused with 503 by design, which is not what this test is about.
for i in 1 2; do
  curl -sS --max-time 40 -o "$FS_WORK/bodies/w$i" -w '%{http_code}\n%{time_appconnect} %{time_total}' \
    -H 'Content-Type: application/json' \
    --data "{\"email\":\"$prefix-w$i@example.com\",\"password\":\"$password\"}" \
    "$FS_BASE/api/v1/auth/register" >"$FS_WORK/inflight/w$i" 2>/dev/null &
  pids+=($!)
  for ((t = 0; t < 200; t++)); do
    [ "$(lock_waiters)" -ge "$i" ] && break
    sleep 0.05
  done
done
for ((i = 1; i <= 48; i++)); do
  curl -sS --max-time 40 -o "$FS_WORK/bodies/r$i" -w '%{http_code}\n%{time_appconnect} %{time_total}' \
    -H "Authorization: Bearer $token" "$FS_BASE/api/v1/auth/me" >"$FS_WORK/inflight/r$i" 2>/dev/null &
  pids+=($!)
done
fs_on_exit "kill ${pids[*]}"
in_flight=0
t_wait=$(now_ms)
while [ $(($(now_ms) - t_wait)) -lt 20000 ]; do
  in_flight=$(($(accepted) + $(queued)))
  [ "$in_flight" -ge 50 ] && break
  sleep 0.05
done
note "in flight at keel before SIGTERM: $(accepted) accepted + $(queued) queued, $(($(now_ms) - t_wait)) ms after the last curl started"
if [ "$in_flight" -lt 50 ]; then
  running=0
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && running=$((running + 1)); done
  # Where the missing ones are: curl's TCP connections to nginx by state (SYN-SENT: nginx
  # has not accepted them), and nginx's connections to keel's socket.
  tcp_states=$(ss -tanH "( dport = :${FS_BASE##*:} )" 2>/dev/null | awk '{print $1}' | sort | uniq -c | tr -s ' \n' ' ')
  not_ok "only $in_flight of 50 requests reached keel's socket within 20 s ($running curl still running; answered so far: $(head -qn1 "$FS_WORK"/inflight/* | tr -s '\n' ' '); curl to nginx by TCP state: $tcp_states)"
fi

t_term=$(now_ms)
kill -TERM "$FS_MASTER"
sleep 0.3
late=$(curl -sS --max-time 5 -o "$FS_WORK/late.json" -w '%{http_code} %{time_total}' "$FS_BASE/health" 2>/dev/null || echo "000 5")
fs_release_users
exit_ms=""
for ((i = 0; i < 700; i++)); do
  if ! kill -0 "$FS_MASTER" 2>/dev/null; then
    exit_ms=$(($(now_ms) - t_term))
    break
  fi
  sleep 0.05
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done

n201=$(awk 'FNR == 1 && $1 == "201"' "$FS_WORK"/inflight/w* | wc -l)
n200=$(awk 'FNR == 1 && $1 == "200"' "$FS_WORK"/inflight/r* | wc -l)
summary=$(for f in "$FS_WORK"/inflight/*; do head -n1 "$f"; echo; done | grep . | sort | uniq -c | tr -s ' \n' ' ')
# The slowest TLS handshake of the 50 (seconds after its curl started): a late arrival shows here.
slowest=$(awk 'FNR == 2 {print $1}' "$FS_WORK"/inflight/* | sort -g | tail -n1)
if [ "$n201" -eq 2 ] && [ "$n200" -eq 48 ]; then
  ok "SIGTERM with 50 in flight: all completed (2 x 201 register, 48 x 200 auth/me; slowest TLS handshake ${slowest:-?} s)"
else
  not_ok "SIGTERM with 50 in flight: $n201/2 registrations 201, $n200/48 reads 200 (statuses: $summary; slowest TLS handshake ${slowest:-?} s)"
  note "error bodies: $(grep -ho '"code":"[A-Z_]*","message":"[^"]*"' "$FS_WORK"/bodies/* | sort | uniq -c | tr -s ' \n' ' ')"
  note "keel's non-2xx answers: $(grep '"msg":"request"' "$FS_LOG" | grep -v '"status":2' | grep -o '"time":"[^"]*"\|"route":"[^"]*","status":[0-9]*\|"duration_ms":[0-9.]*' | paste -d ' ' - - - | tail -n 10 | tr '\n' ';')"
fi
read -r late_code late_time <<<"$late"
if [ "$late_code" = 502 ] && grep -q '"UNAVAILABLE"' "$FS_WORK/late.json" &&
  awk -v t="$late_time" 'BEGIN {exit !(t < 1.0)}'; then
  ok "a request sent after SIGTERM is refused at once: 502 JSON in ${late_time} s"
else
  not_ok "a request sent after SIGTERM got ${late_code} in ${late_time} s (want 502 JSON at once)"
fi
if [ -n "$exit_ms" ] && [ "$exit_ms" -le 30000 ]; then
  ok "the master exited ${exit_ms} ms after SIGTERM (grace period 30000 ms)"
else
  not_ok "the master had not exited ${exit_ms:-35000+} ms after SIGTERM (grace period 30000 ms)"
fi
if grep -q '"msg":"keel stopped"' "$FS_LOG"; then ok "keel.log: keel stopped"; else not_ok "no 'keel stopped' line in keel.log"; fi
fs_finish
