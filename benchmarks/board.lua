-- wrk script: reads the public leaderboard, as the challenge page's visitors do.
function done(summary, latency, requests)
  io.write(string.format("RESULT reads=%d errors=%d seconds=%.2f p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
