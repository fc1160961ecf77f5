-- wrk script for scripts/bench-cache.sh: a Zipf(s=1)-skewed catalog read mix.
-- 70% product details, 20% category list pages, 10% first pages (with gzip half the time).
local n = tonumber(os.getenv("N_PRODUCTS") or "10000")
local categories = tonumber(os.getenv("N_CATEGORIES") or "2000")
local function cdf(size)
  local c, sum = {}, 0
  for i = 1, size do sum = sum + 1 / i; c[i] = sum end
  for i = 1, size do c[i] = c[i] / sum end
  return c
end
local function draw(c)
  local u, lo, hi = math.random(), 1, #c
  while lo < hi do local mid = math.floor((lo + hi) / 2); if c[mid] < u then lo = mid + 1 else hi = mid end end
  return lo
end
local products, cats
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  products, cats = cdf(n), cdf(categories)
end
function request()
  local r = math.random()
  local path
  if r < 0.7 then
    -- ids are scattered so popularity is not simply "low ids"
    path = "/api/v1/products/" .. ((draw(products) * 7919) % n + 1)
  elseif r < 0.9 then
    path = "/api/v1/products?category=" .. draw(cats)
  else
    path = "/api/v1/products"
  end
  if math.random() < 0.5 then
    return wrk.format("GET", path, {["Accept-Encoding"] = "gzip"})
  end
  return wrk.format("GET", path)
end
