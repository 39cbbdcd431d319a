#!/usr/bin/env bash
# Fault test (RELIABILITY test 11, shortened): a handler stuck past the watchdog. On a
# stack of its own (2 workers, KEEL_REQUEST_TIMEOUT_MS=3000, lock and statement timeouts
# raised to 60 s so that PostgreSQL does not end the wait first, nginx
# fastcgi_read_timeout 2s), a psql session holds `LOCK TABLE users IN ACCESS EXCLUSIVE
# MODE` and a registration (an INSERT into users) blocks on it. Checks: the client gets
# nginx's 504 JSON at ~2 s; the master's watchdog kills the stuck worker at ~3 s
# (keel_watchdog_kills_total + 1, a "watchdog" line in keel.log); the other worker keeps
# serving meanwhile; after the lock is released 20 requests succeed and /status shows 2
# workers again. Then a client of keel's socket that stops halfway through its request's
# parameters: its worker is killed by the watchdog at ~3 s as well. Bounded: ~15 s.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

fs_start --auth-rate 1000r/s --auth-burst 1000 --fastcgi-read-timeout 2s \
  --keel-env KEEL_REQUEST_TIMEOUT_MS=3000 --keel-env KEEL_LOCK_TIMEOUT_MS=60000 \
  --keel-env KEEL_STATEMENT_TIMEOUT_MS=60000
password="correct horse battery"
prefix="wd-$$-$RANDOM"

code=$(fs_register "$prefix-a@example.com" "$password")
token=$(jq -r '.data.access_token // empty' "$FS_WORK/last.json" 2>/dev/null || true)
if [ "$code" != 201 ] || [ -z "$token" ]; then
  not_ok "register a user (got $code)"
  exit 1
fi
kills_before=$(fs_metric keel_watchdog_kills_total)

# The lock holder: a session of its own, ended by fs_release_users (also on exit).
locked=0
fs_lock_users && locked=1
if [ "$locked" != 1 ]; then
  not_ok "psql did not get the ACCESS EXCLUSIVE lock on users within 5 s"
  exit 1
fi

# The stuck request.
t0=$(now_ms)
curl -sS --max-time 15 -o "$FS_WORK/stuck.json" -w '%{http_code} %{time_total}' \
  -H 'Content-Type: application/json' \
  --data "{\"email\":\"$prefix-b@example.com\",\"password\":\"$password\"}" \
  "$FS_BASE/api/v1/auth/register" >"$FS_WORK/stuck.out" 2>/dev/null &
stuck_pid=$!
fs_on_exit "kill $stuck_pid"

# Meanwhile the other worker serves, and the watchdog counter is watched.
sleep 1
mid=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$FS_BASE/health" 2>/dev/null || true)
if [ "$mid" = 200 ]; then
  ok "the other worker keeps serving while one is stuck: /health 200"
else
  not_ok "the other worker keeps serving while one is stuck: /health $mid"
fi
t_kill=""
for ((i = 0; i < 200; i++)); do
  k=$(fs_metric keel_watchdog_kills_total)
  if [ "$k" -gt "$kills_before" ]; then
    t_kill=$(($(now_ms) - t0))
    break
  fi
  sleep 0.03
done
wait "$stuck_pid" || true
read -r stuck_code stuck_time <"$FS_WORK/stuck.out" || true
if [ "${stuck_code:-}" = 504 ] && grep -q '"UNAVAILABLE"' "$FS_WORK/stuck.json" &&
  awk -v t="${stuck_time:-0}" 'BEGIN {exit !(t >= 1.9 && t < 3.0)}'; then
  ok "the stuck request got nginx's 504 JSON after ${stuck_time} s (fastcgi_read_timeout 2s)"
else
  not_ok "the stuck request got ${stuck_code:-nothing} after ${stuck_time:-?} s (want 504 JSON at ~2 s): $(head -c 200 "$FS_WORK/stuck.json" 2>/dev/null)"
fi
if [ -z "$t_kill" ]; then
  not_ok "keel_watchdog_kills_total did not increase within ~8 s"
elif [ "$t_kill" -ge 3000 ] && [ "$t_kill" -le 5000 ]; then
  ok "watchdog killed the stuck worker ${t_kill} ms after the request was sent (KEEL_REQUEST_TIMEOUT_MS=3000; seen in /metrics)"
else
  not_ok "watchdog kill seen ${t_kill} ms after the request was sent (want 3000-5000)"
fi
line=$(grep '"msg":"watchdog' "$FS_LOG" | tail -n1 || true)
if grep -q '"route":"/auth/register"' <<<"$line"; then
  ok "keel.log: $(sed -n 's/.*"msg":"\([^"]*\)".*"busy_ms":\([0-9]*\).*/\1 (busy_ms \2)/p' <<<"$line")"
else
  not_ok "no watchdog line for /auth/register in keel.log"
fi

# Capacity restored once the lock is gone.
fs_release_users
codes=$(fs_get_n 20 "$FS_BASE/api/v1/auth/me" -H "Authorization: Bearer $token")
n200=$(grep -c '^200$' <<<"$codes" || true)
if [ "$n200" -eq 20 ]; then
  ok "after releasing the lock: 20/20 requests reading users answered 200"
else
  not_ok "after releasing the lock: $n200/20 answered 200 ($(sort <<<"$codes" | uniq -c | tr -s ' \n' ' '))"
fi
# Not a check, worth knowing: the killed worker's PostgreSQL session was still waiting
# for the lock; whether its INSERT outlived the client's 504.
orphan=$(fs_psql "SELECT count(*) FROM users WHERE email = '$prefix-b@example.com'" 2>/dev/null || echo "?")
note "rows of the timed-out registration after the lock was released: $orphan"
workers=0
for ((i = 0; i < 50; i++)); do
  workers=$(fs_status_pids | grep -c . || true)
  [ "$workers" -eq 2 ] && break
  sleep 0.1
done
if [ "$workers" -eq 2 ]; then ok "/status shows 2 workers again"; else not_ok "/status shows $workers workers (want 2)"; fi

# A client of keel's own socket that stops halfway through its FastCGI request (the
# parameters cut off) holds a worker only until the watchdog: reading a request counts
# as serving one.
kills_before=$(fs_metric keel_watchdog_kills_total)
python3 - "$FS_SOCK" 10 <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
begin = bytes([1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
params_head = bytes([1, 4, 0, 1, 0, 100, 0, 0])  # 100 bytes announced, 16 sent
s.sendall(begin + params_head + b"\x0e\x03REQUEST_METHOD")
time.sleep(float(sys.argv[2]))
PY
staller=$!
fs_on_exit "kill $staller"
t0=$(now_ms)
t_kill=""
for ((i = 0; i < 250; i++)); do
  if [ "$(fs_metric keel_watchdog_kills_total)" -gt "$kills_before" ]; then
    t_kill=$(($(now_ms) - t0))
    break
  fi
  sleep 0.03
done
kill "$staller" 2>/dev/null || true
line=$(grep '"msg":"watchdog' "$FS_LOG" | tail -n1 || true)
if [ -n "$t_kill" ] && [ "$t_kill" -ge 2900 ] && [ "$t_kill" -le 5000 ] &&
  grep -q '"route":"(reading request)"' <<<"$line"; then
  ok "a request stalled halfway through its parameters: worker killed by the watchdog after ${t_kill} ms (route \"(reading request)\")"
else
  not_ok "a request stalled halfway through its parameters: watchdog kill after ${t_kill:-none} ms (want 3000-5000); last watchdog line: $line"
fi
fs_finish
