#!/usr/bin/env bash
# Fault test (RELIABILITY test 10): the respawn back-off and crash-loop brake of `keel
# serve`. A real crash loop needs a broken build, so this makes one from outside: on a
# stack of its own (4 workers, so the 12 crashes take ~11 s rather than ~20 s) every
# worker is SIGKILLed as soon as it appears, 12 times. Checks: respawns slow down (the
# 11th and 12th take >= 4 s; the master caps the back-off at 5 s), keel logs "crashing in
# a loop", there are never more than 10 respawns in any second, and the pool serves again
# once the workers are left alone. Worker pids are read from /proc (the master's
# children), since /status needs a live worker to answer. Bounded: ~15 s.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

KILLS=12
fs_start --workers 4

events=$FS_WORK/events # "kill|spawn MS PID", in order
: >"$events"
declare -A seen=() killed=()
for p in $(fs_workers); do seen[$p]=1; done
t0=$(now_ms)
kills=0
deadline=$((t0 + 40000))
spawns=0
while :; do
  now=$(now_ms)
  [ "$now" -lt "$deadline" ] || break
  for p in $(fs_workers); do
    if [ -z "${seen[$p]:-}" ]; then
      seen[$p]=1
      spawns=$((spawns + 1))
      echo "spawn $now $p" >>"$events"
    fi
    if [ -z "${killed[$p]:-}" ] && [ "$kills" -lt "$KILLS" ]; then
      kill -9 "$p" 2>/dev/null || true
      killed[$p]=1
      kills=$((kills + 1))
      echo "kill $(now_ms) $p" >>"$events"
    fi
  done
  # Done once the respawns of all 12 kills have been seen.
  [ "$spawns" -ge "$KILLS" ] && break
  sleep 0.01
done
note "events (ms since the first kill): $(awk -v t0="$t0" '{printf "%s@%d ", $1, $2 - t0}' "$events")"

# The k-th respawn replaces the k-th killed worker: the back-off grows with the number
# of recent crashes, so respawns come in the order of the kills.
awk '$1 == "kill" {print $2}' "$events" >"$FS_WORK/kills"
awk '$1 == "spawn" {print $2}' "$events" >"$FS_WORK/spawns"
paste "$FS_WORK/kills" "$FS_WORK/spawns" | awk 'NF == 2 {print $2 - $1}' >"$FS_WORK/delays"
delays=$(tr '\n' ' ' <"$FS_WORK/delays")
n_killed=$(grep -c . "$FS_WORK/kills" || true)
n_spawned=$(grep -c . "$FS_WORK/spawns" || true)
if [ "$n_killed" -eq "$KILLS" ] && [ "$n_spawned" -ge "$KILLS" ]; then
  ok "$KILLS workers killed, $n_spawned respawned; respawn delays in ms: $delays"
else
  not_ok "killed $n_killed, respawned $n_spawned within 40 s (want $KILLS each); delays: $delays"
fi

late=$(sed -n '11,$p' "$FS_WORK/delays" | awk 'BEGIN {m = -1} m < 0 || $1 < m {m = $1} END {print m}')
first=$(head -n1 "$FS_WORK/delays")
if [ "${late:--1}" -ge 4000 ]; then
  ok "respawns slow down: the 11th+ respawn took >= ${late} ms (>= 4000; the 1st took ${first:-?} ms)"
else
  not_ok "the 11th+ respawn took ${late} ms (want >= 4000); delays: $delays"
fi

# Respawns per second: the most in any 1000 ms window (each window starts at a respawn).
max_per_s=$(awk '{t[NR] = $1} END {m = 0; for (i = 1; i <= NR; i++) {c = 0; for (j = i; j <= NR && t[j] - t[i] < 1000; j++) c++; if (c > m) m = c}; print m}' "$FS_WORK/spawns")
if [ "$max_per_s" -le 10 ]; then
  ok "at most $max_per_s respawns in any second (<= 10)"
else
  not_ok "$max_per_s respawns within one second (> 10)"
fi

# Not a check (the message says "at most one per 5 s"; the back-off is per worker
# position, so the pool may respawn up to KEEL_WORKERS per 5 s): the shortest gap between
# two respawns once 10 crashes were in the window.
gap=$(sed -n '10,$p' "$FS_WORK/spawns" | awk 'NR > 1 {g = $1 - p; if (m == "" || g < m) m = g} {p = $1} END {print (m == "" ? "n/a" : m)}')
note "shortest gap between two respawns after the 10th crash: ${gap} ms"

if grep -q 'crashing in a loop' "$FS_LOG"; then
  ok "keel serve logged: $(grep -o '"msg":"[^"]*crashing in a loop[^"]*"' "$FS_LOG" | head -n1)"
else
  not_ok "keel serve did not log 'crashing in a loop'"
fi

# Left alone, the pool serves again (the last respawns are already in).
code=""
for ((i = 0; i < 50; i++)); do
  code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$FS_BASE/health" 2>/dev/null || true)
  [ "$code" = 200 ] && break
  sleep 0.2
done
crashes=$(fs_metric keel_worker_crashes_total)
if [ "$code" = 200 ]; then
  ok "the pool serves again after the crash loop: /health 200 (keel_worker_crashes_total $crashes)"
else
  not_ok "/health answered ${code:-nothing} after the crash loop"
fi
fs_finish
