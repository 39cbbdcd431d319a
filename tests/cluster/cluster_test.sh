#!/usr/bin/env bash
# The multi-host deployment (CONTRACT §8) under faults: three worker hosts behind one nginx,
# PgBouncer in front of the primary, a streaming replica, each in a network namespace of
# its own (tests/cluster/lib/cluster.sh builds it from docs/scaling/). Under load from
# reader (task list) and writer (create task) clients:
#   1. kill -9 every process of one worker host: every GET still 200 (retried on the other
#      hosts), a write that was in flight there gets a JSON 502/503, never HTML, never a
#      duplicate; every 201 is in the database. The host started again takes requests
#      again within fail_timeout (5 s).
#   2. PgBouncer restarted: only 503 JSON with Retry-After, then 200 again, keel untouched.
#   3. SIGHUP to each host's master in turn: 0 failed requests.
# Everything it starts is stopped and the namespaces removed on exit (trap).
set -euo pipefail
# Helpers only (ok/not_ok, now_ms): this test starts no stack of fault_stack.sh's.
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/../e2e/lib/fault_stack.sh"
# shellcheck source=tests/cluster/lib/cluster.sh
. "$(dirname "$0")/lib/cluster.sh"

LOAD=$(dirname "$0")/lib/load.py
t0=$(now_ms)
if ! kc_up 3; then
  not_ok "the cluster (3 worker hosts, nginx, PgBouncer, primary, replica) did not come up"
  exit 1
fi
ok "cluster up in $(($(now_ms) - t0)) ms: 3 worker hosts x $KC_WORKERS workers, nginx, PgBouncer, primary, replica"
W=$KC_DIR/work
mkdir -p "$W"

curl_lb() { kc_lb curl -sS --max-time 10 --cacert "$KC_CA" "$@"; }

code=$(curl_lb -o "$W/reg.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data '{"email":"cluster@example.com","password":"correct horse battery"}' "$KC_BASE/api/v1/auth/register" || true)
TOKEN=$(jq -r '.data.access_token // empty' "$W/reg.json" 2>/dev/null || true)
if [ "$code" != 201 ] || [ -z "$TOKEN" ]; then
  not_ok "register through nginx -> PgBouncer (got $code: $(head -c 300 "$W/reg.json"))"
  exit 1
fi

# host_requests I: request lines in host I's keel log so far.
host_requests() { grep -c '"msg":"request"' "$KC_DIR/w$1/keel.log" 2>/dev/null || true; }

# Every host takes a share of the requests (round robin over the upstream).
read -r -a before <<<"$(host_requests 1) $(host_requests 2) $(host_requests 3)"
for _ in $(seq 30); do curl_lb -o /dev/null -H "Authorization: Bearer $TOKEN" "$KC_BASE/api/v1/tasks" || true; done
shares=""
all=1
for i in 1 2 3; do
  n=$(($(host_requests "$i") - before[i - 1]))
  shares+=" w$i=$n"
  [ "$n" -gt 0 ] || all=0
done
if [ "$all" = 1 ]; then ok "30 GETs spread over the 3 hosts:$shares"; else not_ok "30 GETs not spread over the 3 hosts:$shares"; fi

# load_start NAME: readers and writers until load_stop; lines to $W/NAME.out.
load_start() {
  rm -f "$W/stop"
  kc_lb python3 "$LOAD" "$KC_BASE" "$KC_CA" "$TOKEN" 4 4 "$W/stop" "$W/$1.out" "$1" &
  LOAD_PID=$!
}
load_stop() {
  touch "$W/stop"
  wait "$LOAD_PID" || true
}
# count FILE AWK-CONDITION: lines of FILE matching.
count() { awk "$2" "$1" | wc -l; }
summary() { awk '{print $1 $2}' "$1" | sort | uniq -c | awk '{printf "%s%s=%s", sep, $2, $1; sep=" "}'; }

# ---- 1. one worker host killed, then back -----------------------------------------------
# Writes are held for a moment by a SHARE lock on tasks (reads go on), so that some are in
# flight on w2 when it dies; the lock ends (1.2 s) before keel's lock_timeout (2 s).
load_start kill
sleep 2
psql -X -q "$KC_DB_URL" -c "BEGIN; LOCK TABLE tasks IN SHARE MODE; SELECT pg_sleep(1.2); COMMIT;" >/dev/null 2>&1 &
lock_pid=$!
sleep 0.6
kc_host_kill 2
note "w2 killed (every process of its namespace), writes held by a lock"
wait "$lock_pid" || true
sleep 3.5
n0=$(host_requests 2)
kc_host_start 2
# From the moment it listens: nginx tries it again at most fail_timeout (5 s) after the
# last failed attempt, which was before it listened.
t_back=$(now_ms)
back_ms=""
for _ in $(seq 200); do
  if [ "$(host_requests 2)" -gt "$n0" ]; then
    back_ms=$(($(now_ms) - t_back))
    break
  fi
  sleep 0.05
done
sleep 1
load_stop
out=$W/kill.out
note "load during the kill: $(summary "$out")"
r_total=$(count "$out" '$1 == "R"')
r_bad=$(count "$out" '$1 == "R" && $2 != 200')
if [ "$r_total" -gt 50 ] && [ "$r_bad" -eq 0 ]; then
  ok "every GET succeeded while w2 was killed and restarted: $r_total x 200, 0 failed"
else
  not_ok "GETs while w2 was killed: $r_bad failed of $r_total ($(awk '$1 == "R" && $2 != 200 {print $2}' "$out" | sort | uniq -c | tr -s ' \n' ' '))"
fi
w_total=$(count "$out" '$1 == "W"')
w201=$(count "$out" '$1 == "W" && $2 == 201')
w_json_err=$(count "$out" '$1 == "W" && ($2 == 502 || $2 == 503) && $3 == "application/json" && $4 == 1')
w_other=$((w_total - w201 - w_json_err))
# A write that got 502 may still have committed (killed after PostgreSQL had it): the
# client was told nothing either way, and nothing retried it.
awk '$1 == "W" && $2 != 201 {print $7}' "$out" | sort >"$W/unacked"
landed=$(kc_psql "SELECT title FROM tasks WHERE title LIKE 'kill-%'" | sort | comm -12 - "$W/unacked" | grep -c . || true)
if [ "$w201" -gt 0 ] && [ "$w_other" -eq 0 ]; then
  ok "writes: $w201 x 201, $w_json_err x JSON 502/503 (in flight on w2; $landed of them committed anyway), 0 other (HTML, 000, 500) of $w_total"
else
  not_ok "writes: $w201 x 201, $w_json_err x JSON 502/503, $w_other other: $(awk '$1 == "W" && $2 != 201' "$out" | head -5 | tr '\n' ';')"
fi
awk '$1 == "W" && $2 == 201 {print $7}' "$out" | sort >"$W/acked"
kc_psql "SELECT title FROM tasks WHERE title LIKE 'kill-%'" | sort >"$W/rows"
acked=$(grep -c . "$W/acked" || true)
missing=$(comm -23 "$W/acked" "$W/rows" | grep -c . || true)
dups=$(uniq -d "$W/rows" | grep -c . || true)
rows=$(grep -c . "$W/rows" || true)
if [ "$missing" -eq 0 ] && [ "$dups" -eq 0 ] && [ "$acked" -gt 0 ]; then
  ok "every 201 is in tasks ($acked acknowledged, $rows rows, 0 duplicate titles)"
else
  not_ok "tasks after the kill: $missing of $acked acknowledged missing, $dups duplicate titles ($rows rows)"
fi
if [ -n "$back_ms" ] && [ "$back_ms" -le 5500 ]; then
  ok "w2 restarted takes requests again $back_ms ms after it listens (fail_timeout 5 s)"
else
  not_ok "w2 restarted: no request within 5.5 s of it listening (fail_timeout 5 s; got ${back_ms:-none in 10 s})"
fi

# ---- 2. PgBouncer restarted ---------------------------------------------------------------
masters_before="$(kc_host_master 1) $(kc_host_master 2) $(kc_host_master 3)"
load_start bouncer
sleep 1.5
bpid=$(kc_bouncer_pid)
kill -TERM "$bpid"
for _ in $(seq 50); do kill -0 "$bpid" 2>/dev/null || break; sleep 0.1; done
t_down=$(now_ms)
sleep 1
kc_bouncer_start
t_up=$(now_ms)
note "PgBouncer down for $((t_up - t_down)) ms"
rec_ms=""
for _ in $(seq 100); do
  c=$(curl_lb -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$KC_BASE/api/v1/tasks" || true)
  if [ "$c" = 200 ]; then
    rec_ms=$(($(now_ms) - t_up))
    break
  fi
  sleep 0.05
done
sleep 1.5
load_stop
out=$W/bouncer.out
note "load during the PgBouncer restart: $(summary "$out")"
ok_n=$(count "$out" '($1 == "R" && $2 == 200) || ($1 == "W" && $2 == 201)')
u503=$(count "$out" '$2 == 503 && $3 == "application/json" && $4 == 1 && $5 == 1')
bad=$(($(grep -c . "$out") - ok_n - u503))
if [ "$bad" -eq 0 ] && [ "$u503" -gt 0 ]; then
  ok "PgBouncer restart: $ok_n x 200/201, $u503 x 503 JSON with Retry-After, 0 other"
elif [ "$bad" -eq 0 ]; then
  ok "PgBouncer restart: $ok_n x 200/201, 0 failed (no request fell in the gap)"
else
  not_ok "PgBouncer restart: $bad requests neither 2xx nor 503 JSON + Retry-After: $(awk '!(($1 == "R" && $2 == 200) || ($1 == "W" && $2 == 201) || $2 == 503)' "$out" | head -5 | tr '\n' ';')"
fi
tail_ok=$(tail -n 40 "$out" | awk '($1 == "R" && $2 != 200) || ($1 == "W" && $2 != 201)' | wc -l)
masters_after="$(kc_host_master 1) $(kc_host_master 2) $(kc_host_master 3)"
if [ -n "$rec_ms" ] && [ "$tail_ok" -eq 0 ] && [ "$masters_before" = "$masters_after" ]; then
  ok "keel reconnected through PgBouncer without a restart: 200 again $rec_ms ms after it listened, last 40 requests 2xx, same masters"
else
  not_ok "recovery after PgBouncer restart: 200 after ${rec_ms:-never} ms, $tail_ok failed of the last 40, masters $masters_before -> $masters_after"
fi

# ---- 3. SIGHUP on every host in turn ------------------------------------------------------
# children I: the worker pids of host I's master, sorted.
children() { ps -o pid= --ppid "$(kc_host_master "$1")" | tr -d ' ' | sort | tr '\n' ' '; }
load_start hup
sleep 1
hup_ok=1
for i in 1 2 3; do
  old=$(children "$i")
  kill -HUP "$(kc_host_master "$i")"
  replaced=0
  for _ in $(seq 150); do
    now=$(children "$i")
    if [ -n "$now" ] && [ -z "$(comm -12 <(tr ' ' '\n' <<<"$old" | grep .) <(tr ' ' '\n' <<<"$now" | grep .))" ]; then
      replaced=1
      break
    fi
    sleep 0.1
  done
  [ "$replaced" = 1 ] || hup_ok=0
done
sleep 1
load_stop
out=$W/hup.out
note "load during SIGHUP on w1, w2, w3: $(summary "$out")"
total=$(grep -c . "$out" || true)
bad=$(count "$out" '($1 == "R" && $2 != 200) || ($1 == "W" && $2 != 201)')
if [ "$hup_ok" = 1 ] && [ "$bad" -eq 0 ] && [ "$total" -gt 50 ]; then
  ok "SIGHUP on each host in turn (every worker replaced): $total requests, 0 failed"
else
  not_ok "SIGHUP in turn: workers replaced on every host: $hup_ok; $bad failed of $total: $(awk '($1 == "R" && $2 != 200) || ($1 == "W" && $2 != 201)' "$out" | head -5 | tr '\n' ';')"
fi

# ---- 4. the read replica --------------------------------------------------------------------
auth=(-H "Authorization: Bearer $TOKEN")
report_url="$KC_BASE/api/v1/reports/time?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&group_by=project"
project=$(curl_lb "${auth[@]}" -H 'Content-Type: application/json' --data '{"title":"replica"}' \
  "$KC_BASE/api/v1/projects" | jq -r '.data.id // empty')
# add_entry HOUR: a 30-minute time entry on 2026-06-01 at HOUR; prints the HTTP status.
add_entry() {
  curl_lb -o /dev/null -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
    --data "{\"project_id\":\"$project\",\"start_time\":\"2026-06-01T$1:00:00Z\",\"end_time\":\"2026-06-01T$1:30:00Z\"}" \
    "$KC_BASE/api/v1/time-entries" || true
}
# report_minutes: total_minutes of the report ("status:minutes").
report_minutes() {
  curl_lb -o "$W/report.json" -w '%{http_code}' "${auth[@]}" "$report_url" >"$W/report.code" || true
  echo "$(cat "$W/report.code"):$(jq -r '.data.total_minutes // "?"' "$W/report.json" 2>/dev/null)"
}
c=$(add_entry 10)
# The replica has the entry once it replayed the primary's WAL up to now.
lsn=$(kc_psql "SELECT pg_current_wal_lsn()")
for _ in $(seq 100); do
  [ "$(kc_psql_rep "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ] && break
  sleep 0.05
done
sleep 1.1 # the workers' lag checks (at most once a second) see it caught up
results=""
for _ in $(seq 6); do results+=" $(report_minutes)"; done
readers=$(kc_psql_rep "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'keel-read' AND query LIKE '%time_entries%'")
if [ "$c" = 201 ] && [ "$(tr ' ' '\n' <<<"$results" | grep -c '^200:30$')" = 6 ] && [ "$readers" -ge 1 ]; then
  ok "time report from the replica: 6 x 200 with 30 minutes; $readers keel-read sessions on the replica ran it"
else
  not_ok "time report from the replica: entry $c, reports$results, keel-read sessions with the report on the replica: $readers"
fi
# The other two read routes: the replica logs every statement with its application name
# (tests/cluster/lib/cluster.sh), so a keel-read line with the route's statement shows it
# ran there; the dashboard's user and items stay on the primary.
replog=$KC_DIR/rep/log/postgres.log
for check in "dashboard/metrics/summary engagement_metrics" "dashboard/data FROM tasks WHERE"; do
  path=${check%% *}
  pattern=${check#* }
  logged=$(grep -c "keel-read .*$pattern" "$replog" || true)
  codes=""
  for _ in $(seq 6); do codes+=$(curl_lb -o /dev/null -w ' %{http_code}' "${auth[@]}" "$KC_BASE/api/v1/$path" || true); done
  n=$(($(grep -c "keel-read .*$pattern" "$replog" || true) - logged))
  users_here=$(grep -c "keel-read .*FROM users" "$replog" || true)
  if [ "$(tr ' ' '\n' <<<"$codes" | grep -c '^200$')" = 6 ] && [ "$n" -ge 6 ] && [ "$users_here" = 0 ]; then
    ok "$path: 6 x 200, its statement ran on the replica $n times (never one on users there)"
  else
    not_ok "$path:$codes, its statement ran on the replica $n times, $users_here statements on users there"
  fi
done

# Replay paused: the replica falls behind; once the lag passes KEEL_REPLICA_MAX_LAG_MS the
# report comes from the primary, with the entry only the primary has.
psql -X -q -h "$KC_DIR/rep/run" -p 5432 -U postgres -d postgres -c "SELECT pg_wal_replay_pause()" >/dev/null
sleep 1.2
c=$(add_entry 11)
t_w=$(now_ms)
fresh_ms=""
for _ in $(seq 60); do
  if [ "$(report_minutes)" = 200:60 ]; then
    fresh_ms=$(($(now_ms) - t_w))
    break
  fi
  sleep 0.1
done
if [ "$c" = 201 ] && [ -n "$fresh_ms" ]; then
  ok "replica paused (lagging): the report has the new entry from the primary after $fresh_ms ms (lag limit 1000 ms, checked once a second)"
else
  not_ok "replica paused: entry $c, the report never showed the primary's 60 minutes (last $(report_minutes))"
fi
psql -X -q -h "$KC_DIR/rep/run" -p 5432 -U postgres -d postgres -c "SELECT pg_wal_replay_resume()" >/dev/null

# Replica stopped: the read routes fall back to the primary, no request fails.
kc_rep_stop
results=""
for _ in $(seq 12); do results+=" $(report_minutes)"; done
good=$(tr ' ' '\n' <<<"$results" | grep -c '^200:60$' || true)
if [ "$good" = 12 ]; then
  ok "replica stopped: 12 reports, all 200 with 60 minutes from the primary"
else
  not_ok "replica stopped: reports$results"
fi

note "run time $(($(now_ms) - t0)) ms"
fs_finish
