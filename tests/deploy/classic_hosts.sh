#!/usr/bin/env bash
# keel under the servers of classic hosts, each started from its file in docs/deploy
# (rendered with envsubst, never copied): nginx + keel serve, Apache + mod_proxy_fcgi →
# keel serve, Apache + mod_fcgid, Apache + mod_cgi with .htaccess, lighttpd + mod_fastcgi
# and spawn-fcgi behind nginx. For each: /health, register (JSON), a task created
# form-encoded, the list with Bearer, malformed JSON → keel's 400, a body over
# KEEL_MAX_BODY_BYTES → keel's JSON 413 (and one over the server's own limit → a JSON 413
# too), a load with 0 failures (crossing keel serve's recycle point, 10,000 a worker, in
# the 2-worker stack behind nginx and mod_proxy_fcgi), and
# kill -9 of a keel process under load costing at most 1 request. One PostgreSQL (the
# stack fs_start starts) serves every mode, one mode after the other.
# KEEL_DEPLOY_MODES="fcgid lighttpd" runs only those; KEEL_DEPLOY_LOAD (default 50000)
# is the load per FastCGI mode; CGI (a process per request) gets KEEL_DEPLOY_CGI_LOAD.
set -euo pipefail
. "$(dirname "$0")/../e2e/lib/fault_stack.sh"

MODES=${KEEL_DEPLOY_MODES:-serve proxy_fcgi fcgid cgi lighttpd spawn_fcgi}
LOAD=${KEEL_DEPLOY_LOAD:-50000}
# Plain CGI starts a process and a PostgreSQL backend per request (~100 req/s here):
# 50,000 would take minutes, so it gets a bounded load that still spans many processes.
CGI_LOAD=${KEEL_DEPLOY_CGI_LOAD:-1500}
DEPLOY=$FS_REPO/docs/deploy
KEEL=$(build_dir)/keel

for tool in apache2 lighttpd spawn-fcgi nginx ab envsubst jq; do
  PATH=$PATH:/usr/sbin command -v "$tool" >/dev/null || {
    not_ok "$tool is not installed (scripts/install-deps)"
    exit 1
  }
done
export PATH=$PATH:/usr/sbin

fs_start
W=$FS_WORK
ensure_traversable www-data "$KEEL"
ensure_traversable www-data "$DEPLOY/errors/413.json"
if is_root; then SERVER_USER=www-data; else SERVER_USER=$(id -un); fi
SERVER_GROUP=$(id -gn "$SERVER_USER")
export SERVER_USER SERVER_GROUP DEPLOY_DIR=$DEPLOY KEEL_BIN=$KEEL

# keel's settings for the processes the servers start: the stack's database over TCP
# and its secret, everything else at its default (recycling included).
export KEEL_CONFIG=$FS_VAR/deploy.env
{
  echo "DATABASE_URL=postgresql://keel@127.0.0.1:$FS_PG_PORT/keel"
  grep '^JWT_SECRET=' "$FS_VAR/keel.env" | tail -n1
  echo "KEEL_SQL_DIR=$FS_REPO/sql"
} >"$KEEL_CONFIG"
chmod 0644 "$KEEL_CONFIG"

PLACEHOLDERS='${PORT} ${RUN_DIR} ${DOC_ROOT} ${DEPLOY_DIR} ${SERVER_USER} ${SERVER_GROUP} ${KEEL_SOCKET} ${CGI_DIR} ${KEEL_BIN} ${KEEL_CONFIG}'
# render FILE OUT: docs/deploy/FILE with the placeholders substituted.
render() { envsubst "$PLACEHOLDERS" <"$DEPLOY/$1" >"$2"; }

# new_site NAME: a fresh run directory, document root and port for one mode.
new_site() {
  export RUN_DIR=$FS_VAR/$1 PORT
  export DOC_ROOT=$RUN_DIR/www CGI_DIR=$RUN_DIR/cgi
  mkdir -p "$RUN_DIR" "$DOC_ROOT" "$CGI_DIR" "$RUN_DIR/fcgid"
  echo '<!doctype html><title>keel</title>' >"$DOC_ROOT/index.html"
  render keel-wrapper.sh "$CGI_DIR/keel.fcgi"
  chmod 0755 "$CGI_DIR/keel.fcgi" "$RUN_DIR"
  if is_root; then chown -R "$SERVER_USER:$SERVER_GROUP" "$RUN_DIR"; fi
  PORT=$(free_port)
  BASE=http://127.0.0.1:$PORT
}

# wait_health SECS: /health answers 200 within SECS.
wait_health() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do
    [ "$(curl -sS --max-time 2 -o /dev/null -w '%{http_code}' "$BASE/health" 2>/dev/null)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# descendants PID: PID's descendant processes, one a line.
descendants() {
  local kids k
  kids=$(cat /proc/"$1"/task/*/children 2>/dev/null || true)
  for k in $kids; do
    echo "$k"
    descendants "$k"
  done
}
# keel_pids ROOT_PID: the keel processes under ROOT_PID ("spawn": spawn-fcgi's pid file;
# the workers it started have init as their parent).
keel_pids() {
  local p list
  if [ "$1" = spawn ]; then list=$(tr -s ' \n' '\n\n' <"$RUN_DIR/spawn.pids"); else list=$(descendants "$1"); fi
  for p in $list; do
    [ "$(cat /proc/"$p"/comm 2>/dev/null)" = keel ] && echo "$p"
  done
  return 0
}

# ab_failed FILE: requests of an ab run that failed: a status other than 2xx, a socket
# error, or a 2xx body of another length (ab counts a non-2xx answer's body as a length
# failure too). ab_done FILE: complete requests. ab_rate FILE: req/s.
ab_failed() {
  awk '/^Non-2xx responses:/{bad = $3}
       /^ *\(Connect:/{gsub(/[(),]/, ""); conn = $2; recv = $4; len = $6; exc = $8}
       END {n = bad + conn + recv + exc + (len > bad ? len - bad : 0); print n + 0}' "$1"
}
ab_done() { awk '/^Complete requests:/{print $3}' "$1"; }
ab_rate() { awk '/^Requests per second:/{printf "%.0f", $4}' "$1"; }

# call NAME METHOD PATH [CURL ARGS...]: status to $W/NAME.code, body to $W/NAME.body.
call() {
  local name=$1 method=$2 path=$3
  shift 3
  curl -sS --max-time 20 -X "$method" -o "$W/$name.body" -w '%{http_code} %{content_type}' "$@" \
    "$BASE$path" >"$W/$name.code" 2>/dev/null || true
}
# expect LABEL NAME STATUS [JQ EXPECTED]: NAME answered STATUS with JSON (and JQ = EXPECTED).
expect() {
  local label=$1 name=$2 want=$3 got ctype
  read -r got ctype <"$W/$name.code" || true
  if [ "$got" != "$want" ] || [[ "$ctype" != application/json* ]]; then
    not_ok "$label: $name answered '$got' ($ctype), expected $want JSON: $(head -c 200 "$W/$name.body")"
  elif [ $# -ge 5 ] && [ "$(jq -r "$4" "$W/$name.body" 2>/dev/null)" != "$5" ]; then
    not_ok "$label: $name: $4 is not $5: $(head -c 200 "$W/$name.body")"
  else
    ok "$label: $name → $want${4:+ ($4 = $5)}"
  fi
}

# api_checks LABEL: the functional checks against $BASE.
api_checks() {
  local label=$1 email token
  email="deploy-$label-$RANDOM$RANDOM@example.com"
  call health GET /health
  expect "$label" health 200 .status ok
  call register POST /api/v1/auth/register -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}"
  expect "$label" register 201 .data.token_type Bearer
  token=$(jq -r .data.access_token "$W/register.body" 2>/dev/null || true)
  call task POST /api/v1/tasks -H "Authorization: Bearer $token" \
    -d "title=deploy $label" -d status=active -d priority=high
  expect "$label" task 201 .data.title "deploy $label"
  call list GET /api/v1/tasks -H "Authorization: Bearer $token"
  expect "$label" list 200 '.data | length' 1
  call malformed POST /api/v1/tasks -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"title": "unterminated'
  expect "$label" malformed 400 .error.code VALIDATION_ERROR
  head -c 100000 /dev/zero | tr '\0' a | sed 's/^/{"title":"/; s/$/"}/' >"$W/big.json"
  call oversized POST /api/v1/tasks -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary @"$W/big.json"
  expect "$label" oversized 413 .error.code PAYLOAD_TOO_LARGE
  head -c 2000000 /dev/zero | tr '\0' a >"$W/huge.txt"
  call over_server_limit POST /api/v1/tasks -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary @"$W/huge.txt"
  expect "$label" over_server_limit 413 .error.code PAYLOAD_TOO_LARGE
}

# load LABEL N CONNECTIONS: N /health requests over CONNECTIONS keep-alive connections:
# all 200, and /health still 200 afterwards.
load() {
  local label=$1 n=$2 c=$3 out=$W/load-$1.txt t0 failed done
  t0=$SECONDS
  timeout 300 ab -q -r -k -s 30 -n "$n" -c "$c" "$BASE/health" >"$out" 2>&1 || true
  failed=$(ab_failed "$out")
  done=$(ab_done "$out")
  if [ "$failed" = 0 ] && [ "${done:-0}" = "$n" ]; then
    ok "$label: $n requests under load, 0 failed ($(ab_rate "$out") req/s, $((SECONDS - t0)) s)"
  else
    not_ok "$label: ${done:-0} of $n requests done, $failed failed: $(grep -E '^(Complete|Failed|Non-2xx)' "$out" | tr -s ' ' | tr '\n' ' ')"
  fi
  call after GET /health
  expect "$label" after 200 .status ok
}

# kill_under_load LABEL ROOT_PID SECS: kill -9 of one keel process under ROOT_PID while
# ab runs for SECS; at most 1 request fails and /health answers again within 10 s.
kill_under_load() {
  local label=$1 root=$2 secs=$3 out=$W/kill-$1.txt ab_pid victim="" i failed
  timeout $((secs + 40)) ab -q -r -k -s 30 -t "$secs" -n 1000000 -c 8 "$BASE/health" >"$out" 2>&1 &
  ab_pid=$!
  sleep 0.5
  for ((i = 0; i < 40 && ${#victim} == 0; i++)); do
    victim=$(keel_pids "$root" | tail -n1)
    [ -n "$victim" ] || sleep 0.05
  done
  if [ -n "$victim" ]; then kill -9 "$victim" 2>/dev/null || true; fi
  wait "$ab_pid" || true
  failed=$(ab_failed "$out")
  if [ -z "$victim" ]; then
    not_ok "$label: no keel process found to kill"
  elif [ "$failed" -le 1 ]; then
    ok "$label: kill -9 of keel pid $victim under load: $failed of $(ab_done "$out") requests failed"
  else
    not_ok "$label: kill -9 of keel pid $victim under load: $failed failed: $(grep -E '^(Complete|Failed|Non-2xx)' "$out" | tr -s ' ' | tr '\n' ' ')"
  fi
  if wait_health 10; then ok "$label: answers again after the kill"; else not_ok "$label: no /health 200 within 10 s of the kill"; fi
}

# run_mode LABEL ROOT_PID LOAD: the checks, the load and the kill for one started server.
run_mode() {
  if ! wait_health 20; then
    not_ok "$1: /health did not answer 200 within 20 s: $(curl -sS -i --max-time 5 "$BASE/health" 2>&1 | head -c 300)"
    log_tail "$RUN_DIR/error.log" 20
    return 0
  fi
  api_checks "$1"
  load "$1" "$3" 16
  kill_under_load "$1" "$2" 3
  if [ "$fs_failures" -gt 0 ]; then log_tail "$RUN_DIR/error.log" 20; fi
}

# quiet_error_log LABEL: the server's error log holds none of keel's per-request lines
# (keel started by the server writes only warnings and errors to stderr by default).
quiet_error_log() {
  local n
  n=$(grep -c '"msg":"request"' "$RUN_DIR/error.log" || true)
  if [ "$n" = 0 ]; then
    ok "$1: no request lines in the server's error log"
  else
    not_ok "$1: $n request lines in the server's error log: $(grep -m1 '"msg":"request"' "$RUN_DIR/error.log")"
  fi
}

# log_file_reopens LABEL PIDS...: with KEEL_LOG_DEST=file:$RUN_DIR/keel.log, the request
# lines are in that file; after it is moved away and SIGUSR1 sent, they go to a new one.
log_file_reopens() {
  local label=$1 i
  shift
  if grep -q '"msg":"request"' "$RUN_DIR/keel.log" 2>/dev/null; then
    ok "$label: request lines in KEEL_LOG_DEST=file:.../keel.log"
  else
    not_ok "$label: no request line in $RUN_DIR/keel.log"
  fi
  mv "$RUN_DIR/keel.log" "$RUN_DIR/keel.log.1"
  kill -USR1 "$@"
  for ((i = 0; i < 50; i++)); do
    curl -sS --max-time 2 -o /dev/null "$BASE/health" 2>/dev/null || true
    grep -q '"msg":"request"' "$RUN_DIR/keel.log" 2>/dev/null && break
    sleep 0.1
  done
  if grep -q '"msg":"request"' "$RUN_DIR/keel.log" 2>/dev/null; then
    ok "$label: SIGUSR1 reopened the log file after it was moved (logrotate)"
  else
    not_ok "$label: no request line in a new keel.log after SIGUSR1"
  fi
}

# apache LABEL CONF: start Apache from docs/deploy/CONF; sets SERVER_PID.
apache_start() {
  render "$2" "$RUN_DIR/httpd.conf"
  if ! apache2 -f "$RUN_DIR/httpd.conf" -k start 2>"$RUN_DIR/start.err"; then
    not_ok "$1: Apache did not start from docs/deploy/$2: $(cat "$RUN_DIR/start.err")"
    return 1
  fi
  fs_on_exit "apache2 -f '$RUN_DIR/httpd.conf' -k stop"
  SERVER_PID=""
  for ((i = 0; i < 50 && ${#SERVER_PID} == 0; i++)); do
    sleep 0.1
    SERVER_PID=$(cat "$RUN_DIR/httpd.pid" 2>/dev/null || true)
  done
}
apache_stop() {
  local pid=$SERVER_PID i
  apache2 -f "$RUN_DIR/httpd.conf" -k stop || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  not_ok "$1: Apache did not stop within 10 s"
}

for mode in $MODES; do
  t_mode=$SECONDS
  case "$mode" in
    serve)
      # nginx/keel.conf.template + keel serve: the stack fs_start started (2 workers).
      BASE=$FS_BASE RUN_DIR=$FS_VAR/nginx
      api_checks serve
      load serve "$LOAD" 16
      kill_under_load serve "$FS_MASTER" 3
      ;;
    proxy_fcgi)
      new_site proxy_fcgi
      export KEEL_SOCKET=$FS_SOCK # the stack's keel serve
      apache_start proxy_fcgi apache-proxy-fcgi.conf &&
        run_mode proxy_fcgi "$FS_MASTER" "$LOAD"
      apache_stop proxy_fcgi
      ;;
    fcgid)
      new_site fcgid
      apache_start fcgid apache-fcgid.conf &&
        run_mode fcgid "$SERVER_PID" "$LOAD" && quiet_error_log fcgid
      apache_stop fcgid
      ;;
    cgi)
      new_site cgi
      cp "$CGI_DIR/keel.fcgi" "$DOC_ROOT/api"
      cp "$CGI_DIR/keel.fcgi" "$DOC_ROOT/health"
      render apache-cgi.htaccess "$DOC_ROOT/.htaccess"
      if is_root; then chown -R "$SERVER_USER:$SERVER_GROUP" "$DOC_ROOT"; fi
      apache_start cgi apache-cgi-host.conf &&
        run_mode cgi "$SERVER_PID" "$CGI_LOAD" && quiet_error_log cgi
      apache_stop cgi
      ;;
    lighttpd)
      new_site lighttpd
      render lighttpd.conf "$RUN_DIR/lighttpd.conf"
      lighttpd -f "$RUN_DIR/lighttpd.conf"
      SERVER_PID=""
      for ((i = 0; i < 50 && ${#SERVER_PID} == 0; i++)); do
        sleep 0.1
        SERVER_PID=$(cat "$RUN_DIR/lighttpd.pid" 2>/dev/null || true)
      done
      fs_on_exit "kill $SERVER_PID"
      run_mode lighttpd "$SERVER_PID" "$LOAD"
      kill "$SERVER_PID" 2>/dev/null || true
      ;;
    spawn_fcgi)
      new_site spawn
      export KEEL_SOCKET=$RUN_DIR/keel.sock
      # spawn-fcgi points stderr at /dev/null: the log goes to a file.
      KEEL_LOG_DEST=file:$RUN_DIR/keel.log KEEL_BIN=$KEEL KEEL_CONFIG=$KEEL_CONFIG KEEL_SOCKET=$KEEL_SOCKET KEEL_CHILDREN=4 \
        KEEL_USER=$SERVER_USER KEEL_GROUP=$SERVER_GROUP KEEL_SOCKET_USER=$SERVER_USER \
        KEEL_PIDFILE=$RUN_DIR/spawn.pids "$FS_REPO/nginx/examples/spawn-fcgi.sh" start >/dev/null
      fs_on_exit "KEEL_PIDFILE=$RUN_DIR/spawn.pids KEEL_SOCKET=$KEEL_SOCKET $FS_REPO/nginx/examples/spawn-fcgi.sh stop"
      render nginx-spawn-fcgi.conf "$RUN_DIR/nginx.conf"
      nginx -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/error.log"
      fs_on_exit "nginx -c '$RUN_DIR/nginx.conf' -e '$RUN_DIR/error.log' -s stop"
      run_mode spawn_fcgi spawn "$LOAD"
      # shellcheck disable=SC2046 # one pid a word
      log_file_reopens spawn_fcgi $(keel_pids spawn)
      nginx -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/error.log" -s stop || true
      ;;
    *)
      not_ok "unknown mode $mode"
      ;;
  esac
  note "$mode: $((SECONDS - t_mode)) s"
done

fs_finish
