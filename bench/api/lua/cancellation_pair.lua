-- Scenario (b): buyer POST /v1/buyer/orders/{n}/after-sales/cancellation, then seller
-- POST /v1/after-sales/{id}/approve, each order once. Run with one connection per wrk thread
-- (-t N -c N): wrk's request()/response() are per thread, so this makes them per connection.
-- Env: BENCH_LUA_DIR, BENCH_SELLER_KEY, BENCH_BUYER_KEYS (file, one key per line), BENCH_FIRST
-- (number of the first seeded order, for the buyer of an order), BENCH_START, BENCH_COUNT
-- (the orders of this run), BENCH_RUN (makes Idempotency-Keys unique), BENCH_OUT.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

function init(args)
  nthreads = tonumber(os.getenv("BENCH_THREADS"))
  first = tonumber(os.getenv("BENCH_FIRST"))
  start = tonumber(os.getenv("BENCH_START"))
  count = tonumber(os.getenv("BENCH_COUNT"))
  run = os.getenv("BENCH_RUN")
  seller_auth = "Bearer " .. os.getenv("BENCH_SELLER_KEY")
  buyer_keys = common.read_lines(os.getenv("BENCH_BUYER_KEYS"))
  body = '{"reason":"changed_mind"}'
  k = 0            -- this thread's k-th order: start + (tid - 1) + k * nthreads
  phase = "request"
  request_id = nil
  pair_started, sent_at = 0, 0
  first_sent, last_done = 0, 0
  pairs_ok, requests_ok, approvals_ok, exhausted = 0, 0, 0, false
  statuses = {}     -- "phase:status" -> count, for non-2xx answers
  pair_us, request_us, approve_us = {}, {}, {}
end

local function current_number()
  local index = (tid - 1) + k * nthreads
  if index >= count then return nil end
  return start + index
end

function request()
  -- Called once more than needed at start-up (wrk checks the script): it must not advance.
  local number = current_number()
  if number == nil then
    exhausted = true
    wrk.thread:stop()
    return wrk.format("GET", "/v1/orders/" .. start, { ["Authorization"] = seller_auth })
  end
  sent_at = common.now_us()
  if first_sent == 0 then first_sent = sent_at end
  if phase == "request" then
    pair_started = sent_at
    local buyer = buyer_keys[((number - first) % #buyer_keys) + 1]
    return wrk.format("POST", "/v1/buyer/orders/" .. number .. "/after-sales/cancellation", {
      ["Authorization"] = "Bearer " .. buyer,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = run .. "-r-" .. number,
    }, body)
  end
  return wrk.format("POST", "/v1/after-sales/" .. request_id .. "/approve", {
    ["Authorization"] = seller_auth,
    ["Idempotency-Key"] = run .. "-a-" .. number,
  })
end

local function count_status(status)
  local key = phase .. ":" .. status
  statuses[key] = (statuses[key] or 0) + 1
end

function response(status, _headers, response_body)
  local finished = common.now_us()
  local ok = status >= 200 and status < 300
  if phase == "request" then
    if ok then
      request_id = string.match(response_body or "", '"id"%s*:%s*(%d+)')
    end
    if ok and request_id then
      requests_ok = requests_ok + 1
      request_us[#request_us + 1] = finished - sent_at
      phase = "approve"
      return
    end
    count_status(status)
  else
    if ok then
      approvals_ok = approvals_ok + 1
      pairs_ok = pairs_ok + 1
      approve_us[#approve_us + 1] = finished - sent_at
      pair_us[#pair_us + 1] = finished - pair_started
    else
      count_status(status)
    end
  end
  last_done = finished
  phase = "request"
  k = k + 1
end

function done(summary, _latency, _requests)
  local out = {
    duration_us = summary.duration,
    requests = summary.requests,
    errors = common.summary_errors(summary),
    pairs_ok = 0, requests_ok = 0, approvals_ok = 0,
    threads_exhausted = 0,
    window_us = 0,
    non_2xx = {},
    pair_us = {}, request_us = {}, approve_us = {},
  }
  local begin, finish = nil, nil
  for _, thread in ipairs(threads) do
    out.pairs_ok = out.pairs_ok + thread:get("pairs_ok")
    out.requests_ok = out.requests_ok + thread:get("requests_ok")
    out.approvals_ok = out.approvals_ok + thread:get("approvals_ok")
    if thread:get("exhausted") then out.threads_exhausted = out.threads_exhausted + 1 end
    local s, f = thread:get("first_sent"), thread:get("last_done")
    if s > 0 and (begin == nil or s < begin) then begin = s end
    if f > 0 and (finish == nil or f > finish) then finish = f end
    for key, n in pairs(thread:get("statuses")) do out.non_2xx[key] = (out.non_2xx[key] or 0) + n end
    for _, name in ipairs({ "pair_us", "request_us", "approve_us" }) do
      local target = out[name]
      for _, v in ipairs(thread:get(name)) do target[#target + 1] = v end
    end
  end
  if begin and finish then out.window_us = finish - begin end
  common.write(os.getenv("BENCH_OUT"), out)
end
