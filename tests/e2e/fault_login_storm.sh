#!/usr/bin/env bash
# Fault test (issue 7): a login storm must not starve the API. 50 clients log in
# continuously (nginx's per-IP limit raised out of the way, so keel's own bound is what
# is measured), each honouring Retry-After when refused, while an authenticated task list
# runs at a user's pace (4 connections, 10 ms between requests). The sign-in pool has
# its own socket, runs at nice 10 (KEEL_AUTH_NICE) on every CPU but the first
# (KEEL_API_RESERVED_CPUS), and hashes at most one password per CPU it has
# (KEEL_HASH_CONCURRENCY); logins over the bound get a fast 503 + Retry-After.
# Three rounds (five in the sanitizer build), each the list alone then the list during
# the storm, so that a slow moment of the machine does not fall on one side only.
# Asserted: every list request 200, the mean p99 during the storm at most 2x the mean
# p99 without it (3x in the sanitizer build; with one shared pool it was 852 ms against
# 1.5 ms; hashing on both CPUs, about 3x), and every refused login carrying Retry-After.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

fs_start --workers 4 --auth-pool 2 --auth-rate 10000r/s --auth-burst 10000

# cpu_count LIST: how many CPUs a list like "0-3,6" names.
cpu_count() {
  awk -F, '{for (i = 1; i <= NF; i++) {split($i, r, "-"); n += (r[2] == "" ? 1 : r[2] - r[1] + 1)}}
    END {print n + 0}' <<<"$1"
}
allowed_cpus() { awk '/^Cpus_allowed_list:/{print $2}' "/proc/$1/status"; }
master_cpus=$(allowed_cpus "$FS_MASTER")
first_cpu=${master_cpus%%[-,]*}
signin_pids=$(ps -o pid=,ni= --ppid "$FS_MASTER" | awk '$2 == 10 {print $1}')
api_pids=$(ps -o pid=,ni= --ppid "$FS_MASTER" | awk '$2 == 0 {print $1}')
placement_ok=1
for pid in $signin_pids; do
  cpus=$(allowed_cpus "$pid")
  if [ "$(cpu_count "$master_cpus")" -gt 1 ]; then
    [ "$(cpu_count "$cpus")" = $(($(cpu_count "$master_cpus") - 1)) ] || placement_ok=0
    # The first CPU is the one kept for the API: it must not be in the list.
    awk -F, -v c="$first_cpu" '{for (i = 1; i <= NF; i++) {split($i, r, "-");
      if (c >= r[1] && c <= (r[2] == "" ? r[1] : r[2])) exit 1}}' <<<"$cpus" || placement_ok=0
  fi
done
for pid in $api_pids; do [ "$(allowed_cpus "$pid")" = "$master_cpus" ] || placement_ok=0; done
if [ "$placement_ok" = 1 ] && [ -n "$signin_pids" ] && [ -n "$api_pids" ]; then
  ok "sign-in workers (${signin_pids//$'\n'/ }) run on CPUs $(allowed_cpus "${signin_pids%%[[:space:]]*}") of $master_cpus, API workers on all"
else
  for pid in $signin_pids $api_pids; do note "worker $pid: CPUs $(allowed_cpus "$pid")"; done
  not_ok "sign-in workers should run on every CPU of $master_cpus but $first_cpu, API workers on all"
fi

email="storm-$RANDOM$RANDOM@example.com"
password="storm password 123"
[ "$(fs_register "$email" "$password")" = 201 ] || { not_ok "register the storm user"; fs_finish; }
token=$(jq -r .data.access_token "$FS_WORK/last.json")
for i in $(seq 1 20); do
  curl -sS --max-time 10 -o /dev/null -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data "{\"title\":\"task $i\"}" "$FS_BASE/api/v1/tasks"
done

count=$(fs_wrk_script)
list_url="$FS_BASE/api/v1/tasks?page=1&limit=20&sort=-created_at"
# The task list as its users load it: 4 connections, each sending its next request 10 ms
# after the previous answer (about 400 requests a second, far from saturating the
# machine), so the p99 shows how long a request waits, not how much CPU is left over.
cp "$count" "$FS_WORK/list.lua"
echo 'function delay() return 10 end' >>"$FS_WORK/list.lua"
measure_list() { # OUT: 5 s of the task list
  KEEL_WRK_AUTH=$token wrk -t2 -c4 -d5s --timeout 5s -s "$FS_WORK/list.lua" "$list_url" >"$1" 2>&1 || true
}

cat >"$FS_WORK/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"email":"$email","password":"$password"}'
wrk.headers["Content-Type"] = "application/json"
LUA
cat "$count" >>"$FS_WORK/login.lua"
# Each client honours Retry-After: a refused login waits that long before its next try
# (a FIFO of waits per wrk thread: each refusal delays the next request sent).
cat >>"$FS_WORK/login.lua" <<'LUA'
local count_response = response
local waits, first, last = {}, 1, 0
function response(status, headers, body)
  count_response(status, headers, body)
  last = last + 1
  waits[last] = 0
  if status == 429 or status == 503 then
    local retry_after = tonumber(headers["Retry-After"] or headers["retry-after"])
    -- reported as non2xx_without_mark: here the mark a refusal must carry is Retry-After
    if not retry_after then unmarked = unmarked + 1 end
    waits[last] = 1000 * (retry_after or 1)
  end
end
function delay()
  if first > last then return 0 end
  local d = waits[first]
  waits[first] = nil
  first = first + 1
  return d
end
LUA
rejections_before=$(fs_metric keel_password_hash_rejections_total)
base_p99s="" storm_p99s="" list_non200=0 logins_ok=0 logins_busy=0 logins_limited=0 logins_other=0
refusals_without_retry_after=0
# A sanitizer build's timings vary more from one window to the next (its p99 alone went
# from 1.86 to 3.07 ms between two rounds of one run): five rounds there, three here.
sanitizer=0
ldd "$(build_dir)/keel" | grep -q libasan && sanitizer=1
rounds=3
[ "$sanitizer" = 1 ] && rounds=5
for round in $(seq 1 "$rounds"); do
  measure_list "$FS_WORK/base.$round.txt"
  wrk -t2 -c50 -d7s --timeout 10s -s "$FS_WORK/login.lua" "$FS_BASE/api/v1/auth/login" \
    >"$FS_WORK/storm.$round.txt" 2>&1 &
  storm_pid=$!
  sleep 1.5 # the storm at full strength: every sign-in worker hashing, the backlog full
  measure_list "$FS_WORK/during.$round.txt"
  wait "$storm_pid" || true
  # Sign-ins nginx had already queued are still being hashed: the next "alone" window
  # starts only once no worker but the one answering /metrics is busy.
  for _ in $(seq 1 150); do
    [ "$(fs_metric keel_workers_busy)" -le 1 ] && break
    sleep 0.1
  done
  base_p99s+=" $(wrk_field "$FS_WORK/base.$round.txt" p99_ms)"
  storm_p99s+=" $(wrk_field "$FS_WORK/during.$round.txt" p99_ms)"
  list_non200=$((list_non200 + $(wrk_non200 "$FS_WORK/base.$round.txt") + $(wrk_non200 "$FS_WORK/during.$round.txt")))
  storm=$FS_WORK/storm.$round.txt
  ok_now=$(wrk_status "$storm" 200) busy_now=$(wrk_status "$storm" 503) limited_now=$(wrk_status "$storm" 429)
  logins_ok=$((logins_ok + ok_now)) logins_busy=$((logins_busy + busy_now))
  logins_limited=$((logins_limited + limited_now))
  logins_other=$((logins_other + $(wrk_non200 "$storm") - busy_now - limited_now))
  refusals_without_retry_after=$((refusals_without_retry_after + $(awk '/^non2xx_without_mark /{print $2}' "$storm")))
  note "round $round: task list p99 $(wrk_field "$FS_WORK/base.$round.txt" p99_ms) ms alone, $(wrk_field "$FS_WORK/during.$round.txt" p99_ms) ms during the storm; logins $(grep "^statuses" "$storm"), p99 $(wrk_field "$storm" p99_ms) ms"
done
rejections=$(($(fs_metric keel_password_hash_rejections_total) - rejections_before))
# During the storm a sign-in worker keeps one hash's memory (19 MiB) for the next; once
# its queue is empty it hands it back. That is glibc's allocator at work: the sanitizer
# build (make test-asan) replaces it with ASan's, whose quarantine holds freed memory by
# design, so there the figure is only printed.
rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
signin_rss=""
for _ in $(seq 1 30); do
  signin_rss=$(for pid in $signin_pids; do rss_kib "$pid"; done | sort -n | tail -n1)
  [ "${signin_rss:-0}" -le 16384 ] && break
  sleep 0.1
done
if [ "$sanitizer" = 1 ]; then
  note "sanitizer build: idle sign-in workers hold ${signin_rss} KiB at most (ASan's allocator)"
elif [ "${signin_rss:-0}" -gt 0 ] && [ "$signin_rss" -le 16384 ]; then
  ok "idle sign-in workers are back to ${signin_rss} KiB at most (hash memory returned)"
else
  not_ok "an idle sign-in worker still holds ${signin_rss} KiB"
fi
mean() { awk '{for (i = 1; i <= NF; i++) s += $i} END {printf "%.2f", s / NF}' <<<"$1"; }
base_p99=$(mean "$base_p99s")
storm_p99=$(mean "$storm_p99s")

if [ "$list_non200" = 0 ]; then
  ok "the task list answered 200 throughout (with and without the storm)"
else
  not_ok "task list: $list_non200 answers other than 200"
fi
ratio=$(awk -v b="$base_p99" -v s="$storm_p99" 'BEGIN {printf "%.2f", s / b}')
# The sanitizer build doubles the CPU each list request takes, so more of it falls in
# slices the API workers share with the nice-10 hashers on the second CPU: its rounds
# measured 1.5x to 2.3x (one run's mean 2.03). There the bound is 3x, which still fails
# the one-pool regression (hundreds of times); the 2x placement bound is the plain build's.
max_ratio=2
[ "$sanitizer" = 1 ] && max_ratio=3
if awk -v s="$storm_p99" -v b="$base_p99" -v m="$max_ratio" 'BEGIN {exit !(s <= m * b)}'; then
  ok "task list p99 during 50 clients logging in: ${storm_p99} ms vs ${base_p99} ms without (ratio $ratio, at most $max_ratio)"
else
  not_ok "task list p99 ${storm_p99} ms during the storm vs ${base_p99} ms without (ratio $ratio, over $max_ratio)"
fi
if [ "$logins_ok" -gt 0 ] && [ "$logins_busy" -gt 0 ] && [ "$logins_other" = 0 ]; then
  ok "logins over the bound refused fast: ${logins_ok} x 200, ${logins_busy} x 503, ${logins_limited} x 429, 0 other; keel_password_hash_rejections_total +${rejections}"
else
  not_ok "logins during the storm: ${logins_ok} x 200, ${logins_busy} x 503, ${logins_limited} x 429, ${logins_other} other"
fi
if [ "$((logins_busy + logins_limited))" -gt 0 ] && [ "$refusals_without_retry_after" = 0 ]; then
  ok "every refused login carried Retry-After ($((logins_busy + logins_limited)) refusals)"
else
  not_ok "refused logins: $((logins_busy + logins_limited)), of which $refusals_without_retry_after without Retry-After"
fi
fs_finish
