#!/usr/bin/env bash
# The auth flow the way a shell-script user drives it, with plain curl and jq:
# register → login → me → refresh → logout → the old token is refused (CONTRACT §4).
# Run by scripts/run-tests with KEEL_TEST_BASE_URL and CURL_CA_BUNDLE (the stack's
# certificate). Prints `ok - ...` / `not ok - ...` per check and exits non-zero if any
# failed. Needs curl and jq.
set -euo pipefail

base=${KEEL_TEST_BASE_URL:?KEEL_TEST_BASE_URL is not set}
export CURL_CA_BUNDLE=${CURL_CA_BUNDLE:-${KEEL_TEST_CA:?CURL_CA_BUNDLE is not set}}
api=$base/api/v1

# shellcheck source=tests/e2e/lib/calls.sh
. "$(dirname "$0")/lib/calls.sh"

email="curl-$(date +%s)-$RANDOM@example.com"
password='correct horse battery staple'
creds=$(jq -cn --arg e "$email" --arg p "$password" '{email: $e, password: $p}')

call register POST /auth/register -H 'Content-Type: application/json' -d "$creds"
check "register answers 201" status_is register 201
check "register returns the user" jq_is register .data.user.email "$email"
check "register returns a bearer pair" jq_is register .data.token_type Bearer

call login POST /auth/login -H 'Content-Type: application/json' -d "$creds"
check "login answers 200" status_is login 200
access=$(value login .data.access_token)
refresh=$(value login .data.refresh_token)
check "login returns an access token" test -n "$access"
check "login returns a 43-character refresh token" test "${#refresh}" -eq 43

# Form-encoded, as `curl -d` sends it, reaches the same login.
call form POST /auth/login --data-urlencode "email=$email" --data-urlencode "password=$password"
check "form-encoded login answers 200" status_is form 200

call me GET /auth/me -H "Authorization: Bearer $access"
check "me answers 200 with the bearer token" status_is me 200
check "me is the registered user" jq_is me .data.email "$email"

call refresh POST /auth/refresh -H 'Content-Type: application/json' \
  -d "$(jq -cn --arg t "$refresh" '{refresh_token: $t}')"
check "refresh answers 200" status_is refresh 200
new_access=$(value refresh .data.access_token)
new_refresh=$(value refresh .data.refresh_token)
check "refresh rotates the refresh token" test "$new_refresh" != "$refresh"

call me2 GET /auth/me -H "Authorization: Bearer $new_access"
check "the new access token works" status_is me2 200

call logout POST /auth/logout -H "Authorization: Bearer $new_access"
check "logout answers 204" status_is logout 204

call after GET /auth/me -H "Authorization: Bearer $new_access"
check "the access token is refused after logout" status_is after 401
check "refusal is an UNAUTHORIZED envelope" jq_is after .error.code UNAUTHORIZED

call old GET /auth/me -H "Authorization: Bearer $access"
check "the first access token is refused too" status_is old 401

call dead POST /auth/refresh -H 'Content-Type: application/json' \
  -d "$(jq -cn --arg t "$new_refresh" '{refresh_token: $t}')"
check "the refresh token is refused after logout" status_is dead 401

finish
