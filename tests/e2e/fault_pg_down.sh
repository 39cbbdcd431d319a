#!/usr/bin/env bash
# Fault test (RELIABILITY test 13): PostgreSQL down for 10 s. On a stack of its own
# (2 workers), with PostgreSQL stopped, two request loops run side by side — GET
# /api/v1/auth/me (signed in; its answer must be the 503 `UNAVAILABLE` envelope with
# Retry-After) and GET /health (503 "database":"down") — and then PostgreSQL comes back.
# Checks: every request during the outage is a 503 answered within 2 s (the max is
# printed); the workers try to reconnect at most once a second each (the "connect
# failed" lines keel logs, per second of the outage: <= 2 with 2 workers); /health is 200
# again within 5 s of PostgreSQL accepting connections. Bounded: ~10 s, a few hundred requests.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

OUTAGE_S=10
WORKERS=2
fs_start

code=$(fs_register "pgdown-$$-$RANDOM@example.com" "correct horse battery")
token=$(jq -r '.data.access_token // empty' "$FS_WORK/last.json" 2>/dev/null || true)
if [ "$code" != 201 ] || [ -z "$token" ]; then
  not_ok "register a user (got $code)"
  exit 1
fi

"$FS_REPO/scripts/pg-cluster" stop "$FS_VAR/pg" >/dev/null 2>&1
t_down=$(now_ms)
log_mark=$(wc -l <"$FS_LOG")

# loop NAME URL [CURL ARGS...]: requests one after another for OUTAGE_S seconds;
# "STATUS SECONDS INDEX RETRY-AFTER" per line (- without one), bodies kept.
loop() {
  local name=$1 url=$2 i=0 end out ra
  end=$(($(now_ms) + OUTAGE_S * 1000))
  shift 2
  while [ "$(now_ms)" -lt "$end" ]; do
    i=$((i + 1))
    out=$(curl -sS --max-time 5 -D "$FS_WORK/$name-$i.h" -o "$FS_WORK/$name-$i.json" \
      -w '%{http_code} %{time_total}' "$@" "$url" 2>/dev/null || echo "000 5")
    ra=$(sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9]*\).*/\1/p' "$FS_WORK/$name-$i.h" 2>/dev/null | head -n1)
    echo "$out $i ${ra:--}"
  done >"$FS_WORK/$name.out"
}
loop me "$FS_BASE/api/v1/auth/me" -H "Authorization: Bearer $token" &
me_pid=$!
fs_on_exit "kill $me_pid"
loop health "$FS_BASE/health" &
health_pid=$!
fs_on_exit "kill $health_pid"
wait "$me_pid" "$health_pid" || true
t_up_begin=$(now_ms)
log_end=$(wc -l <"$FS_LOG")

fs_pg_start_and_wait "after the outage"
t_ready=$FS_T_READY t_health=$FS_T_HEALTH
outage_ms=$((t_up_begin - t_down))

# Every request during the outage: 503 within 2 s.
for name in me health; do
  total=$(grep -c . "$FS_WORK/$name.out" || true)
  n503=$(awk '$1 == "503"' "$FS_WORK/$name.out" | wc -l)
  max_s=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {printf "%.3f", m}' "$FS_WORK/$name.out")
  slow=$(awk '$2 >= 2.0' "$FS_WORK/$name.out" | wc -l)
  no_retry=$(awk '$1 == "503" && $4 == "-"' "$FS_WORK/$name.out" | wc -l)
  if [ "$name" = me ]; then
    mark='"UNAVAILABLE"'
    what="GET /api/v1/auth/me"
  else
    mark='"database":"down"'
    what="GET /health"
  fi
  bad_body=0
  while read -r _ _ i _; do
    grep -qF "$mark" "$FS_WORK/$name-$i.json" 2>/dev/null || bad_body=$((bad_body + 1))
  done < <(awk '$1 == "503"' "$FS_WORK/$name.out")
  if [ "$total" -gt 0 ] && [ "$n503" -eq "$total" ] && [ "$slow" -eq 0 ] && [ "$bad_body" -eq 0 ] && [ "$no_retry" -eq 0 ]; then
    ok "$what with PostgreSQL down: $n503/$total answered 503 ($mark, Retry-After) within 2 s, slowest ${max_s} s"
  else
    not_ok "$what with PostgreSQL down: $n503/$total answered 503 [$(awk '{print $1}' "$FS_WORK/$name.out" | sort | uniq -c | tr -s ' \n' ' ')], $slow took >= 2 s (slowest ${max_s} s), $bad_body without $mark, $no_retry without Retry-After"
  fi
done

# Reconnect attempts: keel logs one "database connection lost" line with detail
# "connect failed" (or "connect timed out") per attempt. Count them per wall-clock
# second of the outage: each worker may try at most once a second.
sed -n "$((log_mark + 1)),${log_end}p" "$FS_LOG" |
  grep '"msg":"database connection lost"' | grep -E '"detail":"connect (failed|timed out)"' |
  sed -n 's/^{"time":"\([^"]*\)\.[0-9]*Z".*/\1/p' >"$FS_WORK/attempts.out" || true
attempts=$(grep -c . "$FS_WORK/attempts.out" || true)
per_sec_max=$(sort "$FS_WORK/attempts.out" | uniq -c | awk 'BEGIN {m = 0} $1 > m {m = $1} END {print m}')
rate=$(awk -v a="$attempts" -v ms="$outage_ms" 'BEGIN {printf "%.2f", a * 1000 / ms}')
limit_total=$((WORKERS * (outage_ms / 1000 + 1)))
if [ "$attempts" -gt 0 ] && [ "$per_sec_max" -le "$WORKERS" ] && [ "$attempts" -le "$limit_total" ]; then
  ok "reconnect attempts during the ${outage_ms} ms outage: $attempts ($rate/s; at most $per_sec_max in any second, <= $WORKERS = 1/s per worker)"
else
  not_ok "reconnect attempts during the ${outage_ms} ms outage: $attempts ($rate/s; up to $per_sec_max in one second; want <= $WORKERS per second, <= $limit_total in all)"
fi

if [ -z "$t_ready" ]; then
  not_ok "PostgreSQL did not accept connections within 30 s of its start"
elif [ -z "$t_health" ]; then
  not_ok "/health not 200 within 10 s of PostgreSQL accepting connections"
else
  rec=$((t_health - t_ready))
  if [ "$rec" -le 5000 ]; then
    ok "/health 200 again ${rec} ms after PostgreSQL accepted connections (<= 5000)"
  else
    not_ok "/health 200 again ${rec} ms after PostgreSQL accepted connections (> 5000)"
  fi
fi
fs_finish
