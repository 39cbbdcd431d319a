#!/usr/bin/env bash
# The HTTP semantics every API resource has (src/app/http_semantics.h, CONTRACT §3),
# through nginx with curl: ETag + If-None-Match → 304, If-Match → 412 when stale,
# Idempotency-Key replay / 422 / 409, WWW-Authenticate on 401, gzip of large JSON, the
# Cache-Control keel sends passing through nginx, and cursor pagination (after=, count=none).
# Run by scripts/run-tests with KEEL_TEST_BASE_URL, CURL_CA_BUNDLE and DATABASE_URL; its
# answers are checked against docs/openapi.yaml with every other end-to-end test's
# (tests/e2e/openapi_exchanges_test.sh).
# Prints `ok - ...` / `not ok - ...` per check; exits non-zero if any failed.
set -euo pipefail

base=${KEEL_TEST_BASE_URL:?KEEL_TEST_BASE_URL is not set}
export CURL_CA_BUNDLE=${CURL_CA_BUNDLE:-${KEEL_TEST_CA:?CURL_CA_BUNDLE is not set}}
db=${DATABASE_URL:?DATABASE_URL is not set}
api=$base/api/v1

# shellcheck source=tests/e2e/lib/calls.sh
. "$(dirname "$0")/lib/calls.sh"
lock_pid=""
trap '[ -n "$lock_pid" ] && kill "$lock_pid" 2>/dev/null; rm -rf "$work"' EXIT
psql_q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$db" -c "$1"; }

email="http-$(date +%s)-$RANDOM@example.com"
creds=$(jq -cn --arg e "$email" '{email: $e, password: "correct horse battery staple"}')
call register POST /auth/register -H 'Content-Type: application/json' -d "$creds"
check "register answers 201" status_is register 201
check "sign-in answers stay no-store" header_is register Cache-Control no-store
token=$(value register .data.access_token)
auth=(-H "Authorization: Bearer $token")
json=(-H 'Content-Type: application/json')

# ---- ETag and If-None-Match ------------------------------------------------------------
call create POST /tasks "${auth[@]}" "${json[@]}" -d '{"title":"conditional"}'
check "create answers 201" status_is create 201
id=$(value create .data.id)

call get1 GET "/tasks/$id" "${auth[@]}"
etag1=$(header get1 ETag)
check "GET of an item carries an ETag" test -n "$etag1"
check "API reads are Cache-Control: private, no-cache" header_is get1 Cache-Control "private, no-cache"
call get304 GET "/tasks/$id" "${auth[@]}" -H "If-None-Match: $etag1"
check "If-None-Match with the current ETag answers 304" status_is get304 304
check "the 304 has no body" empty_body get304
check "the 304 repeats the ETag" header_is get304 ETag "$etag1"

call list1 GET "/tasks?limit=5" "${auth[@]}"
list_etag=$(header list1 ETag)
check "GET of a list page carries an ETag" test -n "$list_etag"
call list304 GET "/tasks?limit=5" "${auth[@]}" -H "If-None-Match: \"other\", $list_etag"
check "If-None-Match naming the list page's ETag answers 304" status_is list304 304

call patch1 PATCH "/tasks/$id" "${auth[@]}" "${json[@]}" -d '{"title":"changed"}'
check "an unconditional PATCH answers 200" status_is patch1 200
call get2 GET "/tasks/$id" "${auth[@]}" -H "If-None-Match: $etag1"
check "after a change the old ETag gets 200" status_is get2 200
etag2=$(header get2 ETag)
check "after a change the ETag differs" test "$etag2" != "$etag1"
call list2 GET "/tasks?limit=5" "${auth[@]}" -H "If-None-Match: $list_etag"
check "after a change the list page's old ETag gets 200" status_is list2 200

# ---- If-Match ---------------------------------------------------------------------------
call stale PATCH "/tasks/$id" "${auth[@]}" "${json[@]}" -H "If-Match: $etag1" -d '{"title":"lost"}'
check "If-Match with a stale ETag answers 412" status_is stale 412
check "412 is PRECONDITION_FAILED" jq_is stale .error.code PRECONDITION_FAILED
call unchanged GET "/tasks/$id" "${auth[@]}"
check "the stale write changed nothing" jq_is unchanged .data.title changed
call current PATCH "/tasks/$id" "${auth[@]}" "${json[@]}" -H "If-Match: $etag2" -d '{"title":"won"}'
check "If-Match with the current ETag answers 200" status_is current 200
check "the conditional write applied" jq_is current .data.title won
call del_stale DELETE "/tasks/$id" "${auth[@]}" -H "If-Match: $etag2"
check "DELETE with a stale If-Match answers 412" status_is del_stale 412
call get3 GET "/tasks/$id" "${auth[@]}"
call del_ok DELETE "/tasks/$id" "${auth[@]}" -H "If-Match: $(header get3 ETag)"
check "DELETE with the current If-Match answers 204" status_is del_ok 204
call del_gone DELETE "/tasks/$id" "${auth[@]}" -H 'If-Match: *'
check "If-Match on a deleted item answers 404" status_is del_gone 404

# Two editors with the same ETag, both past the check before either writes (the row is
# locked from psql until both wait on it): one wins, the other gets 412, not a silent
# overwrite.
call race_create POST /tasks "${auth[@]}" "${json[@]}" -d '{"title":"contended"}'
race_id=$(value race_create .data.id)
call race_get GET "/tasks/$race_id" "${auth[@]}"
race_etag=$(header race_get ETag)
psql -X -q "$db" -c "BEGIN; SELECT id FROM tasks WHERE id = '$race_id' FOR UPDATE; SELECT pg_sleep(1.5); COMMIT;" \
  >/dev/null 2>&1 &
lock_pid=$!
for _ in $(seq 1 100); do
  [ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%$race_id%'")" = 1 ] && break
  sleep 0.02
done
for who in a b; do
  call "race_$who" PATCH "/tasks/$race_id" "${auth[@]}" "${json[@]}" -H "If-Match: $race_etag" \
    -d "{\"title\":\"editor $who\"}" &
done
waiting=0
for _ in $(seq 1 70); do
  waiting=$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE tasks%'")
  [ "$waiting" = 2 ] && break
  sleep 0.02
done
wait
lock_pid=""
check "both conditional writes passed the check and waited for the row" test "$waiting" = 2
statuses=$(printf '%s\n%s\n' "$(cat "$work/race_a.status")" "$(cat "$work/race_b.status")" | sort | tr '\n' ' ')
check "of two editors with the same ETag one gets 200, the other 412 ($statuses)" \
  test "$statuses" = "200 412 "
call race_after GET "/tasks/$race_id" "${auth[@]}"
winner=$([ "$(cat "$work/race_a.status")" = 200 ] && echo a || echo b)
check "the winner's write is the one kept" jq_is race_after .data.title "editor $winner"

# ---- Idempotency-Key --------------------------------------------------------------------
key="key-$RANDOM-$RANDOM"
body='{"title":"once only"}'
call idem1 POST /tasks "${auth[@]}" "${json[@]}" -H "Idempotency-Key: $key" -d "$body"
check "first POST with a key answers 201" status_is idem1 201
check "the first answer is not marked replayed" header_is idem1 Idempotent-Replayed ""
call idem2 POST /tasks "${auth[@]}" "${json[@]}" -H "Idempotency-Key: $key" -d "$body"
check "the replay answers 201" status_is idem2 201
check "the replay carries Idempotent-Replayed: true" header_is idem2 Idempotent-Replayed true
check "the replay is the first answer" test "$(value idem2 .data.id)" = "$(value idem1 .data.id)"
check "the replay keeps Location" header_is idem2 Location "$(header idem1 Location)"
n=$(psql_q "SELECT count(*) FROM tasks t JOIN users u ON u.id = t.user_id WHERE u.email = '$email' AND t.title = 'once only'")
check "only one task was created" test "$n" = 1
call idem3 POST /tasks "${auth[@]}" "${json[@]}" -H "Idempotency-Key: $key" -d '{"title":"another"}'
check "the same key with a different body answers 422" status_is idem3 422
check "422 is VALIDATION_ERROR" jq_is idem3 .error.code VALIDATION_ERROR

# While the first request runs (blocked on a table lock held from psql), a second with
# the same key is 409. The lock is held 1.5 s, below keel's 2 s lock_timeout.
key2="run-$RANDOM-$RANDOM"
psql -X -q "$db" -c "BEGIN; LOCK TABLE tasks IN EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT;" \
  >/dev/null 2>&1 &
lock_pid=$!
locked=0
for _ in $(seq 1 100); do
  if [ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'tasks' AND l.mode = 'ExclusiveLock' AND l.granted")" = 1 ]; then
    locked=1
    break
  fi
  sleep 0.02
done
check "psql holds the table lock" test "$locked" = 1
call run1 POST /tasks "${auth[@]}" "${json[@]}" -H "Idempotency-Key: $key2" -d "$body" &
run1_pid=$!
claimed=0
for _ in $(seq 1 50); do
  if [ "$(psql_q "SELECT count(*) FROM idempotency_keys WHERE key = '$key2' AND status IS NULL")" = 1 ]; then
    claimed=1
    break
  fi
  sleep 0.02
done
check "the first request claimed its key" test "$claimed" = 1
call run2 POST /tasks "${auth[@]}" "${json[@]}" -H "Idempotency-Key: $key2" -d "$body"
check "the same key while the first runs answers 409" status_is run2 409
wait "$run1_pid" || true
wait "$lock_pid" || true
lock_pid=""
check "the first request completes 201 once the lock is gone" status_is run1 201

# ---- WWW-Authenticate (RFC 6750) --------------------------------------------------------
call anon GET /tasks
check "401 without a token" status_is anon 401
check "401 without a token names Bearer" header_is anon WWW-Authenticate 'Bearer realm="keel"'
call badtok GET /tasks -H 'Authorization: Bearer not.a.token'
check "401 with a bad token is invalid_token" \
  header_is badtok WWW-Authenticate 'Bearer realm="keel", error="invalid_token"'

# ---- gzip of large JSON ------------------------------------------------------------------
for i in 1 2 3 4 5 6; do
  call "fill$i" POST /tasks "${auth[@]}" "${json[@]}" \
    -d "{\"title\":\"filler $i\",\"description\":\"$(printf 'x%.0s' $(seq 1 100))\"}"
done
call big GET "/tasks?limit=100" "${auth[@]}" -H 'Accept-Encoding: gzip'
check "a large list is gzip-compressed when accepted" header_is big Content-Encoding gzip
check "the compressed answer says Vary: Accept-Encoding" \
  grep -qi '^Vary:.*Accept-Encoding' "$work/big.headers"
check "the compressed body is gzip" sh -c "gzip -dc '$work/big.body' | jq -e '.data | length >= 8' >/dev/null"
call plain GET "/tasks?limit=100" "${auth[@]}"
check "without Accept-Encoding the list is not compressed" header_is plain Content-Encoding ""
call small GET /auth/me "${auth[@]}" -H 'Accept-Encoding: gzip'
check "a small answer is not compressed" header_is small Content-Encoding ""

# ---- cursor pagination -------------------------------------------------------------------
email2="cursor-$(date +%s)-$RANDOM@example.com"
creds2=$(jq -cn --arg e "$email2" '{email: $e, password: "correct horse battery staple"}')
call register2 POST /auth/register "${json[@]}" -d "$creds2"
auth2=(-H "Authorization: Bearer $(value register2 .data.access_token)")
: >"$work/original"
for i in 1 2 3 4 5 6 7; do
  due=$([ $((i % 3)) = 0 ] && echo null || echo "\"2025-01-0$i\"")
  call "seed$i" POST /tasks "${auth2[@]}" "${json[@]}" -d "{\"title\":\"row $i\",\"due_date\":$due}"
  value "seed$i" .data.id >>"$work/original"
done
check "seven rows to walk" test "$(sort -u "$work/original" | wc -l)" = 7

# walk SORT: follows pagination.next with limit=3, inserting a row after each page; the
# ids seen go to $work/seen.
walk() {
  local sort=$1 query after="" page=0
  : >"$work/seen"
  while [ "$page" -lt 10 ]; do
    page=$((page + 1))
    query="limit=3&sort=$sort${after:+&after=$after}"
    call walk GET "/tasks?$query" "${auth2[@]}"
    status_is walk 200 || return 1
    jq -r '.data[].id' "$work/walk.body" >>"$work/seen"
    call "ins$page" POST /tasks "${auth2[@]}" "${json[@]}" -d "{\"title\":\"inserted $page\"}"
    after=$(jq -r '.pagination.next // empty' "$work/walk.body")
    [ -n "$after" ] || return 0
  done
  return 1
}
all_original_seen() { [ "$(sort "$work/original" | comm -23 - <(sort -u "$work/seen") | wc -l)" = 0 ]; }
no_duplicates() { [ "$(sort "$work/seen" | uniq -d | wc -l)" = 0 ]; }
check "a cursor walk by -created_at ends" walk -created_at
check "the -created_at walk sees every row that existed" all_original_seen
check "the -created_at walk sees no row twice" no_duplicates
check "the -created_at walk sees none of the rows inserted behind it" \
  test "$(wc -l <"$work/seen")" = 7
check "a cursor walk by due_date (NULLs last) ends" walk due_date
check "the due_date walk sees every row that existed" all_original_seen
check "the due_date walk sees no row twice" no_duplicates

call counted GET "/tasks?limit=2" "${auth2[@]}"
check "a list page counts its total by default" jq_is counted '.pagination.total > 0' true
call uncounted GET "/tasks?limit=2&count=none" "${auth2[@]}"
check "count=none answers 200" status_is uncounted 200
check "count=none has no total" jq_is uncounted '.pagination | has("total") or has("pages")' false
check "count=none still offers the next page" jq_is uncounted '.pagination.next | length > 0' true
call garbage GET "/tasks?after=bm9wZQ" "${auth2[@]}"
check "a garbage cursor answers 400" status_is garbage 400
check "the 400 names after" jq_is garbage .error.field after
next=$(value counted .pagination.next)
call othersort GET "/tasks?sort=title&after=$next" "${auth2[@]}"
check "a cursor of another sort answers 400" status_is othersort 400
call withpage GET "/tasks?page=2&after=$next" "${auth2[@]}"
check "after with page answers 400" status_is withpage 400

finish
