#!/usr/bin/env bash
# Seed 002 (truth-time-tracker): POST /api/signup, POST /api/login, GET/POST /api/projects,
# GET/POST /api/time-entries (also ?project_id=), PUT/DELETE /api/time-entries/{id}, the
# weekly report (GET /api/reports/time), and a signed inbound webhook
# (POST /api/webhook-endpoints, POST /api/webhooks/{endpoint_id}) that creates a time entry.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
command -v openssl >/dev/null || { echo "not ok - openssl is required" && exit 1; }

email=$(unique_email seed002)
password='time tracker password'

json POST /api/signup "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Tracker\"}"
expect "POST /api/signup creates the account" 201 '.data.user.name == "Tracker"'

json POST /api/login "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "POST /api/login returns a token" 200 '.data.access_token | length > 20'
auth=(-H "Authorization: Bearer $(field .data.access_token)")

json POST /api/projects '{"title":"Client work","description":"Billable"}' "${auth[@]}"
expect "POST /api/projects creates a project" 201 '.data.title == "Client work"'
project=$(field .data.id)
call GET /api/projects "${auth[@]}"
expect "GET /api/projects lists it" 200 '.pagination.total == 1 and .data[0].id == "'"$project"'"'

json POST /api/time-entries \
  "{\"project_id\":\"$project\",\"description\":\"Kick-off\",\"start_time\":\"2025-03-10T09:00:00Z\",\"end_time\":\"2025-03-10T10:30:00Z\"}" \
  "${auth[@]}"
expect "POST /api/time-entries records 90 minutes" 201 '.data.duration_minutes == 90'
entry=$(field .data.id)

json POST /api/time-entries \
  "{\"project_id\":\"$project\",\"start_time\":\"2025-03-10T11:00:00Z\",\"end_time\":\"2025-03-10T10:00:00Z\"}" \
  "${auth[@]}"
expect "an entry ending before it starts is refused" 400 '.error.field == "end_time"'

call GET "/api/time-entries?project_id=$project" "${auth[@]}"
expect "GET /api/time-entries?project_id= lists the project's entries" 200 '.pagination.total == 1'

json PUT "/api/time-entries/$entry" \
  "{\"project_id\":\"$project\",\"description\":\"Kick-off meeting\",\"start_time\":\"2025-03-10T09:00:00Z\",\"end_time\":\"2025-03-10T11:00:00Z\"}" \
  "${auth[@]}"
expect "PUT /api/time-entries/{id} updates it" 200 \
  '.data.duration_minutes == 120 and .data.description == "Kick-off meeting"'

call GET "/api/reports/time?from=2025-03-10&to=2025-03-17&group_by=project" "${auth[@]}"
expect "GET /api/reports/time totals the week" 200 \
  '.data.total_minutes == 120 and .data.groups[0].project_id == "'"$project"'"'

# Inbound webhook: create an endpoint (its secret is shown once), sign a delivery with
# HMAC-SHA256 over "id.timestamp.body" (Standard Webhooks), send it twice.
json POST /api/webhook-endpoints '{"name":"Importer"}' "${auth[@]}"
expect "POST /api/webhook-endpoints returns the signing secret once" 201 '.data.secret | startswith("whsec_")'
endpoint=$(field .data.id)
secret=$(field .data.secret)
key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
body="{\"type\":\"time_entry.created\",\"data\":{\"project_id\":\"$project\",\"description\":\"Imported\",\"start_time\":\"2025-03-11T09:00:00Z\",\"end_time\":\"2025-03-11T09:45:00Z\"}}"
msg_id="msg_seed002_$RANDOM$RANDOM"
ts=$(date +%s)
sig=$(printf '%s' "$msg_id.$ts.$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)
hook=(-H "webhook-id: $msg_id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig")

json POST "/api/webhooks/$endpoint" "$body" "${hook[@]}"
expect "POST /api/webhooks/{endpoint_id} creates the time entry" 200 \
  '.data.duplicate == false and .data.event.object_type == "time_entry"'
json POST "/api/webhooks/$endpoint" "$body" "${hook[@]}"
expect "the same webhook-id again is not processed twice" 200 '.data.duplicate == true'
json POST "/api/webhooks/$endpoint" "$body" -H "webhook-id: $msg_id" -H "webhook-timestamp: $ts" \
  -H "webhook-signature: v1,AAAA$sig"
expect "a bad signature is refused" 401
call GET "/api/time-entries?project_id=$project" "${auth[@]}"
expect "the webhook added exactly one entry" 200 '.pagination.total == 2'
call GET "/api/webhook-endpoints/$endpoint/events" "${auth[@]}"
expect "GET /api/webhook-endpoints/{id}/events lists the delivery once" 200 \
  '.pagination.total == 1 and .data[0].status == "processed"'

call DELETE "/api/time-entries/$entry" "${auth[@]}"
expect "DELETE /api/time-entries/{id} removes it" 204
call GET "/api/time-entries/$entry" "${auth[@]}"
expect "the deleted entry is gone" 404

finish
