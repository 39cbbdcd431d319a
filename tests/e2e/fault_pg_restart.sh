#!/usr/bin/env bash
# Fault test (RELIABILITY test 12): PostgreSQL restarted (`pg_ctl stop -m fast`, then
# start) under load. On a stack of its own (2 workers): wrk reads GET /api/v1/auth/me and
# GET /api/v1/tasks in turn (a signed-in user: the session check before the handler, and
# pipelined with the list), a loop registers users (the
# writes), a poller watches /health. Checks: every failed read or write is a 503 JSON
# `UNAVAILABLE` — never a 500, never a hang (wrk/curl give up after 5 s); /health is 200
# again within 2 s of PostgreSQL accepting connections; every registration acknowledged
# with 201 is in `users` afterwards. Bounded: ~10 s of load.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

fs_start --auth-rate 1000r/s --auth-burst 1000
prefix="pgr-$$-$RANDOM"
password="correct horse battery"

code=$(fs_register "$prefix-reader@example.com" "$password")
token=$(jq -r '.data.access_token // empty' "$FS_WORK/last.json" 2>/dev/null || true)
if [ "$code" != 201 ] || [ -z "$token" ]; then
  not_ok "register the reading user (got $code)"
  exit 1
fi

# Reads: wrk on auth/me and the task list; non-2xx bodies without "UNAVAILABLE" are counted.
KEEL_WRK_AUTH=$token KEEL_WRK_BODY_MARK='"UNAVAILABLE"' KEEL_WRK_PATHS="/api/v1/auth/me /api/v1/tasks" \
  wrk -t1 -c2 -d10s --timeout 5s -s "$(fs_wrk_script)" "$FS_BASE/api/v1/auth/me" \
  >"$FS_WORK/wrk.out" 2>&1 &
wrk_pid=$!
fs_on_exit "kill $wrk_pid"

# Writes: registrations one after another; "EMAIL STATUS SECONDS" per line, the body of
# each non-201 kept for the JSON check.
(
  end=$((SECONDS + 10))
  i=0
  while [ $SECONDS -lt $end ]; do
    i=$((i + 1))
    email="$prefix-$i@example.com"
    out=$(curl -sS --max-time 5 -o "$FS_WORK/reg-$i.json" -w '%{http_code} %{time_total}' \
      -H 'Content-Type: application/json' \
      --data "{\"email\":\"$email\",\"password\":\"$password\"}" \
      "$FS_BASE/api/v1/auth/register" 2>/dev/null || echo "000 5")
    echo "$email $i $out"
  done
) >"$FS_WORK/writes.out" &
writes_pid=$!
fs_on_exit "kill $writes_pid"

sleep 2.5
"$FS_REPO/scripts/pg-cluster" stop "$FS_VAR/pg" >/dev/null 2>&1
t_down=$(now_ms)
fs_pg_start_and_wait "after the stop"
t_ready=$FS_T_READY t_health=$FS_T_HEALTH

if [ -z "$t_ready" ]; then
  not_ok "PostgreSQL did not accept connections within 30 s of the restart"
else
  note "PostgreSQL down for $((t_ready - t_down)) ms (stop returned -> pg_isready)"
  if [ -z "$t_health" ]; then
    not_ok "/health not 200 within 10 s of PostgreSQL accepting connections"
  else
    rec=$((t_health - t_ready))
    if [ "$rec" -le 2000 ]; then
      ok "/health 200 again ${rec} ms after PostgreSQL accepted connections (<= 2000)"
    else
      not_ok "/health 200 again ${rec} ms after PostgreSQL accepted connections (> 2000)"
    fi
  fi
fi

wait "$wrk_pid" || true
wait "$writes_pid" || true

# Reads.
r200=$(wrk_status "$FS_WORK/wrk.out" 200)
r503=$(wrk_status "$FS_WORK/wrk.out" 503)
r500=$(wrk_status "$FS_WORK/wrk.out" 500)
rother=$(($(wrk_non200 "$FS_WORK/wrk.out") - r503))
runmarked=$(awk '/^non2xx_without_mark /{print $2}' "$FS_WORK/wrk.out")
rsock=$(wrk_socket_errors "$FS_WORK/wrk.out")
rtimeouts=$(wrk_timeouts "$FS_WORK/wrk.out")
rmax=$(wrk_field "$FS_WORK/wrk.out" max_ms)
note "reads (wrk auth/me + tasks): $(grep '^statuses' "$FS_WORK/wrk.out" || echo none), max latency ${rmax:-?} ms"
if [ "${r200:-0}" -gt 0 ] && [ "$rother" -eq 0 ] && [ "${runmarked:-1}" -eq 0 ] && [ "${rsock:-1}" -eq 0 ]; then
  ok "reads during the restart: $r200 x 200, $r503 x 503 UNAVAILABLE JSON, 0 other (500: $r500), 0 socket errors/timeouts"
else
  not_ok "reads during the restart: ${r200:-0} x 200, ${r503:-0} x 503, $rother other (500: ${r500:-0}), ${runmarked:-?} error bodies without UNAVAILABLE, ${rsock:-?} socket errors (${rtimeouts:-?} timeouts)"
fi

# Writes.
w_total=$(grep -c . "$FS_WORK/writes.out" || true)
w201=$(awk '$3 == "201"' "$FS_WORK/writes.out" | wc -l)
w503=$(awk '$3 == "503"' "$FS_WORK/writes.out" | wc -l)
w_other=$(awk '$3 != "201" && $3 != "503"' "$FS_WORK/writes.out" | wc -l)
w_max=$(awk 'BEGIN {m = 0} $4 > m {m = $4} END {printf "%.3f", m}' "$FS_WORK/writes.out")
bad_body=0
while read -r _ i _ _; do
  grep -q '"UNAVAILABLE"' "$FS_WORK/reg-$i.json" 2>/dev/null || bad_body=$((bad_body + 1))
done < <(awk '$3 == "503"' "$FS_WORK/writes.out")
if [ "$w201" -gt 0 ] && [ "$w_other" -eq 0 ] && [ "$bad_body" -eq 0 ]; then
  ok "writes (register) during the restart: $w201 x 201, $w503 x 503 UNAVAILABLE JSON, 0 other, slowest ${w_max} s (of $w_total)"
else
  not_ok "writes (register) during the restart: $w201 x 201, $w503 x 503 ($bad_body without UNAVAILABLE), $w_other other [$(awk '$3 != "201" && $3 != "503" {print $3}' "$FS_WORK/writes.out" | sort | uniq -c | tr -s ' \n' ' ')], slowest ${w_max} s"
fi

# Every acknowledged write is in the database.
acked=$(awk '$3 == "201" {printf "%s%s", sep, $1; sep = ","}' "$FS_WORK/writes.out")
found=$(fs_psql "SELECT count(*) FROM users WHERE email = ANY(string_to_array('$acked', ','))" 2>/dev/null || echo "?")
rows=$(fs_psql "SELECT count(*) FROM users WHERE email LIKE '$prefix-%' AND email <> '$prefix-reader@example.com'" 2>/dev/null || echo "?")
if [ "$found" = "$w201" ]; then
  ok "every registration acknowledged with 201 is in users: $found/$w201 ($rows rows with the prefix; $w_total attempts)"
else
  not_ok "registrations acknowledged with 201 found in users: $found/$w201 ($rows rows with the prefix)"
fi
fs_finish
