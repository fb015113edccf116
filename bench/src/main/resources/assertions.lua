-- wrk script: POSTs pre-signed private_key_jwt token requests, one body per request, each
-- used once (jti is single-use). Thread n reads lines n, n+T, n+2T, ... of the bodies file.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  local total = tonumber(args[2])
  local n = 0
  for line in io.lines(args[1]) do
    if n % total == id then
      bodies[#bodies + 1] = line
    end
    n = n + 1
  end
  next_body = 0
end

function request()
  next_body = next_body + 1
  if next_body > #bodies then
    next_body = 1 -- out of fresh assertions: replays will show as non-2xx and fail the run
  end
  return wrk.format("POST", "/oauth2/token",
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, bodies[next_body])
end
