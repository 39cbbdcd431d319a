#!/usr/bin/env bash
# Every API exchange the end-to-end tests made against the test stack, checked against
# docs/openapi.yaml: status documented for the route, media type documented for that
# status, JSON body valid against its schema, and (for 2xx answers) the request's JSON or
# form body valid against the requestBody schema (tests/openapi/validate-exchanges.mjs).
# scripts/run-tests runs it last among the scripts, after the gtest end-to-end tests
# (tests/support/http_client.cc) and the scripts (their curl, through
# tests/e2e/lib/record/curl) recorded into KEEL_TEST_EXCHANGES. Prints `ok - ...` per
# documented operation exercised, `not ok - ...` per distinct mismatch, `# ...` counts.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${KEEL_TEST_EXCHANGES:?KEEL_TEST_EXCHANGES is not set (scripts/run-tests sets it)}
tools=$repo/tests/openapi
if [ ! -d "$tools/node_modules/ajv" ]; then
  echo "not ok - tests/openapi/node_modules is missing (scripts/install-web-deps installs it)"
  exit 1
fi
if [ -z "$(find "$dir" -type f -size +0 2>/dev/null | head -n1)" ]; then
  # Nothing recorded: with KEEL_TEST_ONLY that can be what was asked for; in a full run
  # it means the recording broke.
  if [ -n "${KEEL_TEST_ONLY:-}" ]; then
    echo "ok - no exchanges recorded by the selected suites # SKIP"
    exit 0
  fi
  echo "not ok - no exchanges were recorded in $dir"
  exit 1
fi
cd "$tools"
exec timeout 300 node validate-exchanges.mjs "$repo/docs/openapi.yaml" "$dir"
