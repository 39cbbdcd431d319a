#!/usr/bin/env bash
# Seed 004 (VibeCode planning framework): BASE_URL/api/v1 — POST /auth/register,
# POST /auth/login, GET /auth/me, the tasks CRUD (GET/POST /tasks, GET/PUT/PATCH/DELETE
# /tasks/:id), its pagination (?page=1&limit=20&sort=-created_at) and filtering
# (?status=active&due_date_gt=2025-01-01) patterns, POST /auth/refresh, POST /auth/logout.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

email=$(unique_email seed004)
password='vibecode planning password'

json POST /api/v1/auth/register "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Vibe\"}"
expect "POST /api/v1/auth/register" 201 '.success == true and .data.expires_in == 900'
json POST /api/v1/auth/login "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "POST /api/v1/auth/login" 200 '.data.token_type == "Bearer"'
refresh=$(field .data.refresh_token)
auth=(-H "Authorization: Bearer $(field .data.access_token)")
call GET /api/v1/auth/me "${auth[@]}"
expect "GET /api/v1/auth/me" 200 '.data.email == "'"$email"'"'

for t in '{"title":"Draft plan","status":"draft","priority":"low"}' \
  '{"title":"Ship it","status":"active","priority":"high","due_date":"2025-02-01"}' \
  '{"title":"Old work","status":"active","due_date":"2024-12-01"}' \
  '{"title":"Archive","status":"archived","completed":true}'; do
  json POST /api/v1/tasks "$t" "${auth[@]}"
  expect "POST /api/v1/tasks $(jq -r .title <<<"$t")" 201 '.data.id | test("^[0-9a-f-]{36}$")'
done
task=$(field .data.id)

call GET "/api/v1/tasks?page=1&limit=20&sort=-created_at" "${auth[@]}"
expect "GET /api/v1/tasks?page=1&limit=20&sort=-created_at (seed's pagination pattern)" 200 \
  '.pagination == {"page":1,"limit":20,"total":4,"pages":1} and .data[0].title == "Archive"'
call GET "/api/v1/tasks?status=active&due_date_gt=2025-01-01" "${auth[@]}"
expect "GET /api/v1/tasks?status=active&due_date_gt=2025-01-01 (seed's filter pattern)" 200 \
  '.pagination.total == 1 and .data[0].title == "Ship it"'
call GET "/api/v1/tasks?limit=2&page=2&sort=title" "${auth[@]}"
expect "pages of two, sorted by title" 200 '.pagination.pages == 2 and (.data | map(.title)) == ["Old work","Ship it"]'
call GET "/api/v1/tasks?sort=-priority" "${auth[@]}"
expect "sort by priority, high first" 200 '.data[0].priority == "high"'
call GET "/api/v1/tasks?assigned_to=someone" "${auth[@]}"
expect "an unknown filter is a 400 naming it" 400 '.error.code == "VALIDATION_ERROR" and .error.field == "assigned_to"'

call GET "/api/v1/tasks/$task" "${auth[@]}"
expect "GET /api/v1/tasks/:id" 200 '.data.status == "archived" and .data.completed == true'
json PUT "/api/v1/tasks/$task" '{"title":"Archive (renamed)","status":"active"}' "${auth[@]}"
expect "PUT /api/v1/tasks/:id replaces (absent fields back to defaults)" 200 \
  '.data.title == "Archive (renamed)" and .data.completed == false and .data.priority == "medium"'
json PATCH "/api/v1/tasks/$task" '{"completed":true}' "${auth[@]}"
expect "PATCH /api/v1/tasks/:id changes only what is sent" 200 \
  '.data.completed == true and .data.title == "Archive (renamed)"'
json PATCH "/api/v1/tasks/$task" '{"title":""}' "${auth[@]}"
expect "the seed's error format: VALIDATION_ERROR with field" 400 \
  '.success == false and .error.code == "VALIDATION_ERROR" and .error.field == "title"'
call DELETE "/api/v1/tasks/$task" "${auth[@]}"
expect "DELETE /api/v1/tasks/:id" 204

json POST /api/v1/auth/refresh "{\"refresh_token\":\"$refresh\"}"
expect "POST /api/v1/auth/refresh" 200 '.data.access_token | length > 20'
auth=(-H "Authorization: Bearer $(field .data.access_token)")
call POST /api/v1/auth/logout "${auth[@]}"
expect "POST /api/v1/auth/logout" 204
call GET /api/v1/tasks "${auth[@]}"
expect "after logout the token no longer works" 401

finish
