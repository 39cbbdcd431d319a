#!/usr/bin/env bash
# Notes (src/notes/note_resource.h) through nginx with curl: the resource the README's
# "Adding a resource" walks through, and the proof that a declaration, a migration and
# one route line give the whole API. Create (JSON, form-encoded, multipart), read, list
# (sort, filter, q, after= cursor), PATCH, PUT, ETag/If-None-Match 304, If-Match 412,
# Idempotency-Key, another user's note 404, validation errors, DELETE 204. (Its exchanges
# are checked against docs/openapi.yaml with every other suite's: openapi_exchanges_test.)
# Run by scripts/run-tests with KEEL_TEST_BASE_URL and CURL_CA_BUNDLE.
# Prints `ok - ...` / `not ok - ...` per check; exits non-zero if any failed.
set -euo pipefail

base=${KEEL_TEST_BASE_URL:?KEEL_TEST_BASE_URL is not set}
export CURL_CA_BUNDLE=${CURL_CA_BUNDLE:-${KEEL_TEST_CA:?CURL_CA_BUNDLE is not set}}
api=$base/api/v1

# shellcheck source=tests/e2e/lib/calls.sh
. "$(dirname "$0")/lib/calls.sh"
# invalid NAME FIELD: a 400 VALIDATION_ERROR naming FIELD
invalid() { status_is "$1" 400 && jq_is "$1" .error.code VALIDATION_ERROR && jq_is "$1" .error.field "$2"; }
repeat() { head -c "$2" </dev/zero | tr '\0' "$1"; }

register() {
  local email
  email="notes-$1-$(date +%s)-$RANDOM@example.com"
  call "register_$1" POST /auth/register -H 'Content-Type: application/json' \
    -d "$(jq -cn --arg e "$email" '{email: $e, password: "correct horse battery staple"}')"
  value "register_$1" .data.access_token
}
alice=(-H "Authorization: Bearer $(register alice)")
bob=(-H "Authorization: Bearer $(register bob)")
json=(-H 'Content-Type: application/json')

# ---- create: JSON, form-encoded, multipart ------------------------------------------------
call c1 POST /notes "${alice[@]}" "${json[@]}" -d '{"title":"  Groceries  ","body":"milk\neggs"}'
check "POST notes (JSON) answers 201" status_is c1 201
id1=$(value c1 .data.id)
check "the 201 has Location /api/v1/notes/{id}" header_is c1 Location "/api/v1/notes/$id1"
check "the title is trimmed, the body keeps its line break" \
  jq_is c1 '.data.title + "|" + .data.body' $'Groceries|milk\neggs'
check "pinned defaults to false" jq_is c1 .data.pinned false
check "created_at and updated_at are set" jq_is c1 '.data.created_at != null and .data.updated_at != null' true

call c2 POST /notes "${alice[@]}" -d 'title=Book+club&body=Chapter+3&pinned=true'
check "POST notes (form-encoded, curl -d) answers 201" status_is c2 201
check "the form's pinned=true is a boolean true" jq_is c2 .data.pinned true
id2=$(value c2 .data.id)

call c3 POST /notes "${alice[@]}" -F title=Alphabet -F pinned=false
check "POST notes (multipart, curl -F) answers 201" status_is c3 201
check "a note without a body has body null" jq_is c3 .data.body null
id3=$(value c3 .data.id)
call c4 POST /notes "${alice[@]}" "${json[@]}" -d '{"title":"Zebra crossing","pinned":true}'
id4=$(value c4 .data.id)

# ---- read, ETag ---------------------------------------------------------------------------
call g1 GET "/notes/$id1" "${alice[@]}"
check "GET notes/{id} answers 200 with the note" jq_is g1 .data.id "$id1"
etag1=$(header g1 ETag)
check "the read carries an ETag" test -n "$etag1"
call g304 GET "/notes/$id1" "${alice[@]}" -H "If-None-Match: $etag1"
check "If-None-Match with the current ETag answers 304" status_is g304 304
check "the 304 has no body" empty_body g304

# ---- list: sort, filter, q, cursor -------------------------------------------------------
call l_all GET /notes "${alice[@]}"
check "the list has alice's 4 notes" jq_is l_all .pagination.total 4
check "the default order is newest first" jq_is l_all '[.data[].id] | join(",")' "$id4,$id3,$id2,$id1"
call l_title GET "/notes?sort=title" "${alice[@]}"
check "sort=title orders A-Z" jq_is l_title '[.data[].title] | join(",")' \
  "Alphabet,Book club,Groceries,Zebra crossing"
call l_rtitle GET "/notes?sort=-title" "${alice[@]}"
check "sort=-title orders Z-A" jq_is l_rtitle '.data[0].title' "Zebra crossing"
call l_pinned GET "/notes?pinned=true&sort=title" "${alice[@]}"
check "pinned=true filters" jq_is l_pinned '[.data[].title] | join(",")' "Book club,Zebra crossing"
call l_unpinned GET "/notes?pinned=false" "${alice[@]}"
check "pinned=false filters" jq_is l_unpinned .pagination.total 2
call l_eq GET "/notes?title=Alphabet" "${alice[@]}"
check "title= filters by the exact title" jq_is l_eq '[.data[].id] | join(",")' "$id3"
call l_q GET "/notes?q=CLUB" "${alice[@]}"
check "q searches the title, case-insensitively" jq_is l_q '[.data[].id] | join(",")' "$id2"
call l_range GET "/notes?created_at_gte=2000-01-01T00:00:00Z&created_at_lt=2000-01-02T00:00:00Z" "${alice[@]}"
check "created_at ranges filter" jq_is l_range .pagination.total 0
call p1 GET "/notes?sort=title&limit=2&count=none" "${alice[@]}"
next=$(value p1 '.pagination.next // empty')
check "a page of 2 offers the next page's cursor" test -n "$next"
call p2 GET "/notes?sort=title&limit=2&count=none&after=$next" "${alice[@]}"
check "after= continues where the page ended" jq_is p2 '[.data[].title] | join(",")' \
  "Groceries,Zebra crossing"
call l_badsort GET "/notes?sort=body" "${alice[@]}"
check "sort by a column the declaration does not sort answers 400" invalid l_badsort sort
call l_badpin GET "/notes?pinned=maybe" "${alice[@]}"
check "pinned=maybe answers 400 naming pinned" invalid l_badpin pinned

# ---- PATCH, PUT, If-Match ----------------------------------------------------------------
call patch PATCH "/notes/$id1" "${alice[@]}" "${json[@]}" -d '{"pinned":true}'
check "PATCH answers 200" status_is patch 200
check "PATCH changes the fields sent only" jq_is patch '"\(.data.pinned)|\(.data.title)|\(.data.body)"' \
  $'true|Groceries|milk\neggs'
check "PATCH moves updated_at" jq_is patch ".data.updated_at > \"$(value c1 .data.updated_at)\"" true
call stale PATCH "/notes/$id1" "${alice[@]}" "${json[@]}" -H "If-Match: $etag1" -d '{"title":"lost"}'
check "If-Match with a stale ETag answers 412" status_is stale 412
check "412 is PRECONDITION_FAILED" jq_is stale .error.code PRECONDITION_FAILED
call g2 GET "/notes/$id1" "${alice[@]}"
call put PUT "/notes/$id1" "${alice[@]}" "${json[@]}" -H "If-Match: $(header g2 ETag)" \
  -d '{"title":"Groceries for Sunday"}'
check "PUT with the current If-Match answers 200" status_is put 200
check "PUT stores absent fields as null or their default" \
  jq_is put '"\(.data.title)|\(.data.body)|\(.data.pinned)"' "Groceries for Sunday|null|false"
call echo PUT "/notes/$id1" "${alice[@]}" "${json[@]}" -d "$(jq -c '.data | .title = "Echoed"' "$work/put.body")"
check "PUT of what GET returned (id, user_id, timestamps echoed) answers 200" status_is echo 200
call g304b GET "/notes/$id1" "${alice[@]}" -H "If-None-Match: $etag1"
check "after the change the old ETag gets 200" status_is g304b 200

# ---- Idempotency-Key ---------------------------------------------------------------------
key="notes-$RANDOM-$RANDOM"
call i1 POST /notes "${alice[@]}" "${json[@]}" -H "Idempotency-Key: $key" -d '{"title":"once"}'
call i2 POST /notes "${alice[@]}" "${json[@]}" -H "Idempotency-Key: $key" -d '{"title":"once"}'
check "a POST replayed with its Idempotency-Key is the first answer" \
  test "$(value i2 .data.id)" = "$(value i1 .data.id)" -a "$(header i2 Idempotent-Replayed)" = true

# ---- another user's notes ----------------------------------------------------------------
call b_get GET "/notes/$id1" "${bob[@]}"
check "bob reading alice's note gets 404" status_is b_get 404
call b_patch PATCH "/notes/$id1" "${bob[@]}" "${json[@]}" -d '{"title":"mine"}'
check "bob changing alice's note gets 404" status_is b_patch 404
call b_del DELETE "/notes/$id1" "${bob[@]}"
check "bob deleting alice's note gets 404" status_is b_del 404
call b_list GET /notes "${bob[@]}"
check "bob's list is empty" jq_is b_list .pagination.total 0
call anon GET /notes
check "without credentials: 401" status_is anon 401

# ---- validation --------------------------------------------------------------------------
call v_blank POST /notes "${alice[@]}" "${json[@]}" -d '{"title":"   "}'
check "a blank title answers 400 naming title" invalid v_blank title
call v_missing POST /notes "${alice[@]}" -d 'body=no+title'
check "a form without a title answers 400 naming title" invalid v_missing title
call v_unknown POST /notes "${alice[@]}" "${json[@]}" -d '{"title":"x","colour":"red"}'
check "an unknown field answers 400 naming it" invalid v_unknown colour
call v_long POST /notes "${alice[@]}" "${json[@]}" -d "{\"title\":\"$(repeat x 256)\"}"
check "a 256-character title answers 400 naming title" invalid v_long title
call v_body POST /notes "${alice[@]}" "${json[@]}" -d "{\"title\":\"x\",\"body\":\"$(repeat y 20001)\"}"
check "a 20001-character body answers 400 naming body" invalid v_body body
call v_max POST /notes "${alice[@]}" "${json[@]}" -d "{\"title\":\"$(repeat x 255)\",\"body\":\"$(repeat y 20000)\"}"
check "a 255-character title and a 20000-character body are accepted" status_is v_max 201
call v_pin PATCH "/notes/$id2" "${alice[@]}" "${json[@]}" -d '{"pinned":"sometimes"}'
check "pinned must be a boolean" invalid v_pin pinned
call v_null PATCH "/notes/$id2" "${alice[@]}" "${json[@]}" -d '{"title":null}'
check "PATCH title:null answers 400 naming title" invalid v_null title
call v_id GET /notes/not-a-uuid "${alice[@]}"
check "a malformed id answers 404" status_is v_id 404

# ---- delete ------------------------------------------------------------------------------
call d1 DELETE "/notes/$id3" "${alice[@]}"
check "DELETE answers 204" status_is d1 204
check "the 204 has no body" empty_body d1
call d_gone GET "/notes/$id3" "${alice[@]}"
check "the deleted note is gone" status_is d_gone 404
call d_again DELETE "/notes/$id3" "${alice[@]}"
check "deleting it again answers 404" status_is d_again 404

finish
