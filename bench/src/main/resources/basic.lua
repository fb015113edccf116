-- wrk script: client_credentials with client_secret_basic (credentials given as args).
function init(args)
  path = args[1]
  auth = args[2]
  body = args[3]
end

function request()
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. auth
  }, body)
end
