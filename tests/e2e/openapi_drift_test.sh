#!/usr/bin/env bash
# docs/openapi.yaml is generated (tests/openapi/build-openapi.mjs) from what keel says of
# its route table and declared resources (`keel describe-api`) and the prose of
# docs/openapi/base.yaml. This fails when the committed file differs from what they
# produce now: a route, a resource column or the prose changed without `make openapi`.
# Needs no stack; run by scripts/run-tests with the other scripts.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
keel=${KEEL_BIN:-$repo/${BUILD:-build}/keel}
if [ ! -d "$repo/tests/openapi/node_modules/yaml" ]; then
  echo "not ok - tests/openapi/node_modules is missing (scripts/install-web-deps installs it)"
  exit 1
fi
generated=$(mktemp)
trap 'rm -f "$generated"' EXIT
node "$repo/tests/openapi/build-openapi.mjs" "$keel" "$repo/docs/openapi/base.yaml" >"$generated"
if diff -u "$repo/docs/openapi.yaml" "$generated" >"$generated.diff"; then
  echo "ok - docs/openapi.yaml is what the route table, the declarations and base.yaml produce ($(wc -l <"$generated") lines, $(grep -c '^  /' "$generated") paths)"
else
  head -n 60 "$generated.diff" | sed 's/^/# /'
  echo "not ok - docs/openapi.yaml differs from what the code produces: run make openapi"
  rm -f "$generated.diff"
  exit 1
fi
rm -f "$generated.diff"
