-- wrk script: GET a random assessment's scorecard, signed in with the session cookie.
-- Environment: PVF_COOKIE ("pvf_session=..."), PVF_FIRST_ID and PVF_LAST_ID.
local cookie = os.getenv("PVF_COOKIE")
local first = tonumber(os.getenv("PVF_FIRST_ID"))
local last = tonumber(os.getenv("PVF_LAST_ID"))
math.randomseed(os.time())

request = function()
  local id = math.random(first, last)
  return wrk.format("GET", "/api/v1/assessments/" .. id .. "/scorecard", {["Cookie"] = cookie})
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests_per_sec=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors))
end
