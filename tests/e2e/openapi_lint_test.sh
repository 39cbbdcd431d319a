#!/usr/bin/env bash
# Lints docs/openapi.yaml with a real OpenAPI linter (Redocly CLI, installed into
# tests/openapi/node_modules by scripts/install-web-deps from its package-lock.json) and
# fails on any error. Needs no stack; run by scripts/run-tests with the other scripts.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
redocly=$repo/tests/openapi/node_modules/.bin/redocly
if [ ! -x "$redocly" ]; then
  echo "not ok - Redocly CLI is not installed (run scripts/install-web-deps)"
  exit 1
fi
out=$(cd "$repo/tests/openapi" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  timeout 120 "$redocly" lint --config redocly.yaml --format=summary "$repo/docs/openapi.yaml" 2>&1) || true
errors=$(printf '%s\n' "$out" | sed -n 's/^error .*: \([0-9]*\)$/\1/p' | awk '{n += $1} END {print n + 0}')
if printf '%s\n' "$out" | grep -q 'Your API description is valid' && [ "$errors" = 0 ]; then
  echo "ok - docs/openapi.yaml lints with 0 errors ($(printf '%s\n' "$out" | grep -o '[0-9]* warnings' | head -n1 || echo '0 warnings'))"
else
  printf '%s\n' "$out" | grep -E '^(error|warning)' | sed 's/^/# /' || true
  echo "not ok - docs/openapi.yaml has lint errors ($errors)"
  exit 1
fi
