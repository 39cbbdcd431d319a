#!/usr/bin/env bash
# Supervision checks (issue 7): a worker is recycled after KEEL_MAX_REQUESTS requests
# without a single failed request, and `keel serve` refuses to start more workers than
# PostgreSQL's free connections can serve, with one clear line naming KEEL_WORKERS.
set -euo pipefail
. "$(dirname "$0")/lib/fault_stack.sh"

fs_start --keel-env KEEL_MAX_REQUESTS=50

pids_before=$(fs_status_pids | tr '\n' ' ')
codes=$(fs_get_n 400 "$FS_BASE/health" | sort | uniq -c | tr -s ' ' | tr '\n' ';')
pids_after=$(fs_status_pids | tr '\n' ' ')
respawns=$(fs_metric keel_worker_respawns_total)
crashes=$(fs_metric keel_worker_crashes_total)
if [ "$codes" = " 400 200;" ]; then
  ok "400 requests with KEEL_MAX_REQUESTS=50 and 2 workers: all 200"
else
  not_ok "400 requests with recycling: statuses $codes"
fi
if [ "$respawns" -ge 6 ] && [ "$crashes" = 0 ]; then
  ok "workers recycled: $respawns orderly replacements, 0 crashes (pids $pids_before-> $pids_after)"
else
  not_ok "expected >= 6 recycles and 0 crashes, got respawns=$respawns crashes=$crashes"
fi

max_connections=$(fs_psql "SHOW max_connections")
too_many=$((max_connections + 10))
rc=0
out=$(env -i PATH="$PATH" DATABASE_URL="$FS_DB_URL" KEEL_ENV=development \
  JWT_SECRET=0123456789abcdef0123456789abcdef KEEL_WORKERS="$too_many" \
  timeout 20 "${KEEL_BIN:-$FS_REPO/$BUILD/keel}" serve --listen "unix:$FS_WORK/refused.sock" 2>&1) || rc=$?
if [ "$rc" = 2 ] && grep -q "KEEL_WORKERS: $too_many workers need" <<<"$out" && [ ! -S "$FS_WORK/refused.sock" ]; then
  ok "KEEL_WORKERS=$too_many (max_connections=$max_connections) refused with exit 2: $(grep KEEL_WORKERS <<<"$out" | head -1)"
else
  not_ok "KEEL_WORKERS=$too_many: exit $rc, output: $(tail -2 <<<"$out")"
fi
fs_finish
