#!/usr/bin/env bash
# Seed 001 (naitive-engage-suite): POST /api/auth/signup, POST /api/auth/login,
# GET /api/dashboard/metrics, POST /api/dashboard/metrics, and the chart data
# (GET /api/dashboard/metrics/summary).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

email=$(unique_email seed001)
password='engage suite password'

json POST /api/auth/signup "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "POST /api/auth/signup creates the account" 201 '.data.user.email == "'"$email"'"'

json POST /api/auth/login "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "POST /api/auth/login returns a JWT" 200 '(.data.access_token | split(".") | length) == 3'
auth=(-H "Authorization: Bearer $(field .data.access_token)")

call GET /api/dashboard/metrics "${auth[@]}"
expect "GET /api/dashboard/metrics starts empty" 200 '.data == [] and .pagination.total == 0'

json POST /api/dashboard/metrics \
  '{"metric_type":"page_views","metric_value":12,"recorded_at":"2025-05-05T10:15:00Z"}' "${auth[@]}"
expect "POST /api/dashboard/metrics records a data point" 201 \
  '.data.metric_type == "page_views" and .data.metric_value == 12'
call POST /api/dashboard/metrics "${auth[@]}" -d metric_type=page_views -d metric_value=30 \
  -d recorded_at=2025-05-05T10:45:00Z
expect "POST /api/dashboard/metrics accepts a form body too" 201 '.data.metric_value == 30'
json POST /api/dashboard/metrics '{"metric_type":"sessions","metric_value":3.5}' "${auth[@]}"
expect "recorded_at defaults to now" 201 '.data.recorded_at | endswith("Z")'

json POST /api/dashboard/metrics '{"metric_type":"page_views","metric_value":"lots"}' "${auth[@]}"
expect "a non-numeric metric_value is a validation error" 400 '.error.field == "metric_value"'

call GET "/api/dashboard/metrics?metric_type=page_views&sort=recorded_at" "${auth[@]}"
expect "GET /api/dashboard/metrics filters by metric_type" 200 \
  '.pagination.total == 2 and .data[0].metric_value == 12'

call GET "/api/dashboard/metrics/summary?metric_type=page_views&bucket=hour&from=2025-05-05T00:00:00Z&to=2025-05-06T00:00:00Z" "${auth[@]}"
expect "GET /api/dashboard/metrics/summary aggregates per hour" 200 \
  '.data.buckets[0].bucket_start == "2025-05-05T10:00:00.000Z" and .data.buckets[0].count == 2
   and .data.buckets[0].sum == 42 and .data.buckets[0].avg == 21
   and .data.buckets[0].min == 12 and .data.buckets[0].max == 30'

call GET /api/dashboard/metrics
expect "metrics need a signed-in user" 401

finish
