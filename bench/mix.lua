-- wrk script for bench/load.py: rotate through a request mix and report the figures as JSON.
--
--   wrk -t2 -c32 -d60s -s bench/mix.lua http://127.0.0.1:PORT -- MIX_FILE
--
-- MIX_FILE has one request a line, "METHOD<TAB>PATH<TAB>BODY" (BODY is JSON, or empty for a
-- GET). Each wrk thread walks the whole list in order from its own starting point. done()
-- prints one line "BENCH_RESULT {...}" with the counts, errors, latency percentiles (in
-- microseconds) and the responses per HTTP status.

local threads = {}
local requests = {}
local next_index = 1
statuses = {}  -- global, so done() can read every thread's copy with thread:get()

function setup(thread)
   thread:set("thread_no", #threads)
   table.insert(threads, thread)
end

function init(args)
   local path = args[1] or error("usage: wrk ... -s mix.lua URL -- MIX_FILE")
   for line in io.lines(path) do
      local method, target, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
      if not method then error("bad line in " .. path .. ": " .. line) end
      local headers = {}
      if body == "" then
         body = nil
      else
         headers["Content-Type"] = "application/json"
      end
      table.insert(requests, wrk.format(method, target, headers, body))
   end
   if #requests == 0 then error("no requests in " .. path) end
   -- Threads start far apart (7919 is prime): with a list of distinct views, two threads
   -- walking it a few requests apart would ask for the same view twice within a worker's
   -- view cache, and "never seen" would be partly cached (bench/pageload.py).
   next_index = (thread_no * 7919) % #requests + 1
end

function request()
   local req = requests[next_index]
   next_index = next_index % #requests + 1
   return req
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
   local by_status = {}
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses") or {}) do
         by_status[status] = (by_status[status] or 0) + n
      end
   end
   local parts = {}
   for status, n in pairs(by_status) do
      table.insert(parts, string.format('"%d":%d', status, n))
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"p50":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.1f},"statuses":{%s}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max, latency.mean, table.concat(parts, ",")))
end
