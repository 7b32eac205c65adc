-- wrk script: each request submits the prediction file as one of 20 teams (round robin),
-- and counts the statuses so that the store can be checked afterwards.
local counter = 0
local threads = {}
local tokens = {}
local body

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local f = io.open(args[1], "rb"); body = f:read("*a"); f:close()
  for line in io.lines(args[2]) do
    local token = line:match(",(team_.+)$")
    if token then table.insert(tokens, token) end
  end
  created, refused, limited, other = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("POST", wrk.path, {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "text/csv"}, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 422 then refused = refused + 1
  elseif status == 429 then limited = limited + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c, r, l, o = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("refused"); l = l + t:get("limited"); o = o + t:get("other")
  end
  io.write(string.format("RESULT created=%d refused=%d limited=%d other=%d seconds=%.2f p50_ms=%.1f p99_ms=%.1f\n",
    c, r, l, o, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
