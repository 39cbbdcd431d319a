#!/usr/bin/env bash
# Smoke test of `make bench` (scripts/bench --smoke): the bench starts its own stack in a
# temporary directory, measures W4 and floor (c) for 1 s each and writes its report. This
# checks only that the report is produced and well formed — never a timing (figures on a
# shared 2-core machine are not test material). Run by scripts/run-tests (BUILD is set
# there; alone it defaults to build/). Prints `ok - ...` / `not ok - ...` per check.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/keel-bench-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
ok() { echo "ok - $*"; }
not_ok() {
  echo "not ok - $*"
  failures=$((failures + 1))
}

rc=0
BUILD=${BUILD:-build} KEEL_BENCH_SECONDS=1 "$repo/scripts/bench" --smoke --var "$work" \
  >"$work/out.txt" 2>"$work/err.txt" || rc=$?
if [ "$rc" = 0 ]; then ok "scripts/bench --smoke exits 0"; else
  not_ok "scripts/bench --smoke exits 0 (got $rc)"
  tail -n 30 "$work/err.txt" | sed 's/^/# /'
fi

md=$(find "$work/bench" -name 'smoke-*.md' 2>/dev/null | head -n1)
json=$(find "$work/bench" -name 'smoke-*.json' 2>/dev/null | head -n1)
if [ -n "$md" ] && [ -n "$json" ]; then ok "report written as Markdown and JSON"; else
  not_ok "report written as Markdown and JSON"
fi
if grep -qE '^\| workload \| conns \| (req|2xx)/s \| p50 ms \| p99 ms \| non-2xx \|' "$work/out.txt"; then
  ok "the table is printed"
else
  not_ok "the table is printed"
fi
for row in 'W4 health' 'floor (c)'; do
  if grep -q "^| $row" "$work/out.txt"; then ok "the table has a '$row' row"; else
    not_ok "the table has a '$row' row"
  fi
done
if [ -n "$json" ] && jq -e '(.rows | length) >= 2 and all(.rows[]; .rps > 0)' "$json" >/dev/null; then
  ok "the JSON report has the measured rows"
else
  not_ok "the JSON report has the measured rows"
fi
if [ ! -e "$work/bench/latest.json" ]; then ok "a smoke run leaves latest.* alone"; else
  not_ok "a smoke run leaves latest.* alone"
fi
if ! pgrep -f -- "$work/" >/dev/null; then ok "nothing the bench started is left running"; else
  not_ok "nothing the bench started is left running: $(pgrep -af -- "$work/" | head -n 3)"
fi
exit $((failures > 0))
