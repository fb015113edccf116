-- wrk script: one JSON POST with a bearer token, the same body every time (args: path, token, body).
function init(args)
  path = args[1]
  token = args[2]
  body = args[3]
end

function request()
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token
  }, body)
end
