-- wrk script: GET the comparison of a random indicator x period among every body, placing a
-- random body, signed in with the session cookie.
-- Environment: PVF_COOKIE, PVF_INDICATORS (IND00001..), PVF_YEARS (2000-01..),
-- PVF_FIRST_BODY and PVF_LAST_BODY (body id range).
local cookie = os.getenv("PVF_COOKIE")
local indicators = tonumber(os.getenv("PVF_INDICATORS"))
local years = tonumber(os.getenv("PVF_YEARS"))
local first_body = tonumber(os.getenv("PVF_FIRST_BODY"))
local last_body = tonumber(os.getenv("PVF_LAST_BODY"))
math.randomseed(os.time())

request = function()
  local year = 2000 + math.random(0, years - 1)
  local path = string.format("/api/v1/indicators/IND%05d/comparison?period=%d-%02d&group=all&body=%d",
    math.random(1, indicators), year, (year + 1) % 100, math.random(first_body, last_body))
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests_per_sec=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors))
end
