# Builds the JSON report of `make bench` (scripts/bench) from the measured points, the RSS
# snapshots and the callgrind profile: the main table with each workload's ratio to its
# floor, the worker-count sweep and its best counts, and the targets of issue 6 (met or not).
# It also gives each target of issue 18 as before -> now (the before figures from
# baseline.json, the only place they are kept) and the sign-in section: per Argon2id
# setting, logins/s and W1's p99 during sign-ins.
# Called as jq -n --slurpfile points … --slurpfile rss … --slurpfile profile … --slurpfile flat …
# --slurpfile signin … --slurpfile baseline … -f report.jq.

def ms: . / 1000 | (. * 100 | round) / 100;
def r2: . * 100 | round / 100;
def thousands: def g: if length > 3 then (.[:-3] | g) + "," + .[-3:] else . end; round | tostring | g;
def avg(f): if length == 0 then null else map(f) | add / length end;
def bad: .non2xx + .socket_errors + .timeouts;
def pt($id; $c; $w): [$points[] | select(.phase == "main" and .id == $id and .conns == $c
                                         and (.workers == $w or $w == null))] | last;
def floor_of($id): {"W1": "floor-a-W1", "W2": "floor-a-W2", "W4": "floor-b"}[$id];
def wname($id): {
  "W1": "W1 read: GET /api/v1/tasks?page=1&limit=20&sort=-created_at",
  "W2": "W2 write: POST /api/v1/tasks",
  "W3": "W3 login: POST /api/v1/auth/login (Argon2id)",
  "W4": "W4 health: GET /health",
  "floor-a-W1": "floor (a) pgbench: W1's statements",
  "floor-a-W2": "floor (a) pgbench: W2's statements",
  "floor-b": "floor (b) nginx + libfcgi hello (1 KiB)",
  "floor-c": "floor (c) nginx static 1 KiB"}[$id];
def row($p; $floor):
  {id: $p.id, workload: wname($p.id), conns: $p.conns, workers: $p.workers,
   rps: (($p.ok_rps // $p.rps) | round), answers_per_s: ($p.rps | round),
   p50_ms: ($p.p50_us | ms), p99_ms: ($p.p99_us | ms),
   non2xx: ($p | bad), requests: $p.requests, load1: $p.load1, cpu: $p.cpu_ms_per_request}
  + (if $floor == null then {} else
       {floor: $floor.id, floor_rps: ($floor.rps | round),
        ratio: (($p.ok_rps // $p.rps) / ($floor.ok_rps // $floor.rps) * 1000 | round / 1000)} end);

($profile[0] // {}) as $prof
| [$rss[] | select(.when == "after-load")] | last as $idle
| [$rss[] | select(.when == "start")] | last as $start
| [$rss[] | select(.when == "flat-start")] | last as $flat_start
| [$rss[] | select(.when == "flat-end")] | last as $flat_end
| ($flat[0] // {}) as $flat_count
| (if $flat_start != null and $flat_end != null then
     [$flat_start.workers[] as $a | $flat_end.workers[] | select(.pid == $a.pid)
      | .vmrss_kib - $a.vmrss_kib] | max
   else null end) as $flat_growth
| ([["W1", "W2", "W3", "W4"][] as $id | [16, 64][] as $c | pt($id; $c; $workers)
    | select(. != null) | row(.; (floor_of(.id) as $f | if $f then pt($f; $c; null) else null end))]
   + [["floor-a-W1", "floor-a-W2", "floor-b", "floor-c"][] as $id | [16, 64][] as $c
      | pt($id; $c; null) | select(. != null) | row(.; null)]) as $rows
| def r($id; $c): [$rows[] | select(.id == $id and .conns == $c)] | first;
  [["W1", "W2", "W4"][] as $id | [16, 64][] as $c
    | [$points[] | select(.phase == "sweep" and .id == $id and .conns == $c)] | select(length > 0)
    | {workload: $id, conns: $c,
       by_workers: (group_by(.workers) | map({workers: .[0].workers, rounds: length,
                      rps: (map(.ok_rps // .rps) | add / length | round),
                      p50_ms: (map(.p50_us) | add / length | ms),
                      p99_ms: (map(.p99_us) | add / length | ms),
                      non2xx: (map(bad) | add), load1: (map(.load1) | add / length * 100 | round / 100)})),
       best_workers: (group_by(.workers) | max_by(map(.ok_rps // .rps) | add / length) | .[0].workers)}] as $sweep
| ($idle.workers // [] | map(.vmrss_kib) | max) as $idle_max
| [
    (r("W1"; 16) | select(.ratio != null) |
      {target: "W1 >= 50 % of floor (a) at 16 connections", short: ">= 50 % of (a)", rows: [["W1", 16]],
       value: "\(.ratio * 100 | round) %", met: (.ratio >= 0.5)}),
    (r("W1"; 64) | select(. != null) |
      {target: "W1 p99 <= 10 ms at 64 connections", short: "p99 <= 10 ms", rows: [["W1", 64]],
       value: "\(.p99_ms) ms", met: (.p99_ms <= 10)}),
    ([$rows[] | select(.id == "W1")] | select(length > 0) |
      {target: "W1 0 non-2xx", short: "0 non-2xx", rows: map([.id, .conns]),
       value: "\(map(.non2xx) | add)", met: ((map(.non2xx) | add) == 0)}),
    ([16, 64][] as $c | r("W2"; $c) | select(.ratio != null) |
      {target: "W2 >= 50 % of floor (a) at \($c) connections", short: ">= 50 % of (a)", rows: [["W2", $c]],
       value: "\(.ratio * 100 | round) %", met: (.ratio >= 0.5)}),
    ([16, 64][] as $c | r("W4"; $c) | select(.ratio != null) |
      {target: "W4 >= 70 % of floor (b) at \($c) connections", short: ">= 70 % of (b)", rows: [["W4", $c]],
       value: "\(.ratio * 100 | round) %", met: (.ratio >= 0.7)}),
    (select($idle_max != null) |
      {target: "idle worker RSS <= 8 MiB (after the load, largest worker VmRSS)", rows: [],
       value: "\($idle_max / 1024 * 10 | round / 10) MiB", met: ($idle_max <= 8192)}),
    (select($flat_growth != null) |
      {target: "worker RSS flat over \($flat_count.goal // 0) requests, recycling off (largest growth of one worker)",
       rows: [], value: "\($flat_growth) KiB over \($flat_count.served // 0) requests",
       met: ($flat_growth <= 256 and ($flat_count.served // 0) >= ($flat_count.goal // 0))})
  ] as $targets
| ($baseline[0] // {targets: []}) as $base
| def now_of($id):
    def floor_ratio: select(. != null and .ratio != null)
      | {value: .ratio, text: "\(.rps | thousands) req/s = \(.ratio * 1000 | round / 10) %"};
    if $id == "w1_floor_16" then r("W1"; 16) | floor_ratio
    elif $id == "w2_floor_16" then r("W2"; 16) | floor_ratio
    elif $id == "w4_floor_16" then r("W4"; 16) | floor_ratio
    elif $id == "w1_p99_over_mean_16" then
      r("W1"; 16) | select(. != null and .rps > 0) | (16 / .rps * 1000) as $mean
      | (.p99_ms / $mean | r2) as $x
      | {value: $x, text: "\(.p99_ms) ms vs \($mean | r2) ms = \($x)×"}
    elif $id == "w1_instructions" then $prof.W1 | select(. != null)
      | {value: .per_request, text: (.per_request | thousands)}
    elif $id == "w4_instructions" then $prof.W4 | select(. != null)
      | {value: .per_request, text: (.per_request | thousands)}
    else empty end;
  [$base.targets[] | ([now_of(.id)] | first) as $now
   | {id, what, before: .before, before_text, op, goal,
      goal_text: ((if .op == ">=" then "≥ " else "≤ " end) +
                  (if .kind == "ratio" then "\(.goal * 100 | round) %"
                   elif .kind == "x" then "\(.goal)×" else (.goal | thousands) end)),
      now: $now.value, now_text: $now.text,
      met: (if $now == null then null elif .op == ">=" then $now.value >= .goal
            else $now.value <= .goal end)}] as $pass_targets
| [$signin[] | . as $s
   | [$points[] | select(.phase == "signin" and .memory_kib == $s.memory_kib and .time == $s.time)] as $ps
   | ($ps | map(select(.id == "W3" and .with == "alone"))) as $w3
   | ($ps | map(select(.id == "W3" and .with == "together"))) as $w3t
   | ($ps | map(select(.id == "W1" and .with == "alone"))) as $w1
   | ($ps | map(select(.id == "W1" and .with == "together"))) as $w1t
   | $s + {mib_passes: ($s.memory_kib / 1024 * $s.time | r2), rounds: ($w3 | length)}
   + (if ($w3 | length) == 0 then {} else
       {logins_per_s: ($w3 | avg(.ok_rps) | . * 10 | round / 10),
        login_p50_ms: ($w3 | avg(.p50_us) | ms), login_p99_ms: ($w3 | avg(.p99_us) | ms),
        login_non2xx: ($w3 | map(bad) | add),
        logins_per_s_with_w1: ($w3t | avg(.ok_rps) | . * 10 | round / 10),
        w1_alone_rps: ($w1 | avg(.ok_rps) | round), w1_alone_p99_ms: ($w1 | avg(.p99_us) | ms),
        w1_during_rps: ($w1t | avg(.ok_rps) | round), w1_during_p99_ms: ($w1t | avg(.p99_us) | ms),
        w1_non2xx: ($w1 + $w1t | map(bad) | add),
        load1: ($ps | avg(.load1) | r2)}
       | . + {w1_p99_ratio: (if .w1_alone_p99_ms > 0 then .w1_during_p99_ms / .w1_alone_p99_ms | r2 else null end)}
      end)] as $signin_rows
| [$rows[] | . as $row
    | . + {targets: [$targets[] | select(any(.rows[]; . == [$row.id, $row.conns]))
                     | {short, met}]}] as $rows
| {
    generated: $stamp, smoke: ($smoke == 1), git: $git, uncommitted_files: ($dirty | tonumber),
    keel: $keel,
    machine: {cores: ($cores | tonumber), kernel: $kernel, load_start: $load_start, load_end: $load_end},
    seconds_per_point: $secs, workers: $workers,
    client: "wrk 2 threads over TLS (HTTP/1.1, keep-alive); pgbench -M prepared -j 2",
    rows: $rows, targets: $targets, pass_targets: {pass: $base.pass, targets: $pass_targets},
    signin: $signin_rows, sweep: $sweep,
    rss: {start: $start, after_load: $idle, flat_start: $flat_start, flat_end: $flat_end},
    rss_flat: $flat_count,
    profile: $prof,
    points: $points
  }
