-- The load run's script for wrk (bench/load.py starts it).
--
-- args[1]: a file of "cookie<TAB>path" lines, one a virtual user's request;
-- each wrk thread goes through all of them in turn, starting at its own
-- offset, so every persona and URL is requested evenly. At the end, one line
-- of JSON with what bench/load.py reports (latencies in microseconds).

local requests = {}
local turn = 0

function setup(thread)
  thread:set("offset", thread_count or 0)
  thread_count = (thread_count or 0) + 1
end

function init(args)
  for line in io.lines(args[1]) do
    local cookie, path = line:match("^([^\t]*)\t(.+)$")
    local headers = {}
    if cookie ~= "" then headers["Cookie"] = cookie end
    table.insert(requests, wrk.format("GET", path, headers))
  end
  turn = (offset or 0) * 7
end

function request()
  turn = turn + 1
  return requests[(turn % #requests) + 1]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "status_errors": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
