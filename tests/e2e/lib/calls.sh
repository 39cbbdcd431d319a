# shellcheck shell=bash
# Shared by the shell suites that call the API through nginx with curl and keep every
# answer for later checks (sourced; the suite sets `api`, the base URL of /api/v1):
#   call NAME METHOD PATH [CURL ARGS...]   the answer -> $work/NAME.{status,body,headers}
#   check WHAT COMMAND...                  prints ok/not ok, counts failures
#   status_is, jq_is, value, header, header_is, empty_body   about an answer
#   finish                                 the run time; exits 1 if any check failed
# `work` is a temporary directory removed on exit (a suite that needs more cleanup sets
# its own EXIT trap and removes it there).
SECONDS=0
: "${api:?a suite sets api before it sources calls.sh}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

ok() { echo "ok - $*"; }
not_ok() {
  echo "not ok - $*"
  failures=$((failures + 1))
}
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

call() {
  local name=$1 method=$2 path=$3
  shift 3
  curl -sS --max-time 30 -X "$method" -o "$work/$name.body" -D "$work/$name.headers" \
    -w '%{http_code}' "$@" "$api$path" >"$work/$name.status" 2>"$work/$name.err" || true
}
# status_is and header_is say what they got when it is not what was expected.
status_is() {
  [ "$(cat "$work/$1.status")" = "$2" ] ||
    { echo "# $1: status $(cat "$work/$1.status"): $(head -c 300 "$work/$1.body")"; return 1; }
}
jq_is() { [ "$(jq -r "$2" "$work/$1.body" 2>/dev/null)" = "$3" ]; }
value() { jq -r "$2" "$work/$1.body"; }
# header NAME HEADER: the value of HEADER in answer NAME (case-insensitive), or "".
header() { sed -n "s/^$2: *//Ip" "$work/$1.headers" | tr -d '\r' | head -n1; }
header_is() { [ "$(header "$1" "$2")" = "$3" ] || { echo "# $1 $2: '$(header "$1" "$2")'"; return 1; }; }
empty_body() { [ ! -s "$work/$1.body" ]; }

finish() {
  echo "# run time $SECONDS s"
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
}
