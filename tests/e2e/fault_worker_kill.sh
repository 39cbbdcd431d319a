#!/usr/bin/env bash
# Fault test (RELIABILITY test 8): `kill -9` of a keel worker in the middle of a request.
# On a stack of its own (2 workers) it runs wrk on GET /health and, beside it, a loop of
# logins (each ~50 ms of Argon2id, so a worker busy with one is caught mid-request); twice
# it picks the worker /status shows busy with /auth/login and SIGKILLs it. Checks: at most
# one failed request per kill (that worker's), a new worker pid in /status within 1 s, and
# the next 100 requests all 200. Bounded: ~7 s of load, a few hundred requests.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

KILLS=2
fs_start --auth-rate 1000r/s --auth-burst 1000

email="kill-$$-$RANDOM@example.com"
password="correct horse battery"
code=$(fs_register "$email" "$password")
[ "$code" = 201 ] || {
  not_ok "register a user for the login load (got $code)"
  exit 1
}

# Background load: wrk on /health, and logins one after another (each status a line).
wrk -t1 -c2 -d7s --timeout 5s -s "$(fs_wrk_script)" "$FS_BASE/health" >"$FS_WORK/wrk.out" 2>&1 &
wrk_pid=$!
fs_on_exit "kill $wrk_pid"
(
  end=$((SECONDS + 7))
  while [ $SECONDS -lt $end ]; do
    curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
      --data "{\"email\":\"$email\",\"password\":\"$password\"}" "$FS_BASE/api/v1/auth/login" 2>/dev/null ||
      echo "curl-failed"
  done
) >"$FS_WORK/logins.out" &
login_pid=$!
fs_on_exit "kill $login_pid"
sleep 1

max_respawn=0
for ((k = 1; k <= KILLS; k++)); do
  victim=""
  for ((i = 0; i < 100; i++)); do
    victim=$(curl -sS --max-time 2 "$FS_METRICS/status" 2>/dev/null |
      jq -r '[.workers[] | select(.state == "busy" and .route == "/auth/login")][0].pid // empty' 2>/dev/null || true)
    [ -n "$victim" ] && break
    sleep 0.02
  done
  if [ -z "$victim" ]; then
    not_ok "kill $k: no worker was busy with a login within 2 s"
    continue
  fi
  before=$(fs_status_pids)
  before_proc=$(fs_workers)
  t0=$(now_ms)
  kill -9 "$victim"
  # The fork itself, seen in /proc (no worker needed to answer).
  fork_ms=""
  for ((i = 0; i < 1000; i++)); do
    if comm -13 <(echo "$before_proc") <(fs_workers) | grep -q .; then
      fork_ms=$(($(now_ms) - t0))
      break
    fi
    sleep 0.005
  done
  respawn_ms=""
  for ((i = 0; i < 300; i++)); do
    after=$(fs_status_pids)
    # A pid /status shows now that it did not show before the kill.
    if comm -13 <(echo "$before") <(echo "$after") | grep -q .; then
      respawn_ms=$(($(now_ms) - t0))
      break
    fi
    sleep 0.01
  done
  if [ -z "$respawn_ms" ]; then
    not_ok "kill $k (pid $victim): no new worker pid in /status within 3 s"
  else
    if [ "$respawn_ms" -gt "$max_respawn" ]; then max_respawn=$respawn_ms; fi
    if [ "$respawn_ms" -le 1000 ]; then
      ok "kill $k (pid $victim, mid-login): new worker pid in /status after ${respawn_ms} ms (<= 1000; forked after ${fork_ms:-?} ms)"
    else
      not_ok "kill $k (pid $victim, mid-login): new worker pid in /status after ${respawn_ms} ms (> 1000; forked after ${fork_ms:-?} ms)"
    fi
  fi
  sleep 2
done

wait "$wrk_pid" || true
wait "$login_pid" || true
health_non200=$(wrk_non200 "$FS_WORK/wrk.out")
health_errors=$(wrk_socket_errors "$FS_WORK/wrk.out")
health_total=$(wrk_field "$FS_WORK/wrk.out" requests)
login_total=$(grep -c . "$FS_WORK/logins.out" || true)
login_failed=$(grep -vc '^200$' "$FS_WORK/logins.out" || true)
failed=$((health_non200 + ${health_errors:-0} + login_failed))
note "wrk /health: $(head -n1 "$FS_WORK/wrk.out"); logins: $(sort "$FS_WORK/logins.out" | uniq -c | tr -s ' \n' ' ')"
if [ -n "$health_total" ] && [ "$health_total" -gt 0 ] && [ "$failed" -le "$KILLS" ]; then
  ok "failed requests during $KILLS kills: $failed (<= $KILLS; /health $health_non200 non-200 + ${health_errors:-?} socket errors of $health_total, logins $login_failed of $login_total)"
else
  not_ok "failed requests during $KILLS kills: $failed (> $KILLS or no load; /health $health_non200 non-200 + ${health_errors:-?} socket errors of ${health_total:-0}, logins $login_failed of $login_total)"
fi

# The next 100 requests, one connection, one after another.
codes=$(fs_get_n 100 "$FS_BASE/health")
n200=$(grep -c '^200$' <<<"$codes" || true)
if [ "$n200" -eq 100 ]; then
  ok "the next 100 requests after the kills: 100/100 answered 200"
else
  not_ok "the next 100 requests after the kills: $n200/100 answered 200 ($(sort <<<"$codes" | uniq -c | tr -s ' \n' ' '))"
fi

workers=$(fs_status_pids | grep -c . || true)
if [ "$workers" -eq 2 ]; then ok "/status shows 2 workers afterwards"; else not_ok "/status shows $workers workers afterwards (want 2)"; fi
note "max respawn time seen: ${max_respawn} ms"
fs_finish
