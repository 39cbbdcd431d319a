#!/usr/bin/env bash
# `make stop` then `make run` at once, right after traffic: a connection nginx closed
# leaves a TIME-WAIT socket on the TLS port, and the restart must not take it for a
# listener (run-stack refused to start for up to 60 s). Runs run-stack stop/start, which
# is what `make stop` and `make run` call, on a stack of its own.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

fs_start
tls=${FS_BASE##*:}
metrics=${FS_METRICS##*:}

# Plain HTTP to the TLS port: nginx answers 400 and closes. The client reads to the end
# of the stream before closing, so nginx's close comes first and the TIME-WAIT socket is
# on its side, with the listening port as its local end.
exec 3<>"/dev/tcp/127.0.0.1/$tls"
printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
timeout 5 cat <&3 >/dev/null || true
exec 3<&-
tw=0
for _ in $(seq 1 20); do
  tw=$(ss -Htan state time-wait "sport = :$tls" | wc -l)
  [ "$tw" -gt 0 ] && break
  sleep 0.1
done
if [ "$tw" -gt 0 ]; then
  ok "a server-side close left $tw TIME-WAIT socket(s) on port $tls"
else
  not_ok "no TIME-WAIT socket on port $tls after nginx closed a connection (nothing to test)"
fi

args=(--var "$FS_VAR" --tls-port "$tls" --metrics-port "$metrics" --pg-port "$FS_PG_PORT"
  --workers 2 --auth-pool 0 --fast)
t0=$(now_ms)
"$FS_REPO/scripts/run-stack" stop --var "$FS_VAR" >"$FS_WORK/stop.log" 2>&1 || cat "$FS_WORK/stop.log" >&2
if "$FS_REPO/scripts/run-stack" start "${args[@]}" >"$FS_WORK/restart.log" 2>&1; then
  ok "stop then start on the same ports succeeded in $(($(now_ms) - t0)) ms with the TIME-WAIT socket present"
else
  cat "$FS_WORK/restart.log" >&2
  not_ok "the stack did not start again on its own ports"
fi
FS_MASTER=$(tr -dc '0-9' <"$FS_VAR/run/keel.pid" 2>/dev/null || true)

code=$(curl -sS -o "$FS_WORK/health.json" -w '%{http_code}' --max-time 10 "$FS_BASE/health" || true)
if [ "$code" = 200 ]; then
  ok "/health 200 after the restart"
else
  not_ok "/health after the restart: $code $(cat "$FS_WORK/health.json" 2>/dev/null)"
fi
