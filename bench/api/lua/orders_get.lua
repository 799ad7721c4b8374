-- Scenario (a): GET /v1/orders/{number} over random existing order numbers, seller key.
-- Env: BENCH_LUA_DIR, BENCH_SELLER_KEY, BENCH_FIRST, BENCH_COUNT, BENCH_OUT.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

function init(args)
  first = tonumber(os.getenv("BENCH_FIRST"))
  count = tonumber(os.getenv("BENCH_COUNT"))
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_SELLER_KEY") }
  math.randomseed(tid * 7919 + os.time())
  ok = 0
  statuses = {}
end

function request()
  local number = first + math.random(0, count - 1)
  return wrk.format("GET", "/v1/orders/" .. number, headers)
end

function response(status, _headers, _body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
  end
end

function done(summary, latency, _requests)
  local total_ok, other = 0, {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    for status, n in pairs(thread:get("statuses")) do
      other[status] = (other[status] or 0) + n
    end
  end
  common.write(os.getenv("BENCH_OUT"), {
    duration_us = summary.duration,
    requests = summary.requests,
    ok = total_ok,
    non_2xx = other,
    errors = common.summary_errors(summary),
    p50_us = latency:percentile(50),
    p90_us = latency:percentile(90),
    p99_us = latency:percentile(99),
    max_us = latency.max,
    mean_us = latency.mean,
  })
end
