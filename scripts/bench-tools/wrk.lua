-- wrk script of `make bench` (scripts/bench): builds the requests of one workload, rotates
-- the bearer tokens or login accounts over the wrk threads and connections, and prints one
-- machine-readable line at the end:
--   BENCH_RESULT {"requests":…,"duration_us":…,"rps":…,"p50_us":…,"p99_us":…,…}
-- Configured through the environment (wrk passes no options to a script's threads):
--   BENCH_MODE      get | bearer_get | bearer_post | login
--   BENCH_PATH      request path, e.g. /api/v1/tasks?page=1&limit=20&sort=-created_at
--   BENCH_TOKENS    file with one access token per line (bearer_get, bearer_post)
--   BENCH_BODY      request body (bearer_post), sent as application/json
--   BENCH_USERS     number of accounts bench-1..N@bench.test (login)
--   BENCH_PASSWORD  their password (login)
-- There is deliberately no response() hook: with one, wrk hands every body to Lua, which
-- costs more CPU per request than some of the floors (measured: 0.040 against 0.027 ms of
-- wrk CPU per W1 request), CPU taken from the server on a 2-core machine. wrk itself counts
-- statuses >= 400 (status_errors); scripts/bench counts every non-2xx answer from nginx's
-- access log instead.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

local function json_escape(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end))
end

function init(args)
  local mode = os.getenv("BENCH_MODE") or "get"
  local path = os.getenv("BENCH_PATH") or "/"
  reqs = {}
  if mode == "get" then
    reqs[1] = wrk.format("GET", path)
  elseif mode == "bearer_get" or mode == "bearer_post" then
    local file = assert(io.open(os.getenv("BENCH_TOKENS"), "r"))
    local body = os.getenv("BENCH_BODY") or ""
    for token in file:lines() do
      if token ~= "" then
        local headers = { ["Authorization"] = "Bearer " .. token }
        if mode == "bearer_get" then
          reqs[#reqs + 1] = wrk.format("GET", path, headers)
        else
          headers["Content-Type"] = "application/json"
          reqs[#reqs + 1] = wrk.format("POST", path, headers, body)
        end
      end
    end
    file:close()
  elseif mode == "login" then
    local users = tonumber(os.getenv("BENCH_USERS") or "1")
    local password = json_escape(os.getenv("BENCH_PASSWORD") or "")
    local headers = { ["Content-Type"] = "application/json" }
    for n = 1, users do
      local body = string.format('{"email":"bench-%d@bench.test","password":"%s"}', n, password)
      reqs[#reqs + 1] = wrk.format("POST", path, headers, body)
    end
  else
    error("unknown BENCH_MODE " .. mode)
  end
  assert(#reqs > 0, "no requests built (empty token file?)")
  -- Threads start at different places in the rotation.
  next_index = ((tid or 1) - 1) * 499 % #reqs
end

function request()
  next_index = next_index % #reqs + 1
  return reqs[next_index]
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,' ..
    '"p99_us":%d,"max_us":%d,"mean_us":%.1f,"status_errors":%d,"socket_errors":%d,' ..
    '"timeouts":%d}\n',
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, e.status, e.connect + e.read + e.write, e.timeout))
end
