#!/usr/bin/env bash
# End-to-end checks of the platform around keel (nginx + keel + PostgreSQL as started by
# scripts/run-stack): health, static site, JSON errors, security headers, the split
# between the public site and the loopback metrics listener, body limit, HTTP/2.
# Run by scripts/run-tests with KEEL_TEST_BASE_URL, KEEL_TEST_CA, KEEL_TEST_METRICS_URL
# (and optionally KEEL_TEST_ENV_FILE). Prints `ok - ...` / `not ok - ...` per check and
# exits non-zero if any failed. Needs curl and jq.
set -euo pipefail

base=${KEEL_TEST_BASE_URL:?KEEL_TEST_BASE_URL is not set}
ca=${KEEL_TEST_CA:?KEEL_TEST_CA is not set}
metrics=${KEEL_TEST_METRICS_URL:?KEEL_TEST_METRICS_URL is not set}
max_body=65536
if [ -n "${KEEL_TEST_ENV_FILE:-}" ] && [ -f "$KEEL_TEST_ENV_FILE" ]; then
  v=$(sed -n 's/^KEEL_MAX_BODY_BYTES=//p' "$KEEL_TEST_ENV_FILE" | tail -n1)
  [ -n "$v" ] && max_body=$v
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

ok() { echo "ok - $*"; }
not_ok() {
  echo "not ok - $*"
  failures=$((failures + 1))
}
# check DESCRIPTION CMD...: one line per check.
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# fetch NAME URL [CURL ARGS...]: response NAME -> $work/NAME.{status,headers,body}
fetch() {
  local name=$1 url=$2
  shift 2
  curl -sS --max-time 20 --cacert "$ca" -D "$work/$name.headers" -o "$work/$name.body" \
    -w '%{http_code}' "$@" "$url" >"$work/$name.status" 2>"$work/$name.err" || true
}
status_is() { [ "$(cat "$work/$1.status")" = "$2" ]; }
status_in() {
  local s
  s=$(cat "$work/$1.status")
  shift
  local want
  for want in "$@"; do [ "$s" = "$want" ] && return 0; done
  return 1
}
# header NAME HEADER: its value (case-insensitive name, CR stripped).
header() {
  grep -i "^$2:" "$work/$1.headers" | tail -n1 | cut -d: -f2- | sed 's/^ *//' | tr -d '\r'
}
has_header() { [ -n "$(header "$1" "$2")" ]; }
header_is() { [ "$(header "$1" "$2")" = "$3" ]; }
header_has() { header "$1" "$2" | grep -qiF -- "$3"; }
body_jq() { jq -e "$2" "$work/$1.body" >/dev/null 2>&1; }
body_has() { grep -qiF -- "$2" "$work/$1.body"; }

# ---- responses ---------------------------------------------------------------------------
fetch health "$base/health"
fetch home "$base/"
# The first stylesheet the home page links to (the app decides its file names).
css_path=$(curl -sS --max-time 20 --cacert "$ca" "$base/" 2>/dev/null |
  grep -oiE '<link[^>]+rel="?stylesheet"?[^>]*>' | grep -oiE 'href="[^"]+"' | head -n1 |
  sed -E 's/^href="//; s/"$//' || true)
case "$css_path" in /*) ;; "") css_path=/missing-stylesheet.css ;; *) css_path=/$css_path ;; esac
fetch css "$base$css_path"
fetch docs "$base/docs/"
fetch notfound "$base/api/v1/no-such"
fetch unversioned "$base/api/no-such"
fetch spoof "$base/api/v1/no-such" -H 'X-Request-Id: spoofed-by-client'
fetch pubmetrics "$base/metrics"
fetch pubstatus "$base/status"
fetch intmetrics "$metrics/metrics"
fetch intother "$metrics/api/v1/no-such"
head -c $((max_body + 1)) /dev/zero | tr '\0' x >"$work/big"
fetch big "$base/api/v1/tasks" -X POST -H 'Content-Type: application/json' --data-binary "@$work/big"
fetch method "$base/api/v1/tasks" -X PROPFIND
fetch cookie "$base/api/v1/no-such" -H "Cookie: a=$(head -c 16384 /dev/zero | tr '\0' c)"

# ---- health ------------------------------------------------------------------------------
check "GET /health is 200" status_is health 200
check "GET /health is JSON with status ok" body_jq health '.status == "ok"'
check "GET /health reports the database ok" body_jq health '.database == "ok"'

# ---- static site -------------------------------------------------------------------------
check "GET / is 200" status_is home 200
check "GET / is HTML" header_has home Content-Type text/html
check "GET / is the web app page" body_has home '<html'
check "the page's stylesheet ($css_path) is 200 text/css" eval 'status_is css 200 && header_has css Content-Type text/css'
check "GET /docs/ is 200 HTML" eval 'status_is docs 200 && header_has docs Content-Type text/html'
check "static pages carry the HTML CSP (script-src 'self', frame-ancestors 'none')" \
  eval "header_has home Content-Security-Policy \"script-src 'self'\" && header_has home Content-Security-Policy \"frame-ancestors 'none'\""
check "static pages carry Referrer-Policy strict-origin-when-cross-origin" \
  header_is home Referrer-Policy strict-origin-when-cross-origin

# ---- API errors --------------------------------------------------------------------------
check "GET /api/v1/no-such is 404" status_is notfound 404
check "GET /api/v1/no-such is a JSON envelope with success:false" body_jq notfound '.success == false'
check "GET /api/v1/no-such has error.code NOT_FOUND" body_jq notfound '.error.code == "NOT_FOUND"'
check "GET /api/no-such (unversioned) is the same 404 envelope" \
  eval 'status_is unversioned 404 && body_jq unversioned ".error.code == \"NOT_FOUND\""'
check "API responses are Content-Type application/json" header_has notfound Content-Type application/json
check "API responses carry Cache-Control: no-store" header_has notfound Cache-Control no-store
check "API responses carry the API CSP (default-src 'none')" \
  header_has notfound Content-Security-Policy "default-src 'none'"
check "API responses carry Referrer-Policy no-referrer" header_is notfound Referrer-Policy no-referrer
check "a client cannot choose its X-Request-Id" \
  eval '[ -n "$(header spoof X-Request-Id)" ] && [ "$(header spoof X-Request-Id)" != spoofed-by-client ]'
check "request ids differ between requests" \
  eval '[ "$(header notfound X-Request-Id)" != "$(header health X-Request-Id)" ]'

# ---- headers on every response ------------------------------------------------------------
missing=0
for r in health home css docs notfound pubmetrics big method; do
  for h in X-Request-Id Strict-Transport-Security X-Content-Type-Options Content-Security-Policy X-Frame-Options; do
    if ! has_header "$r" "$h"; then
      not_ok "$h on the $r response"
      missing=$((missing + 1))
    fi
  done
done
if [ "$missing" -eq 0 ]; then
  ok "X-Request-Id, HSTS, X-Content-Type-Options, CSP, X-Frame-Options on every response"
fi
check "HSTS is max-age=63072000; includeSubDomains" \
  header_is health Strict-Transport-Security "max-age=63072000; includeSubDomains"
check "X-Content-Type-Options is nosniff" header_is home X-Content-Type-Options nosniff
check "no nginx version in the Server header" eval '! header home Server | grep -q "[0-9]"'

# ---- metrics only on the loopback listener -----------------------------------------------
check "https://…/metrics is 404 on the public site" status_is pubmetrics 404
check "https://…/status is 404 on the public site" status_is pubstatus 404
check "GET $metrics/metrics is 200" status_is intmetrics 200
check "the metrics listener serves nothing else (404)" status_is intother 404

# ---- limits -------------------------------------------------------------------------------
check "a body of $((max_body + 1)) bytes is 413" status_is big 413
check "the 413 is a JSON envelope with PAYLOAD_TOO_LARGE" body_jq big '.success == false and .error.code == "PAYLOAD_TOO_LARGE"'
check "an unknown method on /api is 405 with Allow" eval 'status_is method 405 && has_header method Allow'
check "a 16 KB cookie is refused by nginx (400/431)" status_in cookie 400 431

# ---- TLS ----------------------------------------------------------------------------------
v=$(curl -sS --max-time 10 --cacert "$ca" --http2 -o /dev/null -w '%{http_version}' "$base/health" 2>/dev/null || true)
check "HTTP/2 is negotiated (got '$v')" [ "$v" = 2 ]
v=$(curl -sS --max-time 10 --cacert "$ca" --tlsv1.2 --tls-max 1.2 -o /dev/null -w '%{http_code}' "$base/health" 2>/dev/null || true)
check "TLS 1.2 is accepted" [ "$v" = 200 ]
v=$(curl -sS --max-time 10 --cacert "$ca" --tlsv1.3 -o /dev/null -w '%{http_code}' "$base/health" 2>/dev/null || true)
check "TLS 1.3 is accepted" [ "$v" = 200 ]
if curl -sS --max-time 10 --cacert "$ca" --tlsv1 --tls-max 1.1 -o /dev/null "$base/health" 2>/dev/null; then
  not_ok "TLS 1.1 is refused"
else
  ok "TLS 1.1 is refused"
fi

if [ "$failures" -gt 0 ]; then
  echo "# $failures check(s) failed"
  exit 1
fi
