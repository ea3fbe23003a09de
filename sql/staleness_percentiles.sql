-- Question: how off-policy is training? Median and 95th percentile of the policy-version lag of
-- trained samples (each learner step's mean lag, weighted by its sample count) and the largest
-- lag, per 1-minute tumbling window of learner steps.
SELECT
  window_start,
  window_end,
  COUNT(*) AS steps,
  PERCENTILE(staleness_mean, 0.5, samples) AS staleness_p50,
  PERCENTILE(staleness_mean, 0.95, samples) AS staleness_p95,
  MAX(staleness_max) AS staleness_max
FROM TABLE(TUMBLE(TABLE learner_steps, DESCRIPTOR(ts_ltz), INTERVAL '1' MINUTE))
WHERE samples > 0
GROUP BY window_start, window_end
