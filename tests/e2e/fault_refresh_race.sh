#!/usr/bin/env bash
# Fault test (RELIABILITY test 30): 20 concurrent refreshes of one refresh token. Runs
# against the shared test stack (it breaks nothing): registers a user, then sends 20
# POST /api/v1/auth/refresh with the same token at once. keel's design (CONTRACT §4.2,
# src/auth/auth_service.h): the first rotates the token; the others, inside
# KEEL_REFRESH_REUSE_WINDOW, present the direct parent of the current token and get the
# very same new pair. Checks: 20/20 answered 200 with one and the same new refresh token;
# in PostgreSQL exactly one rotation happened (the session's generation is 1, one history
# row) and the user has one live session (one family); that chain continues (two more
# refreshes work); and the original token, now two rotations old, is refused (401) and
# revokes the family, so the newest token of the chain is refused too.
# Needs KEEL_TEST_BASE_URL, CURL_CA_BUNDLE and DATABASE_URL (set by scripts/run-tests).
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

base=${KEEL_TEST_BASE_URL:?KEEL_TEST_BASE_URL is not set}
db=${DATABASE_URL:?DATABASE_URL is not set}
FS_WORK=$(mktemp -d)
trap 'rm -rf "$FS_WORK"' EXIT
N=20
email="refresh-$$-$RANDOM@example.com"

psql_v() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$db" -c "$1"; }

code=$(curl -sS --max-time 10 -o "$FS_WORK/reg.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data "{\"email\":\"$email\",\"password\":\"correct horse battery\"}" "$base/api/v1/auth/register" || true)
r0=$(jq -r '.data.refresh_token // empty' "$FS_WORK/reg.json" 2>/dev/null || true)
if [ "$code" != 201 ] || [ -z "$r0" ]; then
  not_ok "register (got $code): $(head -c 200 "$FS_WORK/reg.json")"
  exit 1
fi

# refresh TOKEN OUT: one refresh; the status on stdout, the body in OUT.
refresh() {
  curl -sS --max-time 10 -o "$2" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "{\"refresh_token\":\"$1\"}" "$base/api/v1/auth/refresh" 2>/dev/null || echo 000
}

pids=()
for ((i = 1; i <= N; i++)); do
  refresh "$r0" "$FS_WORK/r$i.json" >"$FS_WORK/r$i.code" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done
n200=0
: >"$FS_WORK/tokens"
for ((i = 1; i <= N; i++)); do
  if [ "$(cat "$FS_WORK/r$i.code")" = 200 ]; then
    n200=$((n200 + 1))
    jq -r '.data.refresh_token // empty' "$FS_WORK/r$i.json" >>"$FS_WORK/tokens"
  fi
done
distinct=$(sort -u "$FS_WORK/tokens" | grep -c . || true)
r1=$(sort -u "$FS_WORK/tokens" | head -n1)
codes=$(cat "$FS_WORK"/r*.code | sort | uniq -c | tr -s ' \n' ' ')
if [ "$n200" -eq "$N" ] && [ "$distinct" -eq 1 ] && [ "$r1" != "$r0" ]; then
  ok "$N concurrent refreshes of one token: $n200/$N answered 200, all with the same new refresh token"
else
  not_ok "$N concurrent refreshes of one token: statuses [$codes], $distinct distinct new refresh tokens"
fi

uid=$(psql_v "SELECT id FROM users WHERE email = '$email'")
read -r sessions live generation < <(psql_v "SELECT count(*), count(*) FILTER (WHERE revoked_at IS NULL), max(generation) FROM sessions WHERE user_id = '$uid'" | tr '|' ' ')
history=$(psql_v "SELECT count(*) FROM session_refresh_history h JOIN sessions s ON s.id = h.session_id WHERE s.user_id = '$uid'")
if [ "$sessions" = 1 ] && [ "$live" = 1 ] && [ "$generation" = 1 ] && [ "$history" = 1 ]; then
  ok "in PostgreSQL exactly one rotation happened: 1 live session (family), generation 1, 1 rotated token"
else
  not_ok "in PostgreSQL: $sessions sessions ($live live), generation $generation, $history rotated tokens (want 1, 1, 1, 1)"
fi

# The chain continues from the one new token.
c1=$(refresh "$r1" "$FS_WORK/c1.json")
r2=$(jq -r '.data.refresh_token // empty' "$FS_WORK/c1.json" 2>/dev/null || true)
c2=$(refresh "$r2" "$FS_WORK/c2.json")
r3=$(jq -r '.data.refresh_token // empty' "$FS_WORK/c2.json" 2>/dev/null || true)
if [ "$c1" = 200 ] && [ "$c2" = 200 ] && [ -n "$r3" ] && [ "$r2" != "$r1" ] && [ "$r3" != "$r2" ]; then
  ok "the surviving chain continues: two further refreshes answered 200 with fresh tokens"
else
  not_ok "the surviving chain: refresh with the new token $c1, then $c2"
fi

# The original token is now two rotations old: reuse, the family is revoked.
c0=$(refresh "$r0" "$FS_WORK/c0.json")
c3=$(refresh "$r3" "$FS_WORK/c3.json")
reason=$(psql_v "SELECT coalesce(revoke_reason, 'live') FROM sessions WHERE user_id = '$uid'")
if [ "$c0" = 401 ] && [ "$c3" = 401 ] && [ "$reason" = reuse_detected ]; then
  ok "the original token replayed after two rotations: 401, family revoked (reuse_detected), newest token then 401"
else
  not_ok "the original token replayed: $c0 (want 401); newest token afterwards: $c3 (want 401); session: $reason"
fi
fs_finish
