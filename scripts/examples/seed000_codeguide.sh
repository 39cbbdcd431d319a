#!/usr/bin/env bash
# Seed 000 (codeguide-starter): the call sequence its backend document describes —
#   POST /api/auth/register {email, password}, POST /api/auth/login,
#   GET /api/dashboard/data (user, items, summary), POST /api/auth/logout
# — and that the session really ends at logout.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

email=$(unique_email seed000)
password='codeguide starter password'

json POST /api/auth/register "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "POST /api/auth/register creates the account" 201 \
  '.success and .data.user.email == "'"$email"'" and (.data.access_token | length > 20)'

json POST /api/auth/login "{\"email\":\"$email\",\"password\":\"$password\"}"
expect "POST /api/auth/login returns a token" 200 '.data.token_type == "Bearer"'
token=$(field .data.access_token)
auth=(-H "Authorization: Bearer $token")

json POST /api/auth/login "{\"email\":\"$email\",\"password\":\"wrong password\"}"
expect "POST /api/auth/login with a wrong password is refused" 401 '.error.code == "UNAUTHORIZED"'

call GET /api/dashboard/data "${auth[@]}"
expect "GET /api/dashboard/data returns user, items and summary" 200 \
  '.data.user.email == "'"$email"'" and (.data.items | type == "array")
   and (.data.summary.tasks_by_status | has("active"))
   and (.data.summary.minutes_this_week == 0)'

call GET /api/dashboard/data
expect "GET /api/dashboard/data without a session is refused" 401 '.error.code == "UNAUTHORIZED"'

call POST /api/auth/logout "${auth[@]}"
expect "POST /api/auth/logout ends the session" 204

call GET /api/dashboard/data "${auth[@]}"
expect "the token is dead right after logout" 401

finish
