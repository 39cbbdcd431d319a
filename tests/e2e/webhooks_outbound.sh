#!/usr/bin/env bash
# Outbound webhooks end to end, on a stack of its own (KEEL_WEBHOOK_ALLOW_PRIVATE=1 so a
# receiver on loopback is allowed; 100 ms back-off, 3 attempts, 1.5 s timeout, 4 s lease;
# a subscription is disabled after 3 failed attempts in a row). A node receiver on
# loopback verifies every delivery with the official `standardwebhooks` library.
# Checks: subscription validation (bad URL, unknown event, metadata address always
# refused, nothing stored); a task's create and update arrive signed and verified, the
# delivery log shows them; a receiver answering 500 gets 3 attempts, then the delivery
# is failed, the job dead and the subscription disabled with its reason; a redirect is
# not followed; redeliver sends the same webhook-id again; a receiver that hangs is cut
# at the timeout while the API keeps answering; a job worker killed with -9 mid-delivery
# loses nothing: the job runs again after its lease. Bounded: ~30 s.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

fs_start --auth-rate 1000r/s --auth-burst 1000 --keel-env KEEL_JOB_WORKERS=1 \
  --keel-env KEEL_WEBHOOK_ALLOW_PRIVATE=1 --keel-env KEEL_JOB_BACKOFF_MS=100 \
  --keel-env KEEL_JOB_MAX_ATTEMPTS=3 --keel-env KEEL_WEBHOOK_TIMEOUT_MS=1500 \
  --keel-env KEEL_JOB_LEASE_MS=4000 --keel-env KEEL_WEBHOOK_DISABLE_AFTER=3

secrets=$FS_WORK/secrets.json
received=$FS_WORK/received.jsonl
echo '{}' >"$secrets"
: >"$received"
node "$FS_REPO/tests/e2e/lib/webhook_receiver.mjs" "$secrets" "$received" >"$FS_WORK/receiver.out" 2>&1 &
receiver_pid=$!
fs_on_exit "kill $receiver_pid"
port=""
for ((i = 0; i < 100; i++)); do
  port=$(head -n1 "$FS_WORK/receiver.out" 2>/dev/null | tr -dc '0-9')
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -z "$port" ]; then
  not_ok "the receiver did not start: $(cat "$FS_WORK/receiver.out")"
  exit 1
fi
hook=http://127.0.0.1:$port

code=$(fs_register "hooks-$$-$RANDOM@example.com" "correct horse battery")
token=$(jq -r '.data.access_token // empty' "$FS_WORK/last.json" 2>/dev/null || true)
if [ "$code" != 201 ] || [ -z "$token" ]; then
  not_ok "register a user (got $code)"
  exit 1
fi

# api METHOD PATH [JSON]: prints the status; the body is in $FS_WORK/body.json.
api() {
  local args=(-sS --max-time 10 -o "$FS_WORK/body.json" -w '%{http_code}' -X "$1"
    -H "Authorization: Bearer $token")
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$FS_BASE/api/v1/$2" 2>/dev/null || echo 000
}
check() {  # check WHAT EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (expected $2, got $3: $(head -c 300 "$FS_WORK/body.json"))"; fi
}
# subscribe PATH EVENTS_JSON: creates a subscription to the receiver's PATH, records its
# secret for the receiver, prints its id.
subscribe() {
  local c id secret
  c=$(api POST webhook-subscriptions "{\"url\":\"$hook$1\",\"events\":$2,\"description\":\"<b>$1</b>\"}")
  id=$(jq -r '.data.id // empty' "$FS_WORK/body.json")
  secret=$(jq -r '.data.secret // empty' "$FS_WORK/body.json")
  if [ "$c" != 201 ] || [[ "$secret" != whsec_* ]]; then
    not_ok "subscribe $1 (got $c: $(head -c 300 "$FS_WORK/body.json"))"
    return 0
  fi
  jq --arg p "$1" --arg s "$secret" '. + {($p): $s}' "$secrets" >"$secrets.new" && mv "$secrets.new" "$secrets"
  echo "$id"
}
# wait_received FILTER N SECONDS: waits until N lines of the receiver's log match FILTER.
wait_received() {
  local deadline=$((SECONDS + $3)) n=0
  while [ "$SECONDS" -le "$deadline" ]; do
    n=$(jq -c "select($1)" "$received" 2>/dev/null | wc -l)
    [ "$n" -ge "$2" ] && return 0
    sleep 0.05
  done
  return 1
}
# delivery_field SUB FIELD: the newest delivery's FIELD.
delivery_field() {
  api GET "webhook-subscriptions/$1/deliveries" >/dev/null
  jq -r ".data[0].$2" "$FS_WORK/body.json"
}

# ---- validation: nothing is stored ----------------------------------------------------
check "a URL that is not http(s) is refused" 400 "$(api POST webhook-subscriptions '{"url":"ftp://127.0.0.1/x","events":["task.created"]}')"
check "an unknown event is refused" 400 "$(api POST webhook-subscriptions "{\"url\":\"$hook/ok\",\"events\":[\"task.exploded\"]}")"
check "the cloud metadata address is refused even with private allowed" 400 \
  "$(api POST webhook-subscriptions '{"url":"http://169.254.169.254/latest","events":["task.created"]}')"
check "an empty event list is refused" 400 "$(api POST webhook-subscriptions "{\"url\":\"$hook/ok\",\"events\":[]}")"
api GET webhook-subscriptions >/dev/null
check "no subscription was stored by the refused requests" 0 "$(jq '.data | length' "$FS_WORK/body.json")"

# ---- a verified delivery ---------------------------------------------------------------
ok_sub=$(subscribe /ok '["task.created","task.updated"]')
api GET "webhook-subscriptions/$ok_sub" >/dev/null
check "the secret is shown only once" null "$(jq -r '.data.secret // "null"' "$FS_WORK/body.json")"
t0=$(now_ms)
api POST tasks '{"title":"ship <it> & \"quote\""}' >/dev/null
task_id=$(jq -r '.data.id' "$FS_WORK/body.json")
if wait_received '.path == "/ok" and .type == "task.created"' 1 10; then
  ok "task.created arrived in $(($(now_ms) - t0)) ms"
else
  not_ok "task.created did not arrive within 10 s: $(cat "$received")"
fi
check "standardwebhooks verified keel's signature" true \
  "$(jq -r 'select(.type == "task.created") | .verified' "$received" | head -n1)"
check "the payload carries the task" "ship <it> & \"quote\"" \
  "$(jq -r 'select(.type == "task.created") | .data.title' "$received" | head -n1)"
check "PATCH the task" 200 "$(api PATCH "tasks/$task_id" '{"title":"renamed"}')"
wait_received '.type == "task.updated" and .verified' 1 10 && ok "task.updated arrived verified" ||
  not_ok "task.updated did not arrive verified"
api DELETE "tasks/$task_id" >/dev/null
status=$(delivery_field "$ok_sub" status)
check "the delivery log shows the newest delivery succeeded" succeeded "$status"
check "with the receiver's status" 204 "$(jq -r '.data[0].response_code' "$FS_WORK/body.json")"
check "two deliveries (task.deleted was not subscribed)" 2 "$(jq '.data | length' "$FS_WORK/body.json")"
first_id=$(jq -r '.data[1].id' "$FS_WORK/body.json")

# ---- redeliver: the same webhook-id again -----------------------------------------------
note "redeliver $first_id of $ok_sub"
check "redeliver is accepted" 202 "$(api POST "webhook-subscriptions/$ok_sub/deliveries/$first_id/redeliver")"
wait_received ".id == \"msg_$first_id\" and .verified" 2 10 && ok "the redelivery arrived with the same webhook-id" ||
  not_ok "the redelivery did not arrive: $(grep -c "msg_$first_id" "$received")"
check "redeliver of another user's or an unknown delivery is 404" 404 \
  "$(api POST "webhook-subscriptions/$ok_sub/deliveries/00000000-0000-4000-8000-000000000000/redeliver")"

# ---- a receiver answering 500: retries, failed, dead, disabled ------------------------------
fail_sub=$(subscribe /fail '["project.created"]')
redirect_sub=$(subscribe /redirect '["project.created"]')
api POST projects '{"title":"p1"}' >/dev/null
if wait_received '.path == "/fail"' 3 15; then ok "the failing receiver got 3 attempts"; else not_ok "3 attempts to /fail: $(grep -c '"/fail"' "$received")"; fi
deadline=$((SECONDS + 10))
while [ "$SECONDS" -le "$deadline" ] && [ "$(delivery_field "$fail_sub" status)" != failed ]; do sleep 0.1; done
check "the delivery is failed after its last attempt" failed "$(delivery_field "$fail_sub" status)"
check "with 3 attempts" 3 "$(jq -r '.data[0].attempts' "$FS_WORK/body.json")"
check "and the last response code" 500 "$(jq -r '.data[0].response_code' "$FS_WORK/body.json")"
api GET "webhook-subscriptions/$fail_sub" >/dev/null
check "the subscription that kept failing is disabled" false "$(jq -r '.data.enabled' "$FS_WORK/body.json")"
reason=$(jq -r '.data.disabled_reason // empty' "$FS_WORK/body.json")
[[ "$reason" == *"3 failed"* ]] && ok "its reason is recorded: $reason" || not_ok "disabled_reason: '$reason'"
check "a redirect is not followed (the receiver's /ok saw no project event)" 0 \
  "$(jq -c 'select(.path == "/ok" and .type == "project.created")' "$received" | wc -l)"
dead=$(curl -sS --max-time 5 "$FS_METRICS/status" | jq '.jobs.dead')
[ "${dead:-0}" -ge 2 ] && ok "/status counts the dead jobs ($dead)" || not_ok "/status jobs.dead=$dead"
metrics_text=$(curl -sS --max-time 5 "$FS_METRICS/metrics")
grep -q '^keel_jobs{state="dead"}' <<<"$metrics_text" &&
  ok "/metrics has keel_jobs by state" || not_ok "/metrics lacks keel_jobs"
check "PATCH enabled=true enables it again" true \
  "$(api PATCH "webhook-subscriptions/$fail_sub" '{"enabled":true}' >/dev/null; jq -r '.data.enabled' "$FS_WORK/body.json")"
check "DELETE removes a subscription" 204 "$(api DELETE "webhook-subscriptions/$redirect_sub")"
check "and it is gone" 404 "$(api GET "webhook-subscriptions/$redirect_sub")"
api DELETE "webhook-subscriptions/$fail_sub" >/dev/null

# ---- a receiver that hangs; the job worker killed with -9 mid-delivery -------------------
hang_sub=$(subscribe /hang '["time_entry.created"]')
api POST projects '{"title":"p2"}' >/dev/null
project_id=$(jq -r '.data.id' "$FS_WORK/body.json")
api POST time-entries "{\"project_id\":\"$project_id\",\"start_time\":\"2026-01-01T09:00:00Z\",\"end_time\":\"2026-01-01T10:00:00Z\"}" >/dev/null
if ! wait_received '.path == "/hang"' 1 10; then
  not_ok "the hanging receiver was not reached"
  exit 1
fi
job_pid=$(curl -sS --max-time 5 "$FS_METRICS/status" | jq -r '.workers[] | select(.pool == "jobs") | .pid' | head -n1)
t_health=$(curl -sS --max-time 5 -o /dev/null -w '%{time_total}' "$FS_BASE/health")
ok "the API answers /health in ${t_health}s while a delivery hangs"
kill -9 "$job_pid"
t_kill=$(now_ms)
note "killed job worker $job_pid mid-delivery"
if wait_received '.path == "/hang"' 2 15; then
  waited=$(($(now_ms) - t_kill))
  if [ "$waited" -ge 2000 ]; then
    ok "the killed worker's job ran again after its lease (${waited} ms after the kill)"
  else
    not_ok "the job ran again after ${waited} ms: before its lease could expire"
  fi
else
  not_ok "the killed worker's job did not run again within 15 s"
fi
new_job_pid=$(curl -sS --max-time 5 "$FS_METRICS/status" | jq -r '.workers[] | select(.pool == "jobs") | .pid' | head -n1)
[ -n "$new_job_pid" ] && [ "$new_job_pid" != "$job_pid" ] && ok "the master replaced the job worker ($new_job_pid)" ||
  not_ok "job worker after the kill: '$new_job_pid'"
deadline=$((SECONDS + 15))
while [ "$SECONDS" -le "$deadline" ] && [ "$(delivery_field "$hang_sub" last_error)" = null ]; do sleep 0.2; done
err=$(delivery_field "$hang_sub" last_error)
[[ "$err" == *"imeout"* || "$err" == *"timed out"* ]] && ok "a hanging receiver is cut at the timeout: $err" ||
  not_ok "last_error of the hanging delivery: $err"
