#!/usr/bin/env bash
# Seed 003 (the generic backend template): POST /api/auth/register, POST /api/auth/login,
# POST /api/auth/refresh, GET /api/users (admin only), GET/PUT /api/users/:id,
# POST /api/auth/logout, DELETE /api/users/:id — and its [feature] CRUD pattern with
# tasks (GET/POST /api/tasks, GET/PUT/DELETE /api/tasks/:id).
#
# Listing users needs an administrator: one is made with `keel user create --admin`
# when KEEL_BIN and KEEL_TEST_ENV_FILE are set (as under `make test`), or signed in
# from KEEL_ADMIN_EMAIL / KEEL_ADMIN_PASSWORD; otherwise that check is skipped.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

email=$(unique_email seed003)
password='backend template password'

json POST /api/auth/register "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Template\"}"
expect "POST /api/auth/register creates the account" 201 '.data.user.role == "user"'
user_id=$(field .data.user.id)

json POST /api/auth/login "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "POST /api/auth/login returns access and refresh tokens" 200 \
  '(.data.access_token | length > 20) and (.data.refresh_token | length > 20)'
refresh=$(field .data.refresh_token)

json POST /api/auth/refresh "{\"refresh_token\":\"$refresh\"}"
expect "POST /api/auth/refresh rotates the tokens" 200 '.data.refresh_token != "'"$refresh"'"'
auth=(-H "Authorization: Bearer $(field .data.access_token)")

call GET "/api/users/$user_id" "${auth[@]}"
expect "GET /api/users/:id shows the caller" 200 '.data.email == "'"$email"'" and (.data | has("password_hash") | not)'
json PUT "/api/users/$user_id" '{"name":"Template User"}' "${auth[@]}"
expect "PUT /api/users/:id updates the profile" 200 '.data.name == "Template User"'
json PUT "/api/users/$user_id" '{"name":"x","role":"admin"}' "${auth[@]}"
expect "a user cannot make themself admin" 403
call GET /api/users "${auth[@]}"
expect "GET /api/users is for admins" 403 '.error.code == "FORBIDDEN"'

admin_token=""
if [ -n "${KEEL_BIN:-}" ] && [ -n "${KEEL_TEST_ENV_FILE:-}" ]; then
  admin_email=$(unique_email seed003-admin)
  if printf '%s\n' "$password" | "$KEEL_BIN" --config "$KEEL_TEST_ENV_FILE" user create \
    --email "$admin_email" --admin >/dev/null 2>&1; then
    json POST /api/auth/login "{\"email\":\"$admin_email\",\"password\":\"$password\"}"
    admin_token=$(field .data.access_token)
  fi
elif [ -n "${KEEL_ADMIN_EMAIL:-}" ] && [ -n "${KEEL_ADMIN_PASSWORD:-}" ]; then
  json POST /api/auth/login "$(jq -n --arg e "$KEEL_ADMIN_EMAIL" --arg p "$KEEL_ADMIN_PASSWORD" '{email:$e,password:$p}')"
  admin_token=$(field .data.access_token)
fi
if [ -n "$admin_token" ] && [ "$admin_token" != null ]; then
  call GET "/api/users?email=$email" -H "Authorization: Bearer $admin_token"
  expect "GET /api/users lists accounts for an admin" 200 \
    '.pagination.total == 1 and .data[0].id == "'"$user_id"'"'
else
  ok "GET /api/users as admin # SKIP no administrator credentials"
fi

# The template's [feature] CRUD, with tasks as the feature.
json POST /api/tasks '{"title":"Template feature"}' "${auth[@]}"
expect "POST /api/[feature] creates an item" 201
task=$(field .data.id)
call GET /api/tasks "${auth[@]}"
expect "GET /api/[feature] lists items" 200 '.pagination.total == 1'
json PUT "/api/tasks/$task" '{"title":"Template feature v2","status":"archived"}' "${auth[@]}"
expect "PUT /api/[feature]/:id updates it" 200 '.data.status == "archived"'
call DELETE "/api/tasks/$task" "${auth[@]}"
expect "DELETE /api/[feature]/:id deletes it" 204
call GET "/api/tasks/$task" "${auth[@]}"
expect "GET /api/[feature]/:id of a deleted item is 404" 404 '.error.code == "NOT_FOUND"'

call DELETE "/api/users/$user_id" "${auth[@]}"
expect "DELETE /api/users/:id deletes one's own account" 204
json POST /api/auth/login "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "the deleted account cannot sign in" 401

finish
