-- wrk script: GET /api/v1/products/{id} with uniformly random ids in 1..MAX_ID (env, default 1,000,000).
local max_id = tonumber(os.getenv("MAX_ID") or "1000000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/products/" .. math.random(1, max_id))
end
