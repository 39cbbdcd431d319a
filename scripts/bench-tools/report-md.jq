# Renders the JSON report of `make bench` (scripts/bench-tools/report.jq) as Markdown: the
# table, the targets, the worker-count sweep, RSS and the callgrind profile.
# Called as jq -r -f report-md.jq bench-….json.

def num: if . == null then "—" else tostring end;
def pct: if . == null then "—" else "\(. * 100 | round) %" end;
def thousands: def g: if length > 3 then (.[:-3] | g) + "," + .[-3:] else . end; floor | tostring | g;
def mib: if . == null then "—" else "\(. / 1024 * 10 | round / 10)" end;

"# keel bench \(.generated)\(if .smoke then " (smoke)" else "" end)",
"",
"keel \(.keel | sub("^keel "; "")), git \(.git)\(if .uncommitted_files > 0 then " + \(.uncommitted_files) uncommitted files" else "" end). " +
"\(.machine.cores) cores, load average \(.machine.load_start) at start, \(.machine.load_end) at end " +
"(1/5/15 min; the load column is the 1-min average when each point started). " +
"\(.seconds_per_point) s per point; \(.client); keel with \(.workers) workers.",
"",
(if (.rows | length) > 0 then
"| workload | conns | 2xx/s | p50 ms | p99 ms | non-2xx | floor 2xx/s | ratio to floor | target: met? | load |",
"|---|--:|--:|--:|--:|--:|--:|--:|---|--:|",
(.rows[] | "| \(.workload) | \(.conns) | \(.rps) | \(.p50_ms) | \(.p99_ms) | \(.non2xx) | \(.floor_rps | num) | \(.ratio | pct) | " +
  ([.targets[]? | "\(.short): \(if .met then "yes" else "**no**" end)"] | join("; ")) + " | \(.load1) |"),
"",
"Floors: W1 and W2 against (a), W4 against (b); W3 has none (one Argon2id hash per request).",
"2xx/s counts only successful answers (for pgbench, transactions); non-2xx counts the other",
"answers nginx logged for the path, plus socket errors and timeouts (wrk --timeout 10 s), but",
"not the requests still in flight when wrk stopped (nginx logs those as 499); for pgbench,",
"failed transactions. p50/p99 are over all answers.",
""
 else empty end),
(if (.pass_targets.targets | length) > 0 then
  "## Targets of \(.pass_targets.pass): before → now", "",
  "| target | before | now | target | met |", "|---|--:|--:|--:|:-:|",
  (.pass_targets.targets[] | "| \(.what) | \(.before_text) | \(.now_text // "not measured in this run") | \(.goal_text) | " +
    (if .met == null then "—" elif .met then "met" else "**not met**" end) + " |"),
  "", "Before: the figures of \(.pass_targets.pass) before its work (scripts/bench-tools/baseline.json).", ""
 else empty end),
(if ([.rows[] | select(.cpu != null)] | length) > 0 then
"## Where the CPU went (ms of CPU per request, user + system)", "",
"From /proc: each component's processes and the children they reaped (recycled workers,",
"exited backends). `rest` is everything else that ran meanwhile: the load generator (wrk or",
"pgbench) and any other work on the machine; `busy` is the share of both cores in use.", "",
"| workload | conns | keel | nginx | postgres | fcgi_hello | rest | busy |",
"|---|--:|--:|--:|--:|--:|--:|--:|",
(.rows[] | select(.cpu != null) |
  "| \(.workload) | \(.conns) | \(.cpu.keel | num) | \(.cpu.nginx | num) | \(.cpu.postgres | num) | \(.cpu.fcgi_hello | num) | \(.cpu.rest | num) | \(.cpu.machine_busy_pct | num) % |"),
""
 else empty end),
(if (.signin | length) > 0 then
  "## Sign-in: Argon2id settings (logins/s and W1 during sign-ins)", "",
  "Each measured row: keel restarted with that KEEL_ARGON2_MEMORY_KIB / KEEL_ARGON2_TIME and every",
  "bench user's hash made at it; W3 = logins at 16 connections, W1 = the task list at 16",
  "connections, alone and while W3 runs. Hashing runs in the sign-in pool (nice 10, every CPU but",
  "the first, KEEL_HASH_CONCURRENCY at once). `hash alone`: one hash with libargon2 only, pinned",
  "to the last CPU, median of \(.signin[0].hash.hashes // 0). m × t: memory times passes (OWASP's",
  "equivalent settings are all about 35–46 MiB·passes).", "",
  "| m (KiB) | t | m × t (MiB·passes) | hash alone ms | logins/s | login p50 ms | login non-2xx | logins/s with W1 | W1 2xx/s alone → during | W1 p99 ms alone → during | × | load |",
  "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  (.signin[] | "| \(.memory_kib)\(if .note != "" then " (\(.note))" else "" end) | \(.time) | \(.mib_passes) | \(.hash.median_ms | num) | " +
    (if .refused != null then "refused by keel's configuration: \(.refused | sub("^keel: configuration error: "; "")) | | | | | | | |"
     elif .logins_per_s == null then "not measured | | | | | | | |"
     else "**\(.logins_per_s)** | \(.login_p50_ms) | \(.login_non2xx) | \(.logins_per_s_with_w1) | \(.w1_alone_rps) → \(.w1_during_rps) | \(.w1_alone_p99_ms) → **\(.w1_during_p99_ms)** | \(.w1_p99_ratio | num) | \(.load1) |" end)),
  "", "Each measured cell: the mean of \([.signin[].rounds] | max) round(s) (settings in order, then in reverse).", ""
 else empty end),
(if (.targets | length) > 0 then
  "## Targets of issue 6", "", "| target | measured | met |", "|---|--:|:-:|",
  (.targets[] | "| \(.target) | \(.value) | \(if .met then "yes" else "**no**" end) |"), "",
  "wrk is a closed loop: each connection waits for its answer, so the mean latency is",
  "connections / throughput (Little's law). A p99 of 10 ms at 64 connections needs at",
  "least 6,400 req/s, whatever the code does.", ""
 else empty end),
(if (.sweep | length) > 0 and ([.sweep[].by_workers | length] | max) > 1 then
  "## Worker count (KEEL_WORKERS)", "",
  "| workload | conns | " + ([.sweep[0].by_workers[].workers | "\(.) workers"] | join(" | ")) + " | best |",
  "|---|--:|" + ([.sweep[0].by_workers[] | "--:"] | join("|")) + "|--:|",
  (.sweep[] | "| \(.workload) | \(.conns) | " +
    ([.by_workers[] | "\(.rps) 2xx/s, p99 \(.p99_ms) ms"] | join(" | ")) + " | \(.best_workers) |"),
  "", "Each cell: the mean of \(.sweep[0].by_workers[0].rounds) points (the counts in order, then in reverse).", ""
 else empty end),
"## Memory (MiB, from /proc/PID/status and smaps_rollup)", "",
"VmRSS counts every resident page the process maps, shared libraries included; RssAnon is",
"its private heap and stacks; Pss shares each shared page among the processes using it.", "",
"| when | process | VmRSS | RssAnon | Pss |", "|---|---|--:|--:|--:|",
(.rss | to_entries[] | select(.value != null) | .key as $when |
  (.value.master | "| \($when | sub("_"; " ")) | master | \(.vmrss_kib | mib) | \(.rssanon_kib | mib) | \(.pss_kib | mib) |"),
  (.value.workers[] | "| \($when | sub("_"; " ")) | worker \(.pid) | \(.vmrss_kib | mib) | \(.rssanon_kib | mib) | \(.pss_kib | mib) |")),
"",
(if (.profile | length) > 0 then
  "## callgrind (one worker, instructions per request, waiting for PostgreSQL excluded)", "",
  (.profile | to_entries[] |
    "**\(.key)**: \(.value.per_request | thousands) instructions per request (mean of \(.value.requests) requests).", "",
    "| self instructions / request | function |", "|--:|---|",
    (.value.top_self[:15][] | "| \(.per_request | thousands) | `\(.function)` |"), "",
    "| inclusive instructions / request | function |", "|--:|---|",
    (.value.top_inclusive[:25][] | "| \(.per_request | thousands) | `\(.function)` |"), "")
 else empty end)
