# Builds keel's multi-host deployment on one machine, in network namespaces (sourced by
# tests/cluster/*.sh and `scripts/bench --cluster`, not run): as root, a bridge in a
# namespace of its own links, on the private range 10.77.0.0/24 that exists only inside
# these namespaces (the machine's own interfaces and routes are never touched):
#
#   lb   10.77.0.1    nginx (TLS on 127.0.0.1:8443 of this namespace; the clients run here
#                     too), upstream keel_workers = the worker hosts
#   pg   10.77.0.2    PostgreSQL primary :5432, PgBouncer :6432 (transaction mode)
#   rep  10.77.0.3    streaming replica :5432 (pg_basebackup of the primary)
#   w1..w3 10.77.0.11-13  `keel serve` with FastCGI on :9000, through PgBouncer
#
# The configuration files are the production examples in docs/scaling/ (keel-upstream.conf,
# pgbouncer.ini, keel-host.env), rendered with envsubst: no copy of them here.
#
#   kc_up [HOSTS]        build it all with HOSTS worker hosts (default 3); sets KC_* below
#   kc_down              stop every process in the namespaces, remove them (EXIT trap)
#   kc_host_start I      start keel on host I (1..3) again     kc_host_kill I   kill -9 all of it
#   kc_nginx_conf HOSTS  re-render nginx's config with HOSTS hosts (then HUP kc_nginx_pid)
#   kc_cpu_ticks NS [COMM]  CPU ticks used so far by the processes of namespace NS (lb, pg,
#                        w1...), only those named COMM if given
#   kc_lb CMD...         run CMD in the lb namespace (curl, wrk, python: the clients)
#   kc_psql SQL          on the primary (unix socket, as keel)   kc_psql_rep SQL   on the replica
#
# Needs root (ip netns), nginx, PostgreSQL 15, pgbouncer; BUILD names keel's build.
# KC_KEEP=1 keeps the directory for a post-mortem.
# shellcheck shell=bash

KC_REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
# shellcheck source=scripts/lib/common.sh
. "$KC_REPO/scripts/lib/common.sh"
export BUILD=${BUILD:-build}
KC_BIN=$(build_dir)/keel
KC_PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
KC_NET=10.77.0
KC_TAG=kc$$
KC_DIR="" KC_BASE=https://localhost:8443 KC_CA="" KC_DB_URL="" KC_REP_URL="" KC_JWT=""
KC_DB_PASSWORD="" KC_HOSTS=3 KC_WORKERS=${KC_WORKERS:-2}
KC_NAMESPACES=()

kc_ns() { echo "$KC_TAG-$1"; }
kc_in() {
  local ns
  ns=$(kc_ns "$1")
  shift
  ip netns exec "$ns" "$@"
}
kc_lb() { kc_in lb "$@"; }

# kc_add_ns NAME ADDR: a namespace with lo up and eth0 (ADDR/24) on the bridge.
kc_add_ns() {
  local name=$1 addr=$2 ns sw
  ns=$(kc_ns "$name")
  sw=$(kc_ns sw)
  ip netns add "$ns"
  KC_NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
  ip -n "$ns" link add eth0 type veth peer name "v-$name" netns "$sw"
  ip -n "$sw" link set "v-$name" master br0 up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
}

kc_network() {
  local sw
  sw=$(kc_ns sw)
  ip netns add "$sw"
  KC_NAMESPACES+=("$sw")
  ip -n "$sw" link set lo up
  ip -n "$sw" link add br0 type bridge
  ip -n "$sw" link set br0 up
  kc_add_ns lb "$KC_NET.1"
  kc_add_ns pg "$KC_NET.2"
  kc_add_ns rep "$KC_NET.3"
  local i
  for i in 1 2 3; do kc_add_ns "w$i" "$KC_NET.1$i"; done
}

kc_pg_as() { (cd / && runuser -u postgres -- "$@"); }

kc_psql() {
  psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 "postgresql://keel@/keel?host=$KC_DIR/pg/run&port=5432" -c "$1"
}
kc_psql_rep() {
  psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 "postgresql://keel@/keel?host=$KC_DIR/rep/run&port=5432" -c "$1"
}

kc_primary() {
  local dir=$KC_DIR/pg
  "$KC_REPO/scripts/pg-cluster" init "$dir" 5432 >/dev/null || return 1
  kc_pg_as tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
# ---- tests/cluster: reachable from the other hosts, streams to the replica ----
listen_addresses = '127.0.0.1,$KC_NET.2'
max_wal_senders = 4
wal_keep_size = '64MB'
EOF
  kc_pg_as tee -a "$dir/data/pg_hba.conf" >/dev/null <<EOF
# tests/cluster: the hosts of 10.77.0.0/24 sign in with SCRAM (PgBouncer, the replica)
host    keel         keel          $KC_NET.0/24  scram-sha-256
host    replication  keel_replica  $KC_NET.3/32  scram-sha-256
EOF
  kc_in pg "$KC_REPO/scripts/pg-cluster" start "$dir" 5432 --fast >/dev/null || return 1
  KC_DB_PASSWORD=$(openssl rand -hex 16)
  psql -X -q -v ON_ERROR_STOP=1 -h "$dir/run" -p 5432 -U postgres -d postgres <<EOF
ALTER ROLE keel PASSWORD '$KC_DB_PASSWORD';
CREATE ROLE keel_replica REPLICATION LOGIN PASSWORD '$KC_DB_PASSWORD';
ALTER ROLE keel SET statement_timeout = '5s';
ALTER ROLE keel SET lock_timeout = '2s';
ALTER ROLE keel SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE keel SET timezone = 'UTC';
-- The replica lag check (KEEL_DATABASE_READ_URL) reads pg_stat_wal_receiver.
GRANT pg_read_all_stats TO keel;
EOF
  [ $? = 0 ] || return 1
  KC_DB_URL="postgresql://keel@/keel?host=$dir/run&port=5432"
  env -i PATH="$PATH" LANG=C.UTF-8 TZ=UTC DATABASE_URL="$KC_DB_URL" KEEL_SQL_DIR="$KC_REPO/sql" \
    KEEL_ENV=development "$KC_BIN" migrate >"$KC_DIR/migrate.log" 2>&1
}

kc_replica() {
  local dir=$KC_DIR/rep
  mkdir -p "$dir/run" "$dir/log" "$dir/data"
  chown postgres: "$dir" "$dir/run" "$dir/log" "$dir/data"
  chmod 700 "$dir/data"
  chmod 755 "$dir" "$dir/run" "$dir/log"
  kc_in rep runuser -u postgres -- env PGPASSWORD="$KC_DB_PASSWORD" \
    "$KC_PG_BIN/pg_basebackup" -h "$KC_NET.2" -p 5432 -U keel_replica -D "$dir/data" -R -X stream -c fast \
    >"$dir/log/basebackup.log" 2>&1 || return 1
  kc_pg_as tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
# ---- tests/cluster: the replica's own host ----
listen_addresses = '127.0.0.1,$KC_NET.3'
unix_socket_directories = '$dir/run'
hot_standby = on
# Every statement logged with its application name: the test sees which ran here.
log_statement = 'all'
log_line_prefix = '%m [%p] %a '
EOF
  kc_rep_start || return 1
  KC_REP_URL="postgresql://keel:$KC_DB_PASSWORD@$KC_NET.3:5432/keel"
}
kc_rep_start() {
  kc_in rep runuser -u postgres -- "$KC_PG_BIN/pg_ctl" -D "$KC_DIR/rep/data" -l "$KC_DIR/rep/log/postgres.log" \
    -o "-c port=5432 -c fsync=off" -w -t 30 start >/dev/null
}
kc_rep_stop() {
  kc_in rep runuser -u postgres -- "$KC_PG_BIN/pg_ctl" -D "$KC_DIR/rep/data" -m fast -w -t 30 stop >/dev/null
}

kc_bouncer_start() {
  kc_in pg runuser -u postgres -- /usr/sbin/pgbouncer -d -q "$KC_DIR/pgbouncer/pgbouncer.ini"
  wait_for 10 "PgBouncer on :6432" kc_in pg bash -c "exec 3<>/dev/tcp/$KC_NET.2/6432"
}
kc_bouncer_pid() { tr -dc '0-9' <"$KC_DIR/pgbouncer/pgbouncer.pid" 2>/dev/null; }

kc_bouncer() {
  local dir=$KC_DIR/pgbouncer secret
  mkdir -p "$dir"
  chown postgres: "$dir"
  KEEL_PG_HOST=127.0.0.1 KEEL_PG_PORT=5432 KEEL_PGBOUNCER_ADDR=$KC_NET.2 KEEL_PGBOUNCER_PORT=6432 \
    KEEL_PGBOUNCER_DIR=$dir KEEL_PGBOUNCER_POOL=${KC_POOL:-8} envsubst \
    '${KEEL_PG_HOST} ${KEEL_PG_PORT} ${KEEL_PGBOUNCER_ADDR} ${KEEL_PGBOUNCER_PORT} ${KEEL_PGBOUNCER_DIR} ${KEEL_PGBOUNCER_POOL}' \
    <"$KC_REPO/docs/scaling/pgbouncer.ini" >"$dir/pgbouncer.ini"
  secret=$(psql -X -q -A -t -h "$KC_DIR/pg/run" -p 5432 -U postgres -d postgres \
    -c "SELECT rolpassword FROM pg_authid WHERE rolname = 'keel'") || return 1
  printf '"keel" "%s"\n' "$secret" >"$dir/userlist.txt"
  chown postgres: "$dir/pgbouncer.ini" "$dir/userlist.txt"
  chmod 600 "$dir/userlist.txt"
  kc_bouncer_start
}

# kc_host_env I: renders docs/scaling/keel-host.env for host I (plus KC_EXTRA_ENV lines).
kc_host_env() {
  local i=$1 dir=$KC_DIR/w$1
  mkdir -p "$dir"
  (
    umask 077
    KEEL_DB_PASSWORD=$KC_DB_PASSWORD KEEL_PGBOUNCER=$KC_NET.2:6432 JWT_SECRET=$KC_JWT \
      KEEL_PUBLIC_ORIGIN=$KC_BASE KEEL_HOST_LISTEN=$KC_NET.1$i:9000 KEEL_WORKERS=$KC_WORKERS \
      KEEL_DATABASE_READ_URL=$KC_REP_URL envsubst \
      '${KEEL_DB_PASSWORD} ${KEEL_PGBOUNCER} ${JWT_SECRET} ${KEEL_PUBLIC_ORIGIN} ${KEEL_HOST_LISTEN} ${KEEL_WORKERS} ${KEEL_DATABASE_READ_URL}' \
      <"$KC_REPO/docs/scaling/keel-host.env" >"$dir/keel.env"
    if [ -n "${KC_EXTRA_ENV:-}" ]; then printf '%s\n' "$KC_EXTRA_ENV" >>"$dir/keel.env"; fi
  )
}

kc_host_start() {
  local i=$1 dir=$KC_DIR/w$1
  kc_in "w$i" env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TZ=UTC \
    setsid "$KC_BIN" serve --config "$dir/keel.env" </dev/null >>"$dir/keel.log" 2>&1 &
  wait_for 15 "keel on w$i" kc_in "w$i" bash -c "exec 3<>/dev/tcp/$KC_NET.1$i/9000"
}

# kc_host_kill I: SIGKILL to every process of host I's namespace (master and workers at once).
kc_host_kill() {
  local pids
  pids=$(ip netns pids "$(kc_ns "w$1")" 2>/dev/null | tr '\n' ' ')
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  for _ in $(seq 50); do
    [ -z "$(ip netns pids "$(kc_ns "w$1")" 2>/dev/null)" ] && return 0
    sleep 0.1
  done
}
kc_host_master() { pgrep -o -f -- "$KC_BIN serve --config $KC_DIR/w$1/keel.env"; }

# kc_nginx_conf HOSTS: renders nginx's configuration with the first HOSTS worker hosts.
kc_nginx_conf() {
  local dir=$KC_DIR/lb hosts=$1 i
  mkdir -p "$dir"
  chmod 755 "$dir"
  "$KC_REPO/scripts/tls-cert" "$dir" >/dev/null 2>&1 || return 1
  KEEL_WORKER_1=$KC_NET.11:9000 KEEL_WORKER_2=$KC_NET.12:9000 KEEL_WORKER_3=$KC_NET.13:9000 \
    envsubst '${KEEL_WORKER_1} ${KEEL_WORKER_2} ${KEEL_WORKER_3}' \
    <"$KC_REPO/docs/scaling/keel-upstream.conf" >"$dir/keel-upstream.conf"
  # Fewer hosts (the benchmark): the lines of the missing ones are marked down.
  for ((i = hosts + 1; i <= 3; i++)); do
    sed -i "s/server $KC_NET.1$i:9000 /server $KC_NET.1$i:9000 down /" "$dir/keel-upstream.conf"
  done
  "$KC_REPO/scripts/render-nginx" --var "$dir" --tls-port 8443 --metrics-port 9100 \
    --upstream "$dir/keel-upstream.conf" --auth-rate 1000r/s --auth-burst 1000 --test >/dev/null || return 1
  KC_CA=$dir/tls/cert.pem
}
kc_nginx() {
  local dir=$KC_DIR/lb
  kc_nginx_conf "$1" || return 1
  kc_lb /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/conf/keel.conf" -e "$dir/nginx/error.log"
}
kc_nginx_pid() { tr -dc '0-9' <"$KC_DIR/lb/nginx/nginx.pid" 2>/dev/null; }

# kc_up [HOSTS]: the whole cluster; returns non-zero (after saying why) if a part failed.
kc_up() {
  KC_HOSTS=${1:-3}
  is_root || { say "tests/cluster needs root (ip netns)"; return 1; }
  command -v /usr/sbin/pgbouncer >/dev/null || { say "pgbouncer missing: scripts/install-deps"; return 1; }
  kc_remove_stale
  KC_DIR=$(mktemp -d /tmp/kc.XXXXXX)
  chmod 755 "$KC_DIR"
  KC_JWT=$(openssl rand -hex 32)
  trap kc_down EXIT
  trap 'exit 130' INT TERM
  kc_network || { say "could not build the namespaces"; return 1; }
  kc_primary || { log_tail "$KC_DIR/pg/log/postgres.log"; log_tail "$KC_DIR/migrate.log"; return 1; }
  kc_replica || { log_tail "$KC_DIR/rep/log/basebackup.log"; log_tail "$KC_DIR/rep/log/postgres.log"; return 1; }
  kc_bouncer || { log_tail "$KC_DIR/pgbouncer/pgbouncer.log"; return 1; }
  local i
  for ((i = 1; i <= KC_HOSTS; i++)); do
    kc_host_env "$i"
    kc_host_start "$i" || { log_tail "$KC_DIR/w$i/keel.log"; return 1; }
  done
  kc_nginx "$KC_HOSTS" || { log_tail "$KC_DIR/lb/nginx/error.log"; return 1; }
  wait_for 15 "/health through nginx" kc_lb curl -fsS --max-time 2 --cacert "$KC_CA" "$KC_BASE/health"
}

kc_cpu_ticks() {
  local pid total=0 t
  for pid in $(ip netns pids "$(kc_ns "$1")" 2>/dev/null); do
    if [ -n "${2:-}" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$2" ]; then continue; fi
    # utime stime cutime cstime: a worker that exited is in its parent's cutime.
    t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}')
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# kc_remove_stale: namespaces left by an earlier run that was SIGKILLed (its shell, whose
# pid is in the name, is gone): their processes are stopped and they are removed.
kc_remove_stale() {
  local ns tag pids
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^kc[0-9]+-(sw|lb|pg|rep|w[123])$' || true); do
    tag=${ns%%-*}
    kill -0 "${tag#kc}" 2>/dev/null && continue
    pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    sleep 0.2
    ip netns del "$ns" 2>/dev/null || true
  done
}

kc_down() {
  local rc=$? ns pids
  trap - EXIT
  if [ -n "$KC_DIR" ]; then
    # PostgreSQL first, gently (its data is thrown away anyway); then whatever is left.
    kc_in rep runuser -u postgres -- "$KC_PG_BIN/pg_ctl" -D "$KC_DIR/rep/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    kc_in pg runuser -u postgres -- "$KC_PG_BIN/pg_ctl" -D "$KC_DIR/pg/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
  for ns in ${KC_NAMESPACES[@]+"${KC_NAMESPACES[@]}"}; do
    pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  done
  for ns in ${KC_NAMESPACES[@]+"${KC_NAMESPACES[@]}"}; do
    for _ in $(seq 50); do
      [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
      sleep 0.1
    done
    ip netns del "$ns" 2>/dev/null || true
  done
  KC_NAMESPACES=()
  if [ -n "$KC_DIR" ]; then
    if [ "${KC_KEEP:-0}" = 1 ]; then say "kept $KC_DIR (KC_KEEP=1)"; else rm -rf "$KC_DIR"; fi
    KC_DIR=""
  fi
  exit "$rc"
}
