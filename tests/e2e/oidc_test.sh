#!/usr/bin/env bash
# OpenID Connect sign-in against a real OpenID provider (npm oidc-provider, certified)
# started here on loopback over TLS with a CA this test makes (tests/oidc/provider.mjs),
# on a keel stack of its own (1 worker, so the JWKS cache under test is one cache), with
# four providers configured: `real` (oidc-provider), `crafted` (serves id_tokens the real
# one never would), `stall` (accepts, never answers), `down` (nothing listens).
# Cases: sign-up, sign-in, email-verified linking, unverified email refused (409),
# linking from a signed-in account, unlinking the last way in refused until a password is
# set, a form-posted callback (form_post), missing and bad state, a replayed code, wrong
# nonce, expired id_token, wrong aud, wrong iss, alg none and HS256 confusion, key
# rotation (the new kid works, the old one stops), a provider down or hanging (503 within
# the configured bound), and the round trip in Chromium from the sign-in page's button.
# Every refused case must leave no new session behind.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

OIDC_DIR=$FS_REPO/tests/oidc
if [ ! -d "$OIDC_DIR/node_modules/oidc-provider" ]; then
  echo "not ok - tests/oidc/node_modules is missing (scripts/install-web-deps installs it)"
  exit 1
fi

# ---- a CA and a certificate for localhost, made here ------------------------------------
PKI=$(mktemp -d /tmp/keel-oidc-pki.XXXXXX)
chmod 755 "$PKI"
fs_on_exit "rm -rf '$PKI'"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj "/CN=keel oidc test CA" -keyout "$PKI/ca.key" -out "$PKI/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$PKI/op.key" -out "$PKI/op.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$PKI/ext.cnf"
openssl x509 -req -in "$PKI/op.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -CAcreateserial \
  -days 1 -extfile "$PKI/ext.cnf" -out "$PKI/op.pem" 2>/dev/null
# Apple's kind of key: a P-256 key as PKCS#8 PEM (the .p8 file Apple hands out).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/apple.p8" 2>/dev/null
openssl pkey -in "$PKI/apple.p8" -pubout -out "$PKI/apple.pub.pem" 2>/dev/null
chmod 644 "$PKI"/*.pem "$PKI/apple.p8"

OP_PORT=$(free_port)
DOWN_PORT=$(free_port "$OP_PORT")
OP=https://localhost:$OP_PORT
CLIENT_SECRET=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

fs_start --workers 1 \
  --keel-env KEEL_OIDC_PROVIDERS=real,crafted,stall,down,apple \
  --keel-env KEEL_OIDC_CA_FILE="$PKI/ca.pem" --keel-env KEEL_OIDC_TIMEOUT_MS=1500 \
  --keel-env KEEL_OIDC_REAL_ISSUER="$OP" --keel-env KEEL_OIDC_REAL_LABEL="Test ID" \
  --keel-env KEEL_OIDC_REAL_CLIENT_ID=keel --keel-env KEEL_OIDC_REAL_CLIENT_SECRET="$CLIENT_SECRET" \
  --keel-env KEEL_OIDC_CRAFTED_ISSUER="$OP/crafted" --keel-env KEEL_OIDC_CRAFTED_CLIENT_ID=keel \
  --keel-env KEEL_OIDC_CRAFTED_CLIENT_SECRET=x \
  --keel-env KEEL_OIDC_STALL_ISSUER="$OP/stall" --keel-env KEEL_OIDC_STALL_CLIENT_ID=keel \
  --keel-env KEEL_OIDC_STALL_CLIENT_SECRET=x \
  --keel-env KEEL_OIDC_DOWN_ISSUER="https://localhost:$DOWN_PORT" \
  --keel-env KEEL_OIDC_DOWN_CLIENT_ID=keel --keel-env KEEL_OIDC_DOWN_CLIENT_SECRET=x \
  --keel-env KEEL_OIDC_APPLE_ISSUER="$OP/crafted" --keel-env KEEL_OIDC_APPLE_CLIENT_ID=com.example.keel \
  --keel-env KEEL_OIDC_APPLE_APPLE_TEAM_ID=TEAM123456 --keel-env KEEL_OIDC_APPLE_APPLE_KEY_ID=KEY1234567 \
  --keel-env KEEL_OIDC_APPLE_APPLE_PRIVATE_KEY_FILE="$PKI/apple.p8" \
  --keel-env KEEL_OIDC_APPLE_RESPONSE_MODE=form_post --keel-env KEEL_OIDC_APPLE_SCOPES="openid email name"

cat "$FS_CA" "$PKI/ca.pem" >"$FS_WORK/bundle.pem"
export CURL_CA_BUNDLE=$FS_WORK/bundle.pem

# ---- the provider ------------------------------------------------------------------------
(cd "$OIDC_DIR" && PORT=$OP_PORT TLS_KEY=$PKI/op.key TLS_CERT=$PKI/op.pem CLIENT_ID=keel \
  CLIENT_SECRET=$CLIENT_SECRET REDIRECT_URIS="$FS_BASE/api/v1/auth/oauth/real/callback" \
  APPLE_CLIENT_ID=com.example.keel APPLE_TEAM_ID=TEAM123456 APPLE_KEY_ID=KEY1234567 \
  APPLE_PUBLIC_KEY="$PKI/apple.pub.pem" \
  exec node provider.mjs >"$FS_WORK/op.log" 2>&1) &
OP_PID=$!
fs_on_exit "kill $OP_PID"
for ((i = 0; i < 100; i++)); do
  grep -q '^ready' "$FS_WORK/op.log" 2>/dev/null && break
  sleep 0.1
done
if ! grep -q '^ready' "$FS_WORK/op.log"; then
  cat "$FS_WORK/op.log" >&2
  not_ok "the OpenID provider did not start within 10 s"
  exit 1
fi

# ---- helpers -----------------------------------------------------------------------------
API=$FS_BASE/api/v1
sessions() { fs_psql "SELECT count(*) FROM sessions"; }
next_login() { # SUB EMAIL VERIFIED
  curl -sS --max-time 5 -o /dev/null -H 'Content-Type: application/json' \
    --data "{\"sub\":\"$1\",\"email\":\"$2\",\"email_verified\":$3,\"name\":\"Test $1\"}" "$OP/test/next-login"
}
crafted_mode() {
  curl -sS --max-time 5 -o /dev/null -H 'Content-Type: application/json' --data "{\"mode\":\"$1\"}" "$OP/crafted/mode"
}
# flow JAR URL: follows redirects by hand from URL until keel's callback has answered;
# prints "STATUS LOCATION" of that last answer; the body is in $FS_WORK/last.json.
flow() {
  local jar=$1 url=$2 out code loc i
  for ((i = 0; i < 15; i++)); do
    out=$(curl -sS --max-time 10 -b "$jar" -c "$jar" -o "$FS_WORK/last.json" \
      -w '%{http_code} %{redirect_url}' "$url" 2>/dev/null || echo "000 ")
    code=${out%% *}
    loc=${out#* }
    if [[ $url == "$API/auth/oauth/"*"/callback"* ]] || [ -z "$loc" ]; then
      echo "$code $loc"
      return
    fi
    url=$loc
  done
  echo "000 too-many-redirects"
}
# stop_at_callback JAR URL: follows until the provider sends the browser to keel's
# callback; prints that callback URL without requesting it.
stop_at_callback() {
  local jar=$1 url=$2 loc i
  for ((i = 0; i < 15; i++)); do
    loc=$(curl -sS --max-time 10 -b "$jar" -c "$jar" -o /dev/null -w '%{redirect_url}' "$url" 2>/dev/null || true)
    [ -n "$loc" ] || return 0
    if [[ $loc == "$API/auth/oauth/"*"/callback"* ]]; then
      echo "$loc"
      return
    fi
    url=$loc
  done
}
has_session_cookie() { grep -q '__Host-keel_access' "$1"; }
me_email() { curl -sS --max-time 5 -b "$1" "$API/auth/me" | jq -r '.data.email // empty'; }
err_code() { jq -r '.error.code // empty' "$FS_WORK/last.json" 2>/dev/null || true; }
# refused NAME JAR RESULT WANT_STATUS: the callback answered WANT_STATUS with a JSON
# error, and no session was made.
refused() {
  local name=$1 jar=$2 result=$3 want=$4 before=$5 code
  code=${result%% *}
  if [ "$code" = "$want" ] && [ -n "$(err_code)" ] && ! has_session_cookie "$jar" && [ "$(sessions)" = "$before" ]; then
    ok "$name: $code $(err_code), no session"
  else
    not_ok "$name: got '$result' $(head -c 300 "$FS_WORK/last.json"), sessions $before -> $(sessions)"
  fi
}

run=$$-$RANDOM

# ---- sign-up, then sign-in, through the real provider ----------------------------------
jar=$FS_WORK/a.jar
next_login "alice-$run" "alice-$run@example.com" true
r=$(flow "$jar" "$API/auth/oauth/real/start?next=/app/tasks/")
if [ "$r" = "303 $FS_BASE/app/tasks/" ] && has_session_cookie "$jar" && [ "$(me_email "$jar")" = "alice-$run@example.com" ]; then
  ok "sign-up through oidc-provider: 303 to next, signed in as the new account"
else
  not_ok "sign-up: got '$r' $(head -c 300 "$FS_WORK/last.json")"
fi
[ "$(fs_psql "SELECT count(*) FROM auth_events e JOIN users u ON u.id = e.user_id WHERE u.email = 'alice-$run@example.com' AND e.type = 'register'")" = 1 ] &&
  ok "the sign-up is recorded as a register auth event" || not_ok "no register event for the sign-up"
alice_id=$(fs_psql "SELECT id FROM users WHERE email = 'alice-$run@example.com'")

rm -f "$jar"
r=$(flow "$jar" "$API/auth/oauth/real/start?next=/app/")
if [ "$r" = "303 $FS_BASE/app/" ] && [ "$(me_email "$jar")" = "alice-$run@example.com" ] &&
  [ "$(fs_psql "SELECT count(*) FROM users WHERE email = 'alice-$run@example.com'")" = 1 ]; then
  ok "sign-in again: the same account"
else
  not_ok "second sign-in: got '$r'"
fi

# ---- an OIDC-only account: its last identity cannot be unlinked until it has a password --
csrf=$(awk '$6 == "__Host-keel_csrf" {print $7}' "$jar")
ident=$(curl -sS -b "$jar" "$API/auth/identities" | jq -r '.data[0].id')
c=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $csrf" -H "Origin: $FS_BASE" -X DELETE "$API/auth/identities/$ident")
[ "$c" = 409 ] && ok "unlinking the only way to sign in: 409" || not_ok "unlink last identity: $c"
c=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $csrf" -H "Origin: $FS_BASE" \
  -H 'Content-Type: application/json' --data '{"new_password":"a password set later"}' "$API/auth/password")
[ "$c" = 204 ] && ok "an account made by sign-in sets its first password without a current one" || not_ok "first password: $c"
c=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data "{\"email\":\"alice-$run@example.com\",\"password\":\"a password set later\"}" "$API/auth/login")
[ "$c" = 200 ] && ok "and then signs in with it" || not_ok "password sign-in after setting one: $c"

# ---- an existing password account: linked by a verified email, refused otherwise ------
bob=bob-$run@example.com
fs_register "$bob" "correct horse battery" >/dev/null
bob_token=$(jq -r '.data.access_token' "$FS_WORK/last.json")
next_login "bob-unverified-$run" "$bob" false
before=$(sessions)
rm -f "$FS_WORK/b.jar"
r=$(flow "$FS_WORK/b.jar" "$API/auth/oauth/real/start")
refused "unverified email of an existing account" "$FS_WORK/b.jar" "$r" 409 "$before"
next_login "bob-$run" "$bob" true
rm -f "$FS_WORK/b.jar"
r=$(flow "$FS_WORK/b.jar" "$API/auth/oauth/real/start")
[ "${r%% *}" = 303 ] && [ "$(me_email "$FS_WORK/b.jar")" = "$bob" ] &&
  ok "verified email of an existing account: linked and signed in" || not_ok "verified link: '$r'"

# ---- linking from a signed-in account ----------------------------------------------------
carol=carol-$run@example.com
fs_register "$carol" "correct horse battery" >/dev/null
carol_token=$(jq -r '.data.access_token' "$FS_WORK/last.json")
jar=$FS_WORK/c.jar
url=$(curl -sS -c "$jar" -H "Authorization: Bearer $carol_token" -X POST "$API/auth/identities/real/link" | jq -r '.data.authorization_url // empty')
next_login "carol-elsewhere-$run" "carol.other-$run@example.com" false
r=$(flow "$jar" "$url")
linked=$(curl -sS -H "Authorization: Bearer $carol_token" "$API/auth/identities" | jq -r '.data[0].provider // empty')
[ "$r" = "303 $FS_BASE/app/account/" ] && [ "$linked" = real ] &&
  ok "link from a signed-in account (another email): listed in auth/identities" || not_ok "link: '$r' identities '$linked'"
rm -f "$FS_WORK/c2.jar"
r=$(flow "$FS_WORK/c2.jar" "$API/auth/oauth/real/start")
[ "$(me_email "$FS_WORK/c2.jar")" = "$carol" ] && ok "the linked identity then signs in to that account" || not_ok "sign in with linked: '$r'"

# ---- state: missing, bad --------------------------------------------------------------
before=$(sessions)
rm -f "$FS_WORK/s.jar"
r=$(flow "$FS_WORK/s.jar" "$API/auth/oauth/real/callback?code=abc&state=def")
refused "callback without the state cookie" "$FS_WORK/s.jar" "$r" 400 "$before"
next_login "dave-$run" "dave-$run@example.com" true
cb=$(stop_at_callback "$FS_WORK/s.jar" "$API/auth/oauth/real/start")
bad=$(sed -E 's/([?&]state=)[^&]*/\1forged/' <<<"$cb")
r=$(flow "$FS_WORK/s.jar" "$bad")
refused "callback with a state that is not this browser's" "$FS_WORK/s.jar" "$r" 400 "$before"

# ---- a replayed code ---------------------------------------------------------------------
rm -f "$FS_WORK/r.jar"
cb=$(stop_at_callback "$FS_WORK/r.jar" "$API/auth/oauth/real/start")
cp "$FS_WORK/r.jar" "$FS_WORK/r-copy.jar"
r=$(flow "$FS_WORK/r.jar" "$cb")
[ "${r%% *}" = 303 ] && ok "the code's first use signs in" || not_ok "first use of the code: '$r'"
before=$(sessions)
r=$(flow "$FS_WORK/r-copy.jar" "$cb")
refused "the same code and flow cookie replayed" "$FS_WORK/r-copy.jar" "$r" 401 "$before"

# ---- the callback posted as a form (response_mode=form_post, as Apple does) -------------
rm -f "$FS_WORK/p.jar"
next_login "frank-$run" "frank-$run@example.com" true
cb=$(stop_at_callback "$FS_WORK/p.jar" "$API/auth/oauth/real/start?next=/app/projects/")
out=$(curl -sS --max-time 10 -b "$FS_WORK/p.jar" -c "$FS_WORK/p.jar" -o "$FS_WORK/last.json" -w '%{http_code} %{redirect_url}' \
  --data "state=$(sed -E 's/.*[?&]state=([^&]*).*/\1/' <<<"$cb")&code=$(sed -E 's/.*[?&]code=([^&]*).*/\1/' <<<"$cb")" \
  "${cb%%\?*}" || true)
[ "$out" = "303 $FS_BASE/app/projects/" ] && [ "$(me_email "$FS_WORK/p.jar")" = "frank-$run@example.com" ] &&
  ok "callback as a form POST (form_post): signed in" || not_ok "form_post callback: '$out' $(head -c 300 "$FS_WORK/last.json")"

# ---- Apple's way: form_post, and a client secret keel signs (ES256) ----------------------
crafted_mode ok
rm -f "$FS_WORK/ap.jar"
r=$(flow "$FS_WORK/ap.jar" "$API/auth/oauth/apple/start?next=/app/tasks/")
page=$(cat "$FS_WORK/last.json")
cb_action=$(sed -nE 's/.*action="([^"]*)".*/\1/p' <<<"$page")
code=$(sed -nE 's/.*name="code" value="([^"]*)".*/\1/p' <<<"$page")
state=$(sed -nE 's/.*name="state" value="([^"]*)".*/\1/p' <<<"$page")
out=$(curl -sS --max-time 10 -b "$FS_WORK/ap.jar" -c "$FS_WORK/ap.jar" -o "$FS_WORK/last.json" \
  -w '%{http_code} %{redirect_url}' --data-urlencode "code=$code" --data-urlencode "state=$state" "$cb_action" || true)
if [ "${r%% *}" = 200 ] && [ "$cb_action" = "$API/auth/oauth/apple/callback" ] && [ "$out" = "303 $FS_BASE/app/tasks/" ] &&
  has_session_cookie "$FS_WORK/ap.jar"; then
  ok "Apple-style provider: form_post callback, ES256 client secret accepted by jose, signed in"
else
  not_ok "Apple-style: start '$r', action '$cb_action', callback '$out' $(head -c 300 "$FS_WORK/last.json"); provider log: $(tail -n 3 "$FS_WORK/op.log")"
fi
# Apple posts from its own site: only a SameSite=None cookie comes along; others stay Lax.
apple_cookie=$(curl -sS --max-time 10 -D - -o /dev/null "$API/auth/oauth/apple/start" | grep -i '^set-cookie: __Host-keel_oidc=' || true)
real_cookie=$(curl -sS --max-time 10 -D - -o /dev/null "$API/auth/oauth/real/start" | grep -i '^set-cookie: __Host-keel_oidc=' || true)
if grep -q 'SameSite=None' <<<"$apple_cookie" && grep -q 'HttpOnly' <<<"$apple_cookie" && grep -q 'SameSite=Lax' <<<"$real_cookie"; then
  ok "flow cookie: HttpOnly, SameSite=None for form_post, Lax otherwise"
else
  not_ok "flow cookies: '$apple_cookie' / '$real_cookie'"
fi

# ---- crafted id_tokens -------------------------------------------------------------------
crafted_case() { # MODE WANT NAME
  local jar=$FS_WORK/x.jar before
  crafted_mode "$1"
  rm -f "$jar"
  before=$(sessions)
  r=$(flow "$jar" "$API/auth/oauth/crafted/start")
  refused "$3" "$jar" "$r" "$2" "$before"
}
crafted_mode ok
rm -f "$FS_WORK/k.jar"
r=$(flow "$FS_WORK/k.jar" "$API/auth/oauth/crafted/start")
[ "${r%% *}" = 303 ] && has_session_cookie "$FS_WORK/k.jar" && ok "crafted provider, well-formed token: signed in" || not_ok "crafted ok: '$r' $(head -c 300 "$FS_WORK/last.json")"
crafted_case wrong-nonce 401 "wrong nonce"
crafted_case expired 401 "expired id_token"
crafted_case wrong-aud 401 "wrong aud"
crafted_case wrong-iss 401 "wrong iss"
crafted_case alg-none 401 "alg none"
crafted_case alg-hs256 401 "alg confusion: HS256 keyed with the provider's public key"

# ---- key rotation: the new kid works (JWKS refetched), the old one stops ----------------
curl -sS --max-time 5 -o /dev/null -X POST "$OP/crafted/rotate"
crafted_mode ok
t0=$(now_ms)
got=""
while [ $(($(now_ms) - t0)) -lt 10000 ]; do
  rm -f "$FS_WORK/k.jar"
  r=$(flow "$FS_WORK/k.jar" "$API/auth/oauth/crafted/start")
  if [ "${r%% *}" = 303 ]; then
    got=yes
    break
  fi
  sleep 0.5 # keel refetches a JWKS at most every 2 s
done
[ "$got" = yes ] && ok "after a key rotation the new kid signs in ($(($(now_ms) - t0)) ms)" || not_ok "new kid after rotation: '$r'"
crafted_case old-key 401 "a token signed with the rotated-out key"

# ---- providers that are down or hang ------------------------------------------------------
for p in down stall; do
  t0=$(now_ms)
  c=$(curl -sS --max-time 10 -o "$FS_WORK/last.json" -w '%{http_code}' "$API/auth/oauth/$p/start" || true)
  ms=$(($(now_ms) - t0))
  if [ "$c" = 503 ] && [ "$(err_code)" = UNAVAILABLE ] && [ "$ms" -lt 5000 ]; then
    ok "provider $p: 503 UNAVAILABLE in $ms ms"
  else
    not_ok "provider $p: $c in $ms ms $(head -c 200 "$FS_WORK/last.json")"
  fi
done
c=$(curl -sS -o /dev/null -w '%{http_code}' "$API/auth/oauth/nope/start")
[ "$c" = 404 ] && ok "an unconfigured provider: 404" || not_ok "unknown provider: $c"
names=$(curl -sS "$API/auth/oauth/providers" | jq -r '[.data[].name] | join(",")')
[ "$names" = real,crafted,stall,down,apple ] && ok "auth/oauth/providers lists the configured ones" || not_ok "providers: $names"

# ---- the browser round trip (Chromium, the sign-in page's button) -----------------------
if [ -d "$FS_REPO/web/node_modules/playwright-core" ] && [ -x "${KEEL_CHROMIUM:-/usr/bin/chromium}" ]; then
  next_login "erin-$run" "erin-$run@example.com" true
  if out=$(cd "$OIDC_DIR" && KEEL_TEST_BASE_URL=$FS_BASE OIDC_EMAIL="erin-$run@example.com"     timeout 90 node browser_roundtrip.mjs 2>&1); then
    ok "Chromium: Sign in with Test ID, through the provider, back on /app/ ($out)"
  else
    not_ok "Chromium round trip: $(tail -n 20 <<<"$out")"
  fi
else
  not_ok "web/node_modules or Chromium missing: run scripts/install-web-deps"
fi
: "$alice_id" "$bob_token"
