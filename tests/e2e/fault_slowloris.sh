#!/usr/bin/env bash
# Fault test (RELIABILITY test 4, with 200 connections): slow clients. On a stack of its
# own, 200 TLS connections send a request line and then one header line a second
# (python3 asyncio, standard library only) for up to 15 s, while wrk measures GET
# /health. Checks: nginx drops every slow connection at its client_header_timeout (10 s;
# each drop time is measured); the normal requests all succeed and their p99 stays
# within 20 % of the p99 measured just before — or, when that is not so, under 200 ms.
# Why the absolute bound: on this 2-core machine, shared with the rest of the suite and
# often with builds (load average 10 seen), the p99 of /health is set by CPU scheduling,
# not by keel or nginx: two identical back-to-back 4 s runs without any slow client gave
# 34 ms and 114 ms. 20 % alone would fail on noise. A slowloris that worked shows as
# refused or failed connections (checked: 0) and stalls of seconds, far above 200 ms,
# which is also the p99 target of RELIABILITY test 1 (steady load).
# Bounded: ~20 s, 200 slow connections, two 4 s wrk runs.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

SLOW=200
fs_start
port=${FS_BASE##*:}

cat >"$FS_WORK/slowloris.py" <<'EOF'
# 200 slow TLS clients: request line, then a header line every second, never the end of
# the headers. Writes "connected N" to the status file once all are connected, and at the
# end one line per connection: "dropped SECONDS" or "alive SECONDS" (since it connected).
import asyncio, random, ssl, sys, time

host, port, n, duration, cafile, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
ctx = ssl.create_default_context(cafile=cafile)

async def client(results, connected):
    t = time.monotonic()  # nginx's header timer starts when it accepts, before the handshake
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=ctx, server_hostname="localhost"), 10)
    except Exception as e:
        results.append("connect_failed 0 %s" % type(e).__name__)
        connected.append(0)
        return
    connected.append(1)
    writer.write(b"GET /health HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slowloris\r\n")
    async def read():
        try:
            return await reader.read(65536)
        except Exception:
            return b""
    closed = asyncio.ensure_future(read())
    await asyncio.sleep(random.random())  # spread the trickle over the second
    k = 0
    while time.monotonic() - t < duration:
        done, _ = await asyncio.wait({closed}, timeout=1.0)
        if done:
            results.append("dropped %.2f" % (time.monotonic() - t))
            writer.close()
            return
        try:
            writer.write(b"X-Slow-%d: a\r\n" % k)
            await writer.drain()
        except Exception:
            results.append("dropped %.2f" % (time.monotonic() - t))
            return
        k += 1
    results.append("alive %.2f" % (time.monotonic() - t))
    closed.cancel()
    writer.close()

async def main():
    results, connected = [], []
    tasks = [asyncio.ensure_future(client(results, connected)) for _ in range(n)]
    while len(connected) < n:
        await asyncio.sleep(0.05)
    with open(status, "w") as f:
        f.write("connected %d\n" % sum(connected))
    await asyncio.gather(*tasks)
    for r in results:
        print(r)

asyncio.run(main())
EOF

measure() { # measure NAME: 4 s of wrk, 2 connections, on /health
  wrk -t1 -c2 -d4s --timeout 5s -s "$(fs_wrk_script)" "$FS_BASE/health" >"$FS_WORK/$1.out" 2>&1 || true
}
fs_get_n 20 "$FS_BASE/health" >/dev/null # warm-up
measure before
p99_before=$(wrk_field "$FS_WORK/before.out" p99_ms)

python3 "$FS_WORK/slowloris.py" 127.0.0.1 "$port" "$SLOW" 15 "$FS_CA" "$FS_WORK/slow.status" \
  >"$FS_WORK/slow.out" 2>"$FS_WORK/slow.err" &
slow_pid=$!
fs_on_exit "kill $slow_pid"
t_slow=$(now_ms)
for ((i = 0; i < 200; i++)); do
  [ -s "$FS_WORK/slow.status" ] && break
  sleep 0.05
done
note "slow clients: $(cat "$FS_WORK/slow.status" 2>/dev/null || echo 'not all connected') after $(($(now_ms) - t_slow)) ms; nginx: $(curl -sS --max-time 2 "$FS_METRICS/nginx_status" 2>/dev/null | head -n1)"
measure during
p99_during=$(wrk_field "$FS_WORK/during.out" p99_ms)
wait "$slow_pid" || true

# The slow connections.
connected=$(sed -n 's/^connected //p' "$FS_WORK/slow.status" 2>/dev/null || echo 0)
dropped=$(grep -c '^dropped ' "$FS_WORK/slow.out" || true)
alive=$(grep -c '^alive ' "$FS_WORK/slow.out" || true)
read -r dmin dmax < <(awk '$1 == "dropped" {if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2} END {print (min == "" ? "-" : min), (max == "" ? "-" : max)}' "$FS_WORK/slow.out")
early=$(awk '$1 == "dropped" && $2 < 9.5' "$FS_WORK/slow.out" | wc -l)
if [ "${connected:-0}" -eq "$SLOW" ] && [ "$dropped" -eq "$SLOW" ] && [ "$early" -eq 0 ] &&
  awk -v m="$dmax" 'BEGIN {exit !(m + 0 <= 12.5)}'; then
  ok "nginx dropped all $SLOW slow connections at client_header_timeout: after ${dmin}-${dmax} s (10 s)"
else
  not_ok "slow connections: $connected connected, $dropped dropped (after ${dmin}-${dmax} s; $early before 9.5 s), $alive still open at 15 s $(head -c 300 "$FS_WORK/slow.err")"
fi

# The normal requests.
failed=$(($(wrk_non200 "$FS_WORK/during.out") + $(wrk_socket_errors "$FS_WORK/during.out")))
total=$(wrk_field "$FS_WORK/during.out" requests)
if [ "${total:-0}" -gt 0 ] && [ "$failed" -eq 0 ]; then
  ok "GET /health during the slow clients: 0 failed of $total (max latency $(wrk_field "$FS_WORK/during.out" max_ms) ms)"
else
  not_ok "GET /health during the slow clients: $failed failed of ${total:-0}"
fi
verdict=$(awk -v b="$p99_before" -v d="$p99_during" 'BEGIN {
  if (b == "" || d == "") {print "fail n/a"; exit}
  pct = (b > 0) ? (d - b) * 100 / b : 0
  if (d <= 1.2 * b) print "ok", sprintf("%+.0f%%, within 20%%", pct)
  else if (d <= 200) print "ok", sprintf("%+.0f%%, over 20%% but under the 200 ms bound", pct)
  else print "fail", sprintf("%+.0f%%", pct)}')
if [ "${verdict%% *}" = ok ]; then
  ok "p99 of GET /health: ${p99_before} ms before, ${p99_during} ms during the slow clients (${verdict#* })"
else
  not_ok "p99 of GET /health: ${p99_before:-?} ms before, ${p99_during:-?} ms during the slow clients (${verdict#* }; want within 20 % or under 200 ms)"
fi
fs_finish
