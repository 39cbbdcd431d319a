#!/usr/bin/env bash
# The account flows by mail end to end, on a stack of its own that sends through a real
# SMTP server on loopback (tests/e2e/lib/smtp_sink.py, Debian's python3-aiosmtpd): the
# tests read what arrived. Checks: registration mails a verification link and code
# (plain text + HTML, no images, nothing but the link); the code verifies the address
# (email_verified_at); forgot-password answers the same 202 for a known and an unknown
# address and mails only the known one; a bad email is a 400; GET never consumes;
# the token resets the password once (a second use is a 400) and every session is
# revoked; a wrong code is a 400; the address gets at most 3 reset mails in 15 minutes;
# an email change mails the new address, the code moves the email and the old address is
# told; auth events record every step. Bounded: ~30 s.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

MAILDIR=$(mktemp -d /tmp/keel-mail.XXXXXX)
smtp_port=$(free_port)
/usr/bin/python3 "$FS_REPO/tests/e2e/lib/smtp_sink.py" "$smtp_port" "$MAILDIR" >"$MAILDIR.log" 2>&1 &
sink_pid=$!
fs_on_exit "kill $sink_pid; rm -rf $MAILDIR $MAILDIR.log"
for ((i = 0; i < 100; i++)); do
  grep -q listening "$MAILDIR.log" 2>/dev/null && break
  sleep 0.05
done
grep -q listening "$MAILDIR.log" || {
  echo "not ok - the SMTP server did not start: $(cat "$MAILDIR.log")"
  exit 1
}

fs_start --auth-rate 1000r/s --auth-burst 1000 --keel-env KEEL_JOB_WORKERS=1 \
  --keel-env "KEEL_SMTP_URL=smtp://127.0.0.1:$smtp_port" \
  --keel-env "KEEL_MAIL_FROM=keel tests <noreply@keel.test>" --keel-env KEEL_JOB_BACKOFF_MS=200

password="correct horse battery"
new_password="another horse battery"
email="mail-$$-$RANDOM@example.com"

# post PATH JSON [TOKEN]: prints the status; the body is in $FS_WORK/body.json.
post() {
  local args=(-sS --max-time 10 -o "$FS_WORK/body.json" -w '%{http_code}' -X POST
    -H 'Content-Type: application/json' --data "$2")
  [ $# -ge 3 ] && args+=(-H "Authorization: Bearer $3")
  curl "${args[@]}" "$FS_BASE/api/v1/$1" 2>/dev/null || echo 000
}
check() {  # check WHAT EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (expected $2, got $3: $(head -c 300 "$FS_WORK/body.json"))"; fi
}
# mails_to ADDRESS: how many mails to ADDRESS arrived.
mails_to() { grep -l -i "^To: $1" "$MAILDIR"/*.eml 2>/dev/null | wc -l; }
# wait_mail ADDRESS N: waits (10 s at most) for the Nth mail to ADDRESS; prints it as JSON.
wait_mail() {
  local deadline=$((SECONDS + 10)) file
  while [ "$SECONDS" -le "$deadline" ]; do
    if [ "$(mails_to "$1")" -ge "$2" ]; then
      file=$(grep -l -i "^To: $1" "$MAILDIR"/*.eml | LC_ALL=C sort | sed -n "${2}p")
      /usr/bin/python3 "$FS_REPO/tests/e2e/lib/read_mail.py" "$file"
      return 0
    fi
    sleep 0.05
  done
  echo '{}'
  return 1
}

# ---- registration sends the verification mail ------------------------------------------
code=$(fs_register "$email" "$password")
token=$(jq -r '.data.access_token // empty' "$FS_WORK/last.json")
refresh=$(jq -r '.data.refresh_token // empty' "$FS_WORK/last.json")
check "register" 201 "$code"
check "a new user is not verified" null "$(jq -r '.data.user.email_verified_at' "$FS_WORK/last.json")"
t0=$(now_ms)
verify_mail=$(wait_mail "$email" 1) && ok "the verification mail arrived through SMTP in $(($(now_ms) - t0)) ms" ||
  not_ok "no verification mail for $email"
check "its subject" "Confirm your email address for keel" "$(jq -r .subject <<<"$verify_mail")"
check "it is from KEEL_MAIL_FROM" "keel tests <noreply@keel.test>" "$(jq -r .from <<<"$verify_mail")"
[ "$(jq -r '.html | test("<img|<script"; "i")' <<<"$verify_mail")" = false ] &&
  [ "$(jq -r '.html | test("#token=")' <<<"$verify_mail")" = true ] &&
  ok "the HTML part has the link and no images or scripts" || not_ok "HTML part: $(jq -r .html <<<"$verify_mail")"
vcode=$(jq -r .code <<<"$verify_mail")
check "verify with a wrong code is a 400" 400 "$(post auth/email/verify '{"code":"000000"}' "$token")"
[ "$vcode" = 000000 ] && vcode=$(jq -r .code <<<"$(wait_mail "$email" 1)")
check "verify with the mailed code" 200 "$(post auth/email/verify "{\"code\":\"$vcode\"}" "$token")"
[ "$(jq -r '.data.email_verified_at' "$FS_WORK/body.json")" != null ] && ok "the user has email_verified_at" ||
  not_ok "email_verified_at after verify: $(cat "$FS_WORK/body.json")"
check "the code works once" 400 "$(post auth/email/verify "{\"code\":\"$vcode\"}" "$token")"

# ---- forgot password: same answer for known and unknown addresses -------------------------
check "forgot with a bad email is a 400" 400 "$(post auth/password/forgot '{"email":"not-an-email"}')"
t_known=$(curl -sS --max-time 10 -o "$FS_WORK/known.json" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
  --data "{\"email\":\"$email\"}" "$FS_BASE/api/v1/auth/password/forgot")
t_unknown=$(curl -sS --max-time 10 -o "$FS_WORK/unknown.json" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
  --data "{\"email\":\"nobody-$RANDOM@example.com\"}" "$FS_BASE/api/v1/auth/password/forgot")
check "forgot for a known address" 202 "${t_known%% *}"
check "forgot for an unknown address" 202 "${t_unknown%% *}"
cmp -s "$FS_WORK/known.json" "$FS_WORK/unknown.json" && ok "the same body either way (times ${t_known#* }s and ${t_unknown#* }s)" ||
  not_ok "bodies differ: $(cat "$FS_WORK/known.json") / $(cat "$FS_WORK/unknown.json")"
reset_mail=$(wait_mail "$email" 2) || not_ok "no reset mail"
check "the reset mail's subject" "Reset your keel password" "$(jq -r .subject <<<"$reset_mail")"
rtoken=$(jq -r .token <<<"$reset_mail")
code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$FS_BASE/api/v1/auth/password/reset?token=$rtoken")
check "a GET of the reset route consumes nothing (405)" 405 "$code"
check "a too-short new password is refused and the token kept" 400 \
  "$(post auth/password/reset "{\"token\":\"$rtoken\",\"new_password\":\"short\"}")"
check "reset with the mailed token" 204 "$(post auth/password/reset "{\"token\":\"$rtoken\",\"new_password\":\"$new_password\"}")"
check "the token works once" 400 "$(post auth/password/reset "{\"token\":\"$rtoken\",\"new_password\":\"$new_password\"}")"
check "the reset revoked the old sessions (refresh 401)" 401 "$(post auth/refresh "{\"refresh_token\":\"$refresh\"}")"
check "the old password no longer signs in" 401 "$(post auth/login "{\"email\":\"$email\",\"password\":\"$password\"}")"
check "the new one does" 200 "$(post auth/login "{\"email\":\"$email\",\"password\":\"$new_password\"}")"
token=$(jq -r '.data.access_token // empty' "$FS_WORK/body.json")
check "a wrong code with the email is a 400" 400 \
  "$(post auth/password/reset "{\"email\":\"$email\",\"code\":\"123456\",\"new_password\":\"$new_password x\"}")"
for i in 1 2 3; do post auth/password/forgot "{\"email\":\"$email\"}" >/dev/null; done
check "the 4th request within 15 minutes still answers 202" 202 "$(post auth/password/forgot "{\"email\":\"$email\"}")"
wait_mail "$email" 4 >/dev/null || true
sleep 1  # a 5th mail, if wrongly sent, has a job worker's round trip to arrive in
check "but at most 3 reset mails reach the address in 15 minutes" 4 "$(mails_to "$email")"

# ---- email change ----------------------------------------------------------------------
new_email="moved-$$-$RANDOM@example.com"
check "email change with a wrong password is a 400" 400 \
  "$(post auth/email/change "{\"new_email\":\"$new_email\",\"password\":\"wrong wrong wrong\"}" "$token")"
check "email change to a bad address is a 400" 400 \
  "$(post auth/email/change "{\"new_email\":\"nope\",\"password\":\"$new_password\"}" "$token")"
check "email change" 202 "$(post auth/email/change "{\"new_email\":\"$new_email\",\"password\":\"$new_password\"}" "$token")"
change_mail=$(wait_mail "$new_email" 1) && ok "the confirmation went to the new address" || not_ok "no mail to $new_email"
ccode=$(jq -r .code <<<"$change_mail")
check "confirm with the code" 200 "$(post auth/email/change/confirm "{\"code\":\"$ccode\"}" "$token")"
check "the account has the new email" "$new_email" "$(jq -r '.data.email' "$FS_WORK/body.json")"
told=$(wait_mail "$email" 5) && ok "the old address was told" || not_ok "no notice to the old address"
[[ "$(jq -r .text <<<"$told")" == *"$new_email"* ]] && ok "the notice names the new address" || not_ok "notice: $told"
check "sign in with the new email" 200 "$(post auth/login "{\"email\":\"$new_email\",\"password\":\"$new_password\"}")"
token=$(jq -r '.data.access_token // empty' "$FS_WORK/body.json")

# ---- auth events -------------------------------------------------------------------------
curl -sS --max-time 5 -o "$FS_WORK/events.json" -H "Authorization: Bearer $token" "$FS_BASE/api/v1/auth/events?limit=100"
for type in email_verified password_reset_requested password_reset email_change_requested email_changed; do
  n=$(jq "[.data[] | select(.type == \"$type\")] | length" "$FS_WORK/events.json")
  [ "${n:-0}" -ge 1 ] && ok "auth event $type recorded" || not_ok "auth event $type missing"
done
