# Helpers for the seed example scripts (sourced, not run): where the API is, how to
# call it with curl, and `ok - …` / `not ok - …` lines (run-tests counts them).
#
#   KEEL_BASE_URL (or KEEL_TEST_BASE_URL, else https://localhost:8443)  the site
#   CURL_CA_BUNDLE (or KEEL_TEST_CA)  the certificate to trust; with neither, and only
#                                     then, curl runs with -k (the self-signed dev site)
# Needs curl and jq.

BASE=${KEEL_BASE_URL:-${KEEL_TEST_BASE_URL:-https://localhost:8443}}
BASE=${BASE%/}
CURL_TLS=()
if [ -n "${CURL_CA_BUNDLE:-}" ]; then
  CURL_TLS=(--cacert "$CURL_CA_BUNDLE")
elif [ -n "${KEEL_TEST_CA:-}" ]; then
  CURL_TLS=(--cacert "$KEEL_TEST_CA")
else
  CURL_TLS=(-k)
fi
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "not ok - $tool is required" && exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
STATUS=""  # of the last call
BODY="$WORK/body.json"

ok() { echo "ok - $*"; }
not_ok() {
  echo "not ok - $*"
  FAILURES=$((FAILURES + 1))
}

# call METHOD PATH [CURL ARGS...]: the response body goes to $BODY, the status to $STATUS.
call() {
  local method=$1 path=$2
  shift 2
  STATUS=$(curl -sS --max-time 20 "${CURL_TLS[@]}" -o "$BODY" -w '%{http_code}' \
    -X "$method" "$@" "$BASE$path" 2>"$WORK/curl.err") || STATUS="curl-failed($(head -c 200 "$WORK/curl.err"))"
}

# json METHOD PATH JSON [CURL ARGS...]
json() {
  local method=$1 path=$2 data=$3
  shift 3
  call "$method" "$path" -H 'Content-Type: application/json' --data-binary "$data" "$@"
}

# expect DESCRIPTION STATUS [JQ-FILTER]: the last call answered STATUS (and the body
# satisfies the jq filter).
expect() {
  local what=$1 want=$2 filter=${3:-}
  if [ "$STATUS" != "$want" ]; then
    not_ok "$what (status $STATUS, wanted $want: $(head -c 300 "$BODY" 2>/dev/null))"
  elif [ -n "$filter" ] && ! jq -e "$filter" "$BODY" >/dev/null 2>&1; then
    not_ok "$what (body fails $filter: $(head -c 300 "$BODY"))"
  else
    ok "$what"
  fi
}

# field JQ-PATH: a value of the last response body.
field() { jq -r "$1" "$BODY"; }

# unique_email PREFIX
unique_email() { echo "$1-$(date +%s)-$RANDOM$RANDOM@example.com"; }

finish() {
  if [ "$FAILURES" -gt 0 ]; then
    echo "# $FAILURES check(s) failed against $BASE"
    exit 1
  fi
  echo "# all checks passed against $BASE"
}
